/**
 * Device helpers for the browser tests of binding, meter pages, reports and power quality: controllers
 * provisioned through the operator's GraphQL API (the operator global-setup made with the CLI), readings sent
 * as a modem sends them — SenML over real CoAP, block-wise when a pack is larger than a datagram — and the
 * things no API offers, done in the product's SQLite database: moving a binding's start into the past
 * (so that readings sent "yesterday" are the customer's), making a controller's last contact old, and a history
 * of past warnings.
 */
import { randomInt } from 'node:crypto';
import coap from 'coap';
import { database, graphql } from './accounts.js';
import { operator } from './cabinet.js';

export type MeterKind = 'ELECTRICITY' | 'COLD_WATER' | 'HOT_WATER';

export interface NewMeter {
  kind: MeterKind;
  zones?: number;
  phases?: number;
  model?: string;
  installAddress?: string;
  verificationDue?: string;
}

export interface ProvisionedDevices {
  /** The controller's serial, unique to this test. */
  serial: string;
  deviceToken: string;
  claimCode: string;
  /** `/bind?serial=…&code=…`: the path of the label's QR link. */
  bindPath: string;
  meters: Array<{ serial: string; kind: MeterKind; claimCode: string; bindPath: string }>;
}

let operatorToken: Promise<string> | null = null;

