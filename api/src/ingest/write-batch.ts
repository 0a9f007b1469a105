/**
 * One ingest write as both engines' stores and the SQLite writer thread see it: plain data (it crosses to the
 * writer thread by structured clone), and what the write answers.
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
