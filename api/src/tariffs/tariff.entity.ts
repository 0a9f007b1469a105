/**
 * Tariffs as stored: a Tariff (a supplier's, or a customer's own for one meter without a supplier) with dated
 * versions. Prices are integers in 1/10000 rouble, charges in kopecks (api/docs/money.md); zone hours and tiers of a
 * version are JSON text (like Submission.valuesJson), checked by the pricing engine's validators before they are
 * stored. `toPricing()` hands the engine exactly what it needs.
 */
import { Collection, Entity, Index, Unique, ManyToOne, OneToMany, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Account } from '../accounts/account.entity.js';
import { Meter } from '../devices/meter.entity.js';
import { Supplier } from '../suppliers/supplier.entity.js';
import { validateElectricityVersion, validateWaterVersion, type ElectricityVersion, type Scheme, type Tariff as PricingTariff, type WaterVersion } from './pricing.js';
import { TariffRuleError } from './tariff-rules.js';

export type TariffResource = 'ELECTRICITY' | 'WATER';

@ObjectType({ description: 'A tariff: a supplier’s, or a customer’s own for one meter without a supplier; priced by its dated versions.' })
@Entity({ tableName: 'tariff' })
@Index({ name: 'tariff_by_meter', properties: ['meter'] })
// One own tariff per customer and meter (supplier tariffs have neither: NULLs never collide), so that two saves at once
// cannot make two (TariffsService.setOwn adds to the one that got in first).
@Unique({ name: 'tariff_own_once', properties: ['owner', 'meter'] })
export class Tariff {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** The supplier offering it; null for a customer's own tariff. */
  @Field(() => Supplier, { nullable: true, description: 'The supplier offering it; null for a customer’s own tariff.' })
  @ManyToOne({ entity: () => Supplier, nullable: true })
  supplier: Rel<Supplier> | null;

  /** A customer's own tariff: its owner and the one meter it prices (only while the meter has no supplier link). */
  @ManyToOne({ entity: () => Account, nullable: true })
  owner: Rel<Account> | null;

  @ManyToOne({ entity: () => Meter, nullable: true })
  meter: Rel<Meter> | null;

  @Property({ type: 'string', length: 16 })
  resource: TariffResource;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  name: string;

  /** IANA zone of the effective dates and zone hours (the supplier's zone for a supplier tariff). */
  @Field(() => String, { description: 'IANA time zone of the effective dates and zone hours.' })
  @Property({ type: 'string', length: 64 })
  timeZone: string;

  @OneToMany({ entity: () => TariffVersion, mappedBy: 'tariff', orderBy: { effectiveFrom: 'asc' } })
  versions = new Collection<TariffVersion>(this);

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  updatedAt: Date;

  private constructor(resource: TariffResource, name: string, timeZone: string, at: Date) {
    this.supplier = null;
    this.owner = null;
    this.meter = null;
    this.resource = resource;
    this.name = Tariff.checkName(name);
    this.timeZone = timeZone;
    this.createdAt = at;
    this.updatedAt = at;
  }

  static ofSupplier(supplier: Supplier, resource: TariffResource, name: string, at: Date): Tariff {
    const t = new Tariff(resource, name, supplier.timeZone, at);
    t.supplier = supplier;
    return t;
  }

  static ownOf(owner: Account, meter: Meter, resource: TariffResource, name: string, timeZone: string, at: Date): Tariff {
    const t = new Tariff(resource, name, timeZone, at);
    t.owner = owner;
    t.meter = meter;
    return t;
  }

  rename(name: string, at: Date): void {
    this.name = Tariff.checkName(name);
    this.touch(at);
  }

  /**
   * Adds a version (or replaces the one with the same effective date). Throws a RangeError with a readable message
   * when the version cannot be priced or does not fit the tariff's resource; the caller maps it to a client error.
   * Versions are never deleted: a price change is a new version, so past costs stay as they were.
   */
  addVersion(spec: ElectricityVersion | WaterVersion, at: Date): TariffVersion {
    const electric = 'scheme' in spec;
    if (electric !== (this.resource === 'ELECTRICITY')) throw new TariffRuleError({ rule: 'RESOURCE_PRICES', resource: this.resource === 'ELECTRICITY' ? 'ELECTRICITY' : 'WATER' });
    if (electric) validateElectricityVersion(spec);
    else validateWaterVersion(spec);
    const existing = this.versions.getItems().find((v) => v.effectiveFrom === spec.effectiveFrom);
    const version = existing ?? new TariffVersion(this, spec.effectiveFrom, at);
    version.set(spec);
    if (!existing) this.versions.add(version);
    this.touch(at);
    return version;
  }