function signedInOperator(): Promise<string> {
  operatorToken ??= (async () => {
    const { phone, password } = operator();
    const r = await graphql<{ signIn: { token: string } }>(`mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }`, { p: phone, w: password });
    if (!r.data) throw new Error(`operator sign-in failed: ${JSON.stringify(r.errors)}`);
    return r.data.signIn.token;
  })();
  return operatorToken;
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** A controller with meters, serials unique to this test (`T1234-C`, `T1234-E1`…). */
export async function provisionDevices(meters: NewMeter[], { reportingIntervalS = 900 }: { reportingIntervalS?: number } = {}): Promise<ProvisionedDevices> {
  const prefix = `T${randomInt(100_000, 999_999)}`;
  const input = {
    serial: `${prefix}-C`,
    model: 'Комета NB-IoT',
    firmware: '2.0.1',
    reportingIntervalS,
    meters: meters.map((m, i) => ({ serial: `${prefix}-${m.kind === 'ELECTRICITY' ? 'E' : m.kind === 'COLD_WATER' ? 'CW' : 'HW'}${i + 1}`, ...m })),
  };
  const r = await graphql<{
    provisionController: { deviceToken: string; labels: Array<{ serial: string; claimCode: string; bindUrl: string; kind: string }> };
  }>(
    `mutation($i: NewControllerInput!) { provisionController(input: $i) { deviceToken labels { serial kind claimCode bindUrl } } }`,
    { i: input },
    { token: await signedInOperator() },
  );
  if (!r.data) throw new Error(`provisioning failed: ${JSON.stringify(r.errors)}`);
  const label = (serial: string) => r.data!.provisionController.labels.find((l) => l.serial === serial)!;
  return {
    serial: input.serial,
    deviceToken: r.data.provisionController.deviceToken,
    claimCode: label(input.serial).claimCode,
    bindPath: pathOf(label(input.serial).bindUrl),
    meters: input.meters.map((m) => ({ serial: m.serial, kind: m.kind, claimCode: label(m.serial).claimCode, bindPath: pathOf(label(m.serial).bindUrl) })),
  };
}

/** Binds through the API as the customer with `token`; returns the ids of the meters that became visible. */
export async function bindViaApi(token: string, serial: string, code: string): Promise<Record<string, string>> {
  const r = await graphql<{ bindDevice: { meters: Array<{ id: string; serial: string }> } }>(
    `mutation($s: String!, $c: String!) { bindDevice(serial: $s, code: $c) { meters { id serial } } }`,
    { s: serial, c: code },
    { token },
  );
  if (!r.data) throw new Error(`binding failed: ${JSON.stringify(r.errors)}`);
  return Object.fromEntries(r.data.bindDevice.meters.map((m) => [m.serial, m.id]));
}


/** Moves the start of the current binding of a controller (or meter) `days` into the past. */
export function backdateBinding(serial: string, days: number): void {
  const at = Date.now() - days * 86_400_000;
  database((db) => {
    const changed = db
      .prepare(
        `update binding set bound_at = ? where unbound_at is null and (controller_id in (select id from controller where serial = ?) or meter_id in (select id from meter where serial = ?))`,
      )
      .run(at, serial, serial);
    if (!changed.changes) throw new Error(`no current binding of ${serial}`);
  });
}

/** Makes a controller look as if it was last heard from `minutes` ago. */
export function silenceController(serial: string, minutes: number): void {
  database((db) => db.prepare('update controller set last_seen_at = ? where serial = ?').run(Date.now() - minutes * 60_000, serial));
}

/**
 * Gives a meter's owner `count` past bursts, resolved, one a day back from yesterday: a long history of warnings
 * without waiting months for them (the rules raise one episode at a time).
 */
export function pastBursts(meterSerial: string, count: number, unread = 0): void {
  database((db) => {
    const meter = db.prepare('select m.id as id, b.account_id as account from meter m join binding b on b.unbound_at is null and (b.meter_id = m.id or b.controller_id = m.controller_id) where m.serial = ?').get(meterSerial) as { id: number; account: number } | undefined;
    if (!meter) throw new Error(`no bound meter ${meterSerial}`);
    const insert = db.prepare(
      `insert into alert (account_id, meter_id, subject, rule, severity, details, opened_at, seen_at, resolved_at, acknowledged_at) values (?, ?, ?, 'BURST', 'CRITICAL', ?, ?, ?, ?, ?)`,
    );
    // Oldest first, as they would have happened (the list is newest first by when an episode was recorded).
    for (let i = count; i >= 1; i--) {
      const opened = Date.now() - i * 86_400_000;
      // The newest `unread` ended before anybody read them.
      insert.run(meter.account, meter.id, `meter:${meter.id}`, JSON.stringify({ litres: 100 + i, minutes: 1 }), opened, opened + 60_000, opened + 600_000, i <= unread ? null : opened + 120_000);
    }
  });
}

/**
 * Opens the VERIFICATION_DUE warning the alert sweep would raise for a meter due soon (the e2e server sweeps once a
 * minute): as the sweep writes it, with the meter's own due date and the days left.
 */
export function verificationWarning(meterSerial: string, due: string, days: number): void {
  database((db) => {
    const meter = db.prepare('select m.id as id, b.account_id as account from meter m join binding b on b.unbound_at is null and (b.meter_id = m.id or b.controller_id = m.controller_id) where m.serial = ?').get(meterSerial) as { id: number; account: number } | undefined;
    if (!meter) throw new Error(`no bound meter ${meterSerial}`);
    db.prepare(
      `insert into alert (account_id, meter_id, subject, rule, severity, stage, details, opened_at, seen_at) values (?, ?, ?, 'VERIFICATION_DUE', 'WARNING', 'DAYS_30', ?, ?, ?)`,
    ).run(meter.account, meter.id, `meter:${meter.id}`, JSON.stringify({ due, days }), Date.now(), Date.now());
  });
}

/** A modem's low-battery warning for its customer, as the sweep would open it (the sweep runs once a minute). */
export function lowBatteryWarning(controllerSerial: string, batteryPct: number): void {
  database((db) => {
    const controller = db.prepare('select c.id as id, b.account_id as account from controller c join binding b on b.unbound_at is null and b.controller_id = c.id where c.serial = ?').get(controllerSerial) as { id: number; account: number } | undefined;
    if (!controller) throw new Error(`no bound controller ${controllerSerial}`);
    db.prepare(
      `insert into alert (account_id, controller_id, subject, rule, severity, details, opened_at, seen_at) values (?, ?, ?, 'LOW_BATTERY', 'WARNING', ?, ?, ?)`,
    ).run(controller.account, controller.id, `controller:${controller.id}`, JSON.stringify({ batteryPct }), Date.now(), Date.now());
  });
}

export interface SenmlRecord {
  bn?: string;
  bt?: number;
  n?: string;
  u?: string;
  v?: number;
  t?: number;
}

/**
 * Posts one SenML JSON pack to the bridge as a modem would, with the `coap` package (a client nobody here
 * wrote): confirmable, block-wise (Block1, 1024-byte blocks) when it does not fit a datagram. Resolves with
 * the CoAP code of the answer.
 */
export function postPack(deviceToken: string, records: SenmlRecord[]): Promise<string> {
  const body = Buffer.from(JSON.stringify(records));
  return new Promise((resolve, reject) => {
    const req = coap.request({
      hostname: '127.0.0.1',
      port: Number(process.env.E2E_COAP_PORT),
      pathname: `/v1/${deviceToken}/readings`,
      method: 'POST',
      confirmable: true,
      agent: new coap.Agent({ type: 'udp4' }),
    });
    req.setOption('Content-Format', 110);
    if (body.length > 1024) {
      req.setOption('Block1', Buffer.of(6));
      req.setOption('Size1', body.length);
    }
    req.on('response', (res: { code: string }) => resolve(res.code));
    req.on('error', reject);
    req.on('timeout', () => reject(new Error('no answer from the bridge')));
    req.end(body);
  });
}

/** Posts a pack and insists on 2.04 (stored). */
export async function sendPack(deviceToken: string, records: SenmlRecord[]): Promise<void> {
  const code = await postPack(deviceToken, records);
  if (code !== '2.04') throw new Error(`the bridge answered ${code} to a pack of ${records.length} records`);
}

/** Readings of one meter at their times (seconds), grouped by time: `{ t: 1764…, values: { energy: 1200, power: 5 } }`. */
export function meterPack(meter: string, samples: Array<{ t: number; values: Record<string, number> }>): SenmlRecord[] {
  const records: SenmlRecord[] = [];
  samples.forEach((s, i) => {
    Object.entries(s.values).forEach(([n, v], j) => {
      const r: SenmlRecord = { n, v };
      if (j === 0) r.bt = s.t;
      if (i === 0 && j === 0) r.bn = `${meter}:`;
      records.push(r);
    });
  });
  return records;
}

const HOUR = 3600;
const MOSCOW = 3 * HOUR;

/** Local (Moscow, UTC+3 all year) midnight of the day `daysAgo` days before today, in seconds. */
export function moscowMidnight(daysAgo: number, now = Date.now()): number {
  const local = Math.floor((now / 1000 + MOSCOW) / 86_400) * 86_400;
  return local - daysAgo * 86_400 - MOSCOW;
}

/** «2026-11-24»: the Moscow date `daysAgo` days before today. */
export function moscowDate(daysAgo: number, now = Date.now()): string {
  return new Date((moscowMidnight(daysAgo, now) + MOSCOW) * 1000).toISOString().slice(0, 10);
}
