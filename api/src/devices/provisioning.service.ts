/**
 * Provisioning (operators and installers): controllers and meters one by one or from a CSV file, device
 * tokens (shown once, stored hashed; rotated and revoked), and claim codes for the labels customers bind by.
 */
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { parse as parseCsv } from 'csv-parse/sync';
import { Account } from '../accounts/account.entity.js';
import { normalizePhone } from '../accounts/phone.js';
import { UserInputError, because } from '../errors/client-errors.js';
import { provisioningProblemText, type ProvisioningProblem, type ProvisioningRule } from '../errors/reasons.js';
import { hashSecret, newSecret } from '../security/tokens.js';
import { Binding } from './binding.entity.js';
import { bindUrl, hashClaimCode, newClaimCode } from './claim-codes.js';
import { Controller } from './controller.entity.js';
import { normalizeSerial, SERIAL, serialToFind } from './serials.js';
import { REPORTING_INTERVAL_S } from './device-config.service.js';
import { DeviceToken } from './device-token.entity.js';
import { MeterKind } from './meter-kind.js';
import { Meter } from './meter.entity.js';

export interface NewMeter {
  serial: string;
  kind: MeterKind;
  zones?: number | null;
  phases?: number | null;
  model?: string | null;
  installAddress?: string | null;
  verificationDue?: string | null;
}

export interface NewController {
  serial: string;
  model?: string | null;
  firmware?: string | null;
  reportingIntervalS?: number | null;
  meters: NewMeter[];
}

/** What goes on a device's label: the serial, its claim code, and the link its QR code opens. */
export interface DeviceLabel {
  serial: string;
  kind: 'CONTROLLER' | 'METER';
  claimCode: string;
  bindUrl: string;
}

export interface Provisioned {
  controller: Controller;
  meters: Meter[];
  /** The device token, shown only now. */
  token: string;
  /** Labels of the controller and each meter (empty without a claim key). */
  labels: DeviceLabel[];
}

/** Device tokens carry 192 random bits in 32 URL-safe characters: short enough for a modem's CoAP path. */
export const DEVICE_TOKEN_BYTES = 24;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The problems PROVISIONING_INVALID names at most (a whole wrong file would be thousands). */
const MAX_PROBLEMS = 20;

/** Where a problem of a list of controllers is: a CSV file's line, or the controller's and its meter's places (1-based). */
export type ProblemAt = { line: number; controller?: undefined; meter?: undefined } | { controller: number; meter?: number; line?: undefined };

export interface ProvisioningDeps {
  /** HMAC key of claim codes; without it no claim codes are issued (tests, demo). */
  claimKey?: string;
  publicUrl?: () => string;
  /** Tells the device bridges that a controller's tokens changed (they drop what they cached and tell observing modems). */
  bridges?: { announce(controllerId: number): Promise<void> };
  /** Ends a revoked controller's open warnings at once (without it — the CLI — the API's next sweep does). */
  alerts?: { retired(controllerIds: number[]): Promise<void> };
}

/** The QR code of a label as SVG (what an operator prints). */
export async function labelQrSvg(label: DeviceLabel): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(label.bindUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}

