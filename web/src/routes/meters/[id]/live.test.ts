/** The «since midnight» tile of an electricity meter: the first report and the live snapshots, in either order. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveWatcher } from '$lib/api/connection';
import type { LiveMeasurement, MeterDetails } from '$lib/api/documents';

const calls = vi.hoisted(() => ({
  report: null as null | ((r: { unit: string; intervals: Array<{ consumption: number | null }> }) => void),
  watcher: null as null | LiveWatcher<LiveMeasurement>,
}));

vi.mock('$lib/api/readings', () => ({
  fetchConsumption: () => new Promise((resolve) => (calls.report = resolve)),
  watchLiveMeasurement: (_id: string, _since: string | null, watcher: LiveWatcher<LiveMeasurement>) => {
    calls.watcher = watcher;
    return () => {};
  },
  watchMeterReadings: () => () => {},
}));

const { LiveMeter } = await import('./live.svelte');

const meter = { id: '7', kind: 'ELECTRICITY', lastReadings: [] } as unknown as MeterDetails;
const snapshot = (consumptionToday: number | null) =>
  ({ meterId: '7', time: new Date().toISOString(), power: 1500, voltage: [231.2], current: [], powerFactor: null, frequency: null, registers: [], consumptionToday }) as unknown as LiveMeasurement;
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('consumption since midnight on the meter page', () => {
  afterEach(() => {
    calls.report = null;
    calls.watcher = null;
  });

  it('keeps a live figure that came before the first report, whatever the report says', async () => {
    const live = new LiveMeter(meter, 'Europe/Moscow');
    const stop = live.start();
    calls.watcher!.next(snapshot(0.25));
    calls.report!({ unit: 'kWh', intervals: [{ consumption: null }] });
    await settle();
    expect(live.today).toMatchObject({ value: 0.25, live: true });
    stop();
  });

  it('shows the report, then the live figures that follow it', async () => {
    const live = new LiveMeter(meter, 'Europe/Moscow');
    const stop = live.start();
    calls.report!({ unit: 'kWh', intervals: [{ consumption: 3.5 }] });
    await settle();
    expect(live.today).toMatchObject({ value: 3.5, live: false });
    calls.watcher!.next(snapshot(3.75));
    expect(live.today).toMatchObject({ value: 3.75, live: true });
    stop();
  });
});
