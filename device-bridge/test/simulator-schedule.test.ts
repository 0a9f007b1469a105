/**
 * The simulator sends on the phase /config gives (PROTOCOL.md: at t where (t − phase) mod interval = 0), and
 * follows a new one from the next send. A plain UDP socket stands in for the bridge and notes when each POST
 * arrives; the demo's time-lapse runs the 900 s schedule as a 2 s one, so a phase of 450 s is 1 s. Tolerances are
 * ±300 ms: a CI machine under load delays timers by tens of milliseconds, a wrong phase misses by hundreds.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { Code, MessageType } from '../src/coap/constants.js';
import { parseMessage, serializeMessage } from '../src/coap/message.js';
import { startSimulator } from '../src/simulator/simulator.js';
import type { ReportSchedule } from '../src/simulator/schedule.js';

let socket: Socket | undefined;
let sim: { stop(): void } | undefined;
afterEach(() => {
  sim?.stop();
  socket?.close();
  socket = sim = undefined;
});

/** A bridge that answers every POST 2.04 and notes when it arrived (epoch ms). */
async function fakeBridge(): Promise<{ url: URL; arrivals: number[] }> {
  const arrivals: number[] = [];
  const s = (socket = createSocket('udp4'));
  s.on('message', (buf, rinfo) => {
    const m = parseMessage(buf);
    if (m.code !== Code.POST) return;
    arrivals.push(Date.now());
    s.send(serializeMessage({ type: MessageType.ACK, code: Code.CHANGED, messageId: m.messageId, token: m.token }), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  return { url: new URL(`coap://127.0.0.1:${s.address().port}`), arrivals };
}

const controller = { token: 'T'.repeat(32), meters: [{ serial: 'E-1', kind: 'ELECTRICITY' as const }] };
const fraction = (ms: number) => ms % 2000;

describe('the simulator’s live packs', () => {
  it('go out on the controller’s phase, and on a new phase from the next send after /config changes', { timeout: 30_000 }, async () => {
    const { url, arrivals } = await fakeBridge();
    let schedule: ReportSchedule = { interval: 900, phase: 450 };
    sim = startSimulator({ url, controllers: [controller], intervalS: 2, readSchedule: async () => schedule, rereadMs: 500 });
    // The first pack goes out at once; the following ones a second past each even second.
    await expect.poll(() => arrivals.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    for (const at of arrivals.slice(1, 4)) expect(Math.abs(fraction(at) - 1000)).toBeLessThan(300);
    for (let i = 2; i < 4; i++) expect(Math.abs(arrivals[i] - arrivals[i - 1] - 2000)).toBeLessThan(300);

    schedule = { interval: 900, phase: 180 }; // 0.4 s into each 2 s
    const changedAt = arrivals.length;
    await expect.poll(() => arrivals.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(changedAt + 3);
    // The send after the change may still be on the old schedule (it was planned before /config was read again).
    for (const at of arrivals.slice(changedAt + 1, changedAt + 3)) expect(Math.abs(fraction(at) - 400)).toBeLessThan(300);
  });

  it('with INTERVAL_S=config, keep to the configured interval: nothing between the first pack and its phase', async () => {
    const { url, arrivals } = await fakeBridge();
    const now = Date.now();
    // A 60 s interval whose next send time is 1.5 s away.
    const phase = ((now + 1500) / 1000) % 60;
    sim = startSimulator({ url, controllers: [controller], intervalS: 'config', readSchedule: async () => ({ interval: 60, phase }) });
    await expect.poll(() => arrivals.length, { timeout: 3000 }).toBe(2);
    expect(Math.abs(arrivals[1] - (now + 1500))).toBeLessThan(300);
    expect(await new Promise((r) => setTimeout(() => r(arrivals.length), 1000))).toBe(2);
  });
});
