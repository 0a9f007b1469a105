/**
 * The API's deliberate testing entry (`@askue/api/testing`): what the system tests in tests/ use of the API's insides —
 * the harness that starts a real API, and the few services and entities they seed data with directly. Nothing else of
 * src/ is importable from outside the package; add an export here on purpose when a test outside needs one.
 */
export * from './harness.js';
export { Account } from '../src/accounts/account.entity.js';
export { Session } from '../src/accounts/session.entity.js';
export { openDatabase, type Database } from '../src/db/orm.js';
export { AccessService } from '../src/devices/access.service.js';
export { Binding } from '../src/devices/binding.entity.js';
export { DeviceConfigService } from '../src/devices/device-config.service.js';
export { MeterKind } from '../src/devices/meter-kind.js';
export { ProvisioningService } from '../src/devices/provisioning.service.js';
export { reportingPhaseS } from '../src/devices/reporting-phase.js';
export { IngestService } from '../src/ingest/ingest.service.js';
export { QUANTITIES, type Quantity } from '../src/readings/quantity.js';
export { runPartitionMaintenance, weekStart, RETENTION_MARGIN_MS } from '../src/readings/partitions/partition-maintenance.js';
export { ormOptions } from '../src/db/orm.js';
export { MikroORM } from '@mikro-orm/core';
export { ReportService } from '../src/reports/reports.service.js';
export { RollupService } from '../src/reports/rollups.service.js';
export { Resolution } from '../src/reports/time-buckets.js';
export { hashSecret } from '../src/security/tokens.js';
export { CostService } from '../src/tariffs/cost.service.js';
export { TariffsService } from '../src/tariffs/tariffs.service.js';
export { Tariff } from '../src/tariffs/tariff.entity.js';
export type { OutboxEntry } from '../src/delivery/outbox.js';