  /**
   * Every change moves `updatedAt` forward, by a millisecond at least (a fixed clock or two changes in one
   * millisecond): it is the stamp by which API processes know their cached copy is stale (tariff-cache.ts).
   */
  private touch(at: Date): void {
    this.updatedAt = new Date(Math.max(at.getTime(), this.updatedAt.getTime() + 1));
  }

  /** What the pricing engine takes (versions must be loaded). */
  toPricing(): PricingTariff<ElectricityVersion> | PricingTariff<WaterVersion> {
    const versions = this.versions.getItems().map((v) => v.toPricing());
    return { timeZone: this.timeZone, versions } as PricingTariff<ElectricityVersion> | PricingTariff<WaterVersion>;
  }

  private static checkName(name: string): string {
    const n = name.trim();
    if (!n || n.length > 200) throw new TariffRuleError({ rule: 'NAME_LENGTH', max: 200 });
    return n;
  }
}

@Entity({ tableName: 'tariff_version' })
@Unique({ name: 'tariff_version_once', properties: ['tariff', 'effectiveFrom'] })
export class TariffVersion {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Tariff })
  tariff: Rel<Tariff>;

  /** YYYY-MM-DD, local to the tariff's zone. */
  @Property({ type: 'string', length: 10 })
  effectiveFrom: string;

  /** single / two-zone / three-zone; null for water. */
  @Property({ type: 'string', length: 16, nullable: true })
  scheme: Scheme | null = null;

  /** ZoneHours[] as JSON (electricity). */
  @Property({ type: 'text', nullable: true })
  zoneHoursJson: string | null = null;

  /** Tier[] as JSON, prices in 1/10000 rouble (electricity). */
  @Property({ type: 'text', nullable: true })
  tiersJson: string | null = null;

  /** Water prices per m³ in 1/10000 rouble. */
  @Property({ type: 'integer', nullable: true })
  coldPrice: number | null = null;

  @Property({ type: 'integer', nullable: true })
  hotPrice: number | null = null;

  @Property({ type: 'integer', nullable: true })
  seweragePrice: number | null = null;

  @Property({ type: 'integer' })
  monthlyChargeKopecks = 0;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(tariff: Tariff, effectiveFrom: string, at: Date) {
    this.tariff = tariff;
    this.effectiveFrom = effectiveFrom;
    this.createdAt = at;
  }

  set(spec: ElectricityVersion | WaterVersion): void {
    this.monthlyChargeKopecks = spec.monthlyChargeKopecks;
    if ('scheme' in spec) {
      this.scheme = spec.scheme;
      this.zoneHoursJson = JSON.stringify(spec.scheme === 'single' ? [] : spec.zoneHours);
      this.tiersJson = JSON.stringify(spec.tiers);
    } else {
      this.coldPrice = spec.cold;
      this.hotPrice = spec.hot;
      this.seweragePrice = spec.sewerage;
    }
  }

  toPricing(): ElectricityVersion | WaterVersion {
    if (this.scheme) {
      return {
        effectiveFrom: this.effectiveFrom,
        scheme: this.scheme,
        zoneHours: JSON.parse(this.zoneHoursJson ?? '[]') as ElectricityVersion['zoneHours'],
        tiers: JSON.parse(this.tiersJson ?? '[]') as ElectricityVersion['tiers'],
        monthlyChargeKopecks: this.monthlyChargeKopecks,
      };
    }
    return { effectiveFrom: this.effectiveFrom, cold: this.coldPrice ?? 0, hot: this.hotPrice ?? 0, sewerage: this.seweragePrice ?? 0, monthlyChargeKopecks: this.monthlyChargeKopecks };
  }
}
