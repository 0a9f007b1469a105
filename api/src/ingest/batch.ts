/**
 * A batch as the ingest transaction writes it, on either engine and in either thread (the SQLite writer runs in a
 * worker thread, sqlite-writer.ts): plain columns and numbers, nothing that needs the ORM. This module imports
 * nothing, so the worker loads only what it runs.
 */

/** Rows to write, column by column, sorted by (meter, quantity, time): every writer takes its row locks in one order. */
export interface ReadingRows {
  meterIds: number[];
  quantities: string[];
  times: number[];
  values: number[];
}

/** A controller's own signal and battery, newest of the batch. */
export interface Health {
  signal?: { time: number; value: number };
  battery?: { time: number; value: number };
}

/**
 * A controller's last-seen time is written at most this often. Writing it with every batch dirtied a controller
 * page per batch and per controller — a third of what a commit wrote with 1,000 modems reporting several times a
 * second — for a value shown to the minute and compared with reporting intervals of minutes.
 */
export const LAST_SEEN_RESOLUTION_MS = 10_000;

export interface WriteBatch {
  readings: ReadingRows;
  /** Controllers heard from, sorted. */
  controllerIds: number[];
  health: Array<[controllerId: number, health: Health]>;
  now: number;
}

/**
 * What the transaction wrote. `inserted` is null when every reading was new (the common case); otherwise
 * inserted[i] says whether reading i was new (false: it was already stored).
 */
export interface WriteResult {
  inserted: boolean[] | null;
}

/** Per (meter, quantity) among the new readings: the newest one, and the time range they span (times … until). */
export function summarize(rows: ReadingRows, inserted: boolean[] | null): { latest: ReadingRows; dirty: Omit<ReadingRows, 'values'> & { until: number[] } } {
  const latest: ReadingRows = { meterIds: [], quantities: [], times: [], values: [] };
  const dirty = { meterIds: [] as number[], quantities: [] as string[], times: [] as number[], until: [] as number[] };
  let last = -1;
  // Rows are sorted by (meter, quantity, time): each key is one run, its newest reading the run's last new one.
  for (let i = 0; i < rows.meterIds.length; i++) {
    if (inserted && !inserted[i]) continue;
    const m = rows.meterIds[i];
    const q = rows.quantities[i];
    if (last >= 0 && latest.meterIds[last] === m && latest.quantities[last] === q) {
      latest.times[last] = rows.times[i];
      latest.values[last] = rows.values[i];
      dirty.until[last] = rows.times[i];
      continue;
    }
    last = latest.meterIds.push(m) - 1;
    latest.quantities.push(q);
    latest.times.push(rows.times[i]);
    latest.values.push(rows.values[i]);
    dirty.meterIds.push(m);
    dirty.quantities.push(q);
    dirty.times.push(rows.times[i]);
    dirty.until.push(rows.times[i]);
  }
  return { latest, dirty };
}

/**
 * A batch as it crosses to the SQLite writer's thread: the columns as typed arrays whose buffers are moved, not
 * copied element by element (structured cloning the number arrays was a tenth of the API loop's time under load),
 * and the quantities as codes into the batch's own list of names.
 */
export interface PackedBatch {
  meterIds: Float64Array;
  times: Float64Array;
  values: Float64Array;
  quantityCodes: Uint16Array;
  quantityNames: string[];
  controllerIds: number[];
  health: WriteBatch['health'];
  now: number;
}

export function packBatch(batch: WriteBatch): { packed: PackedBatch; transfer: ArrayBuffer[] } {
  const { meterIds, quantities, times, values } = batch.readings;
  const names: string[] = [];
  const codes = new Map<string, number>();
  const quantityCodes = new Uint16Array(quantities.length);
  for (let i = 0; i < quantities.length; i++) {
    let code = codes.get(quantities[i]);
    if (code === undefined) codes.set(quantities[i], (code = names.push(quantities[i]) - 1));
    quantityCodes[i] = code;
  }
  const packed: PackedBatch = {
    meterIds: Float64Array.from(meterIds),
    times: Float64Array.from(times),
    values: Float64Array.from(values),
    quantityCodes,
    quantityNames: names,
    controllerIds: batch.controllerIds,
    health: batch.health,
    now: batch.now,
  };
  return { packed, transfer: [packed.meterIds.buffer, packed.times.buffer, packed.values.buffer, quantityCodes.buffer] as ArrayBuffer[] };
}

export function unpackBatch(p: PackedBatch): WriteBatch {
  const n = p.meterIds.length;
  const quantities = new Array<string>(n);
  for (let i = 0; i < n; i++) quantities[i] = p.quantityNames[p.quantityCodes[i]];
  return {
    readings: { meterIds: Array.from(p.meterIds), quantities, times: Array.from(p.times), values: Array.from(p.values) },
    controllerIds: p.controllerIds,
    health: p.health,
    now: p.now,
  };
}