export class ProvisioningService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: ProvisioningDeps = {},
  ) {}

  /** Shorthand kept for demo data and tests: a controller with meters, one flush. */
  createController(serial: string, meters: NewMeter[], model: string | null = null): Promise<Provisioned> {
    return this.provision({ serial, model, meters });
  }

  async provision(input: NewController): Promise<Provisioned> {
    const [result] = await this.provisionAll([input]);
    return result;
  }

  /** Creates all the controllers with their meters in one transaction, or none (every problem named). */
  async provisionAll(given: NewController[], where: (i: number, meter?: number) => ProblemAt = (i, m) => ({ controller: i + 1, ...(m === undefined ? {} : { meter: m + 1 }) })): Promise<Provisioned[]> {
    // Serials are what is printed on labels: compared (and bound) in upper case, without surrounding spaces.
    const inputs = given.map((c) => ({ ...c, serial: c.serial.trim().toUpperCase(), meters: c.meters.map((m) => ({ ...m, serial: m.serial.trim().toUpperCase() })) }));
    const problems: ProvisioningProblem[] = [];
    const problem = (at: ProblemAt, rule: ProvisioningRule, params: Record<string, string | number> = {}) => problems.push({ ...at, rule, params });
    const serials = new Map<string, ProblemAt>();
    const checkSerial = (serial: string, at: ProblemAt) => {
      const first = serials.get(serial);
      if (!SERIAL.test(serial)) problem(at, 'SERIAL_FORMAT', { serial });
      else if (first) problem(at, 'SERIAL_REPEATED', { serial, ...(first.line !== undefined ? { firstLine: first.line } : { firstController: first.controller! }) });
      else serials.set(serial, at);
    };
    inputs.forEach((c, i) => {
      checkSerial(c.serial, where(i));
      const interval = c.reportingIntervalS ?? 900;
      const { min, max } = REPORTING_INTERVAL_S;
      if (!Number.isInteger(interval) || interval < min || interval > max) problem(where(i), 'REPORTING_INTERVAL', { min, max });
      c.meters.forEach((m, j) => {
        const at = where(i, j);
        checkSerial(m.serial, at);
        if (!Object.values(MeterKind).includes(m.kind)) problem(at, 'METER_KIND');
        const electric = m.kind === MeterKind.ELECTRICITY;
        if (m.zones != null && (!Number.isInteger(m.zones) || m.zones < 1 || m.zones > 3 || (!electric && m.zones !== 1))) problem(at, 'ZONES');
        if (m.phases != null && (![1, 3].includes(m.phases) || (!electric && m.phases !== 1))) problem(at, 'PHASES');
        if (m.verificationDue && (!DATE.test(m.verificationDue) || Number.isNaN(Date.parse(m.verificationDue)))) problem(at, 'VERIFICATION_DATE');
      });
    });
    if (serials.size) {
      const taken = [
        ...(await this.em.find(Controller, { serial: { $in: [...serials.keys()] } })).map((c) => c.serial),
        ...(await this.em.find(Meter, { serial: { $in: [...serials.keys()] } })).map((m) => m.serial),
      ];
      for (const serial of taken) problem(serials.get(serial)!, 'SERIAL_TAKEN', { serial });
    }
    if (problems.length) {
      const shown = problems.slice(0, MAX_PROBLEMS);
      const more = problems.length - shown.length;
      const why = because('PROVISIONING_INVALID', { problems: shown.map(provisioningProblemText).join('\n'), ...(more ? { more } : {}) });
      throw new UserInputError(why, 'input', { problems: shown });
    }

    return this.em.transactional(async (em) => {
      const results: Provisioned[] = [];
      for (const input of inputs) {
        const controller = new Controller(input.serial);
        controller.model = input.model?.trim() || null;
        controller.firmware = input.firmware?.trim() || null;
        controller.reportingIntervalS = input.reportingIntervalS ?? 900;
        const token = newSecret(DEVICE_TOKEN_BYTES);
        em.persist(controller);
        em.persist(new DeviceToken(controller, hashSecret(token)));
        const labels: DeviceLabel[] = [];
        const label = (serial: string, kind: DeviceLabel['kind']) => {
          if (!this.deps.claimKey) return null;
          const claimCode = newClaimCode();
          labels.push({ serial, kind, claimCode, bindUrl: bindUrl(this.deps.publicUrl?.() ?? '', serial, claimCode) });
          return hashClaimCode(this.deps.claimKey, serial, claimCode.replace('-', ''));
        };
        controller.claimCodeHash = label(controller.serial, 'CONTROLLER');
        const meters = input.meters.map((m) => {
          const meter = new Meter(m.serial, m.kind, controller);
          meter.zones = m.zones ?? 1;
          meter.phases = m.phases ?? 1;
          meter.model = m.model?.trim() || null;
          meter.installAddress = m.installAddress?.trim() || null;
          meter.verificationDue = m.verificationDue || null;
          meter.claimCodeHash = label(meter.serial, 'METER');
          em.persist(meter);
          return meter;
        });
        results.push({ controller, meters, token, labels });
      }
      await em.flush();
      return results;
    });
  }

  /**
   * A CSV file, one row per meter (the controller's columns repeated):
   * controller_serial,controller_model,firmware,reporting_interval_s,meter_serial,meter_kind,meter_model,zones,phases,install_address,verification_due
   * A controller without meters is a row with empty meter columns. Comma or semicolon separated.
   */
  async importCsv(text: string): Promise<Provisioned[]> {
    let rows: Array<Record<string, string>>;
    try {
      const delimiter = (text.split('\n')[0] ?? '').includes(';') ? ';' : ',';
      rows = parseCsv(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, delimiter, bom: true });
    } catch (err) {
      throw new UserInputError(because('CSV_UNREADABLE', { detail: (err as Error).message }), 'csv');
    }
    if (!rows.length) throw new UserInputError(because('CSV_EMPTY'), 'csv');
    if (!('controller_serial' in rows[0])) throw new UserInputError(because('CSV_NO_SERIAL_COLUMN'), 'csv');
    const byController = new Map<string, { input: NewController; line: number; meterLines: number[] }>();
    rows.forEach((r, i) => {
      const line = i + 2; // header is line 1
      const serial = (r.controller_serial ?? '').toUpperCase();
      let entry = byController.get(serial);
      if (!entry) {
        const interval = r.reporting_interval_s ? Number(r.reporting_interval_s) : null;
        entry = { input: { serial, model: r.controller_model, firmware: r.firmware, reportingIntervalS: interval, meters: [] }, line, meterLines: [] };
        byController.set(serial, entry);
      }
      if (r.meter_serial) {
        entry.input.meters.push({
          serial: r.meter_serial.toUpperCase(),
          kind: (r.meter_kind ?? '').toUpperCase() as MeterKind,
          model: r.meter_model,
          zones: r.zones ? Number(r.zones) : null,
          phases: r.phases ? Number(r.phases) : null,
          installAddress: r.install_address,
          verificationDue: r.verification_due || null,
        });
        entry.meterLines.push(line);
      }
    });
    const entries = [...byController.values()];
    return this.provisionAll(
      entries.map((e) => e.input),
      (i, m) => ({ line: m === undefined ? entries[i].line : entries[i].meterLines[m] }),
    );
  }

  /** A new device token; the old ones stop working at once. */
  async rotateToken(serialInput: string): Promise<{ token: string; controller: Controller }> {
    const controller = await this.controller(serialInput);
    await this.em.nativeUpdate(DeviceToken, { controller, revokedAt: null }, { revokedAt: new Date() });
    const token = newSecret(DEVICE_TOKEN_BYTES);
    this.em.persist(new DeviceToken(controller, hashSecret(token)));
    await this.em.flush();
    // Bridges drop what they cached of the old token and tell observing modems.
    await this.deps.bridges?.announce(controller.id);
    return { token, controller };
  }

  /** Takes a controller out of service: its tokens stop working and it can no longer be bound. */
  async revoke(serialInput: string): Promise<Controller> {
    const controller = await this.controller(serialInput);
    controller.revoke();
    await this.em.nativeUpdate(DeviceToken, { controller, revokedAt: null }, { revokedAt: new Date() });
    await this.em.flush();
    await this.deps.bridges?.announce(controller.id);
    // Revoked it is; should ending its warnings fail, the alert sweep ends them (as RETIRED too) within minutes.
    await this.deps.alerts?.retired([controller.id]).catch(() => undefined);
    return controller;
  }

  /**
   * Controllers whose serial, or one of whose meters' serials, starts with `search` (all when empty), or — when
   * `search` is a phone number — those of the customer with that number; newest first; at most `first` (1–500).
   * With `customer`, only that account's now: bound themselves or through one of their meters (support sees what
   * a customer who writes in has).
   */
  async search(search: string, first: number, customer?: string): Promise<Controller[]> {
    const prefix = search.trim().toUpperCase().replace(/[%_\\]/g, '');
    const where: FilterQuery<Controller> = {};
    if (prefix) {
      // A customer on the phone reads the meter's label, not the modem's — or support has only their number (a callback).
      const viaMeters = await this.em.find(Meter, { serial: { $like: `${prefix}%` }, controller: { $ne: null } }, { fields: ['controller'], limit: 500 });
      const phone = (search.match(/\d/g)?.length ?? 0) >= 10 ? normalizePhone(search) : null;
      const owner = phone ? await this.em.findOne(Account, { phone }, { fields: ['id'] }) : null;
      const ids = [...new Set([...viaMeters.map((m) => m.controller!.id), ...(owner ? await this.controllersOf(owner.id) : [])])];
      where.$or = [{ serial: { $like: `${prefix}%` } }, ...(ids.length ? [{ id: { $in: ids } }] : [])];
    }
    if (customer !== undefined) {
      const account = Number(customer);
      if (!Number.isSafeInteger(account)) return [];
      const ids = await this.controllersOf(account);
      if (!ids.length) return [];
      where.id = { $in: ids };
    }
    return this.em.find(Controller, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 500) });
  }

  /** The controllers an account has now: bound themselves or through one of their meters. */
  private async controllersOf(account: number): Promise<number[]> {
    const bindings = await this.em.find(Binding, { account, unboundAt: null }, { populate: ['meter'] });
    return [...new Set(bindings.map((b) => b.controller?.id ?? b.meter?.controller?.id).filter((id) => id !== undefined))];
  }

  /** A new claim code for a controller or meter (a lost or exposed label); the old code stops working. */
  async issueClaimCode(serialInput: string): Promise<DeviceLabel> {
    if (!this.deps.claimKey) throw new Error('claim codes need a claim key');
    const serial = serialToFind(serialInput);
    const device = serial ? ((await this.em.findOne(Controller, { serial })) ?? (await this.em.findOne(Meter, { serial }))) : null;
    if (!device || !serial) throw new UserInputError(because('DEVICE_SERIAL_NOT_FOUND', { serial: normalizeSerial(serialInput) }), 'serial');
    const claimCode = newClaimCode();
    device.claimCodeHash = hashClaimCode(this.deps.claimKey, serial, claimCode.replace('-', ''));
    await this.em.flush();
    return { serial, kind: device instanceof Controller ? 'CONTROLLER' : 'METER', claimCode, bindUrl: bindUrl(this.deps.publicUrl?.() ?? '', serial, claimCode) };
  }

  private async controller(serialInput: string): Promise<Controller> {
    const serial = serialToFind(serialInput);
    const controller = serial ? await this.em.findOne(Controller, { serial }) : null;
    if (!controller) throw new UserInputError(because('CONTROLLER_SERIAL_NOT_FOUND', { serial: normalizeSerial(serialInput) }), 'serial');
    return controller;
  }
}
