/**
 * A meter's current values, kept live: the newest reading of every quantity from the page load, then
 * `liveMeasurement` snapshots for an electricity meter (power, voltage and current per phase, power factor,
 * frequency, registers, consumption since midnight) or `readingAdded` for a water meter. Resumable: after a
 * dropped connection the server replays what was missed (`since`), so no value is skipped or doubled.
 */
import { fetchConsumption, watchLiveMeasurement, watchMeterReadings } from '$lib/api/readings';
import type { LiveStatus } from '$lib/api/connection';
import type { LiveMeasurement, MeterDetails, Quantity, Reading } from '$lib/api/documents';
import type { ApiError } from '$lib/api/errors';
import { periodOf, todayIn } from '$lib/readings/period';

export interface ShownValue {
  value: number;
  unit: string;
  /** RFC 3339. */
  time: string;
  /** Arrived over the live connection: highlighted once. */
  live: boolean;
}

export interface Today {
  /** kWh or m³ since local midnight; null when unknown. */
  value: number | null;
  unit: string;
  time: string | null;
  live: boolean;
}

/** `since` may reach a day back at most; a little less, so the server never refuses it. */
const REPLAY_LIMIT_MS = 23 * 3_600_000;
const RESUBSCRIBE_MS = 5_000;

const UNITS: Partial<Record<Quantity, string>> = {
  POWER: 'W',
  VOLTAGE_L1: 'V',
  VOLTAGE_L2: 'V',
  VOLTAGE_L3: 'V',
  CURRENT_L1: 'A',
  CURRENT_L2: 'A',
  CURRENT_L3: 'A',
  POWER_FACTOR: '/',
  FREQUENCY: 'Hz',
};

/** The readings a live measurement carries, one per quantity, at the snapshot's time (registers at their own). */
export function readingsOf(m: LiveMeasurement): Reading[] {
  const at = (quantity: Quantity, value: number | null | undefined): Reading[] =>
    value === null || value === undefined ? [] : [{ meterId: m.meterId, quantity, value, unit: UNITS[quantity] ?? '', time: m.time }];
  return [
    ...at('POWER', m.power),
    ...m.voltage.flatMap((v, i) => at(`VOLTAGE_L${i + 1}` as Quantity, v)),
    ...m.current.flatMap((v, i) => at(`CURRENT_L${i + 1}` as Quantity, v)),
    ...at('POWER_FACTOR', m.powerFactor),
    ...at('FREQUENCY', m.frequency),
    ...m.registers,
  ];
}

export class LiveMeter {
  values = $state<Partial<Record<Quantity, ShownValue>>>({});
  today = $state<Today>({ value: null, unit: 'kWh', time: null, live: false });
  status = $state<LiveStatus>('connecting');
  /** The subscription was refused for good: the meter was unbound or the session ended. */
  lost = $state<'unbound' | 'signed-out' | null>(null);

  #since: string | null = null;
  /** Live snapshots that set `today` so far: a report asked for before one of them is older than it. */
  #liveToday = 0;
  /** Water: the volume register when `today` was last computed by the API. */
  #volumeBase: number | null = null;
  #day = '';

  constructor(
    private readonly meter: MeterDetails,
    private readonly timeZone: string,
  ) {
    this.today.unit = meter.kind === 'ELECTRICITY' ? 'kWh' : 'm3';
    for (const r of meter.lastReadings) this.#put(r, false);
  }

  #put(r: Reading, live: boolean): void {
    const shown = this.values[r.quantity];
    if (shown && Date.parse(shown.time) > Date.parse(r.time)) return;
    if (shown && shown.time === r.time && shown.value === r.value) return;
    this.values[r.quantity] = { value: r.value, unit: r.unit, time: r.time, live };
    if (!this.#since || Date.parse(r.time) > Date.parse(this.#since)) this.#since = r.time;
    if (this.meter.kind !== 'ELECTRICITY' && r.quantity === 'VOLUME' && live) this.#waterToday(r);
  }

  #waterToday(r: Reading): void {
    if (todayIn(this.timeZone, Date.parse(r.time)) !== this.#day) {
      void this.loadToday();
      return;
    }
    if (this.#volumeBase === null || this.today.value === null) return;
    this.today = { ...this.today, value: this.today.value + (r.value - this.#volumeBase), time: r.time, live: true };
    this.#volumeBase = r.value;
  }

  /** Consumption since local midnight, from the API's report of today (live snapshots keep it current after that). */
  async loadToday(): Promise<void> {
    const day = todayIn(this.timeZone);
    const period = periodOf('day', day, this.timeZone);
    const asked = this.#liveToday;
    try {
      const report = await fetchConsumption(this.meter.id, 'DAY', period.from, period.to, this.timeZone);
      // A snapshot that came while the report was on its way is newer (the report counts whole hours only):
      // it stays. Under load the report could arrive last and put «—» back over the live figure.
      if (this.#liveToday !== asked) return;
      this.#day = day;
      this.#volumeBase = this.values.VOLUME?.value ?? null;
      const value = report.intervals[0]?.consumption ?? null;
      this.today = { value, unit: report.unit, time: value === null ? null : new Date().toISOString(), live: false };
    } catch {
      // The tile says «—»; the next snapshot or reading fills it in.
    }
  }

  /** Starts the live values; returns the function that stops them. */
  start(): () => void {
    let stop: (() => void) | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const failed = (error: ApiError) => {
      stop?.();
      stop = null;
      if (error.code === 'UNAUTHENTICATED') this.lost = 'signed-out';
      else if (error.code === 'FORBIDDEN') this.lost = 'unbound';
      else {
        // The server ended the subscription (a restart, a replay too long): ask again, from where it stopped.
        this.status = 'reconnecting';
        retry = setTimeout(subscribe, RESUBSCRIBE_MS);
      }
    };
    const subscribe = () => {
      if (stopped) return;
      const since = this.#since && Date.now() - Date.parse(this.#since) < REPLAY_LIMIT_MS ? this.#since : null;
      const status = (s: LiveStatus) => (this.status = s);
      stop =
        this.meter.kind === 'ELECTRICITY'
          ? watchLiveMeasurement(this.meter.id, since, {
              status,
              failed,
              next: (m) => {
                for (const r of readingsOf(m)) this.#put(r, true);
                if (m.consumptionToday !== null) {
                  this.#liveToday++;
                  this.today = { value: m.consumptionToday, unit: 'kWh', time: m.time, live: true };
                }
              },
            })
          : watchMeterReadings(this.meter.id, since, { status, failed, next: (r) => this.#put(r, true) });
    };
    void this.loadToday();
    subscribe();
    return () => {
      stopped = true;
      clearTimeout(retry);
      stop?.();
    };
  }
}
