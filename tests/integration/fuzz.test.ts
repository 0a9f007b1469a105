/**
 * The CoAP fuzzer of `pnpm bench fuzz`, with 20,000 datagrams, as a test: the real product (the API and the
 * bridge it forks, on SQLite), real UDP. Injected: truncated and mutated datagrams, hostile SenML, Block1 and
 * Observe abuse, wrong methods and paths, mixed with valid readings (tests/support/coap-fuzz.ts lists them).
 * Counted: every answer, and afterwards what the database holds. No timing is asserted.
 * FUZZ_SEED replays a run (the seed is printed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzProduct, type FuzzReport } from '../bench/fuzz.js';

describe('the device bridge under 20,000 fuzzed datagrams', () => {
  let r: FuzzReport;

  beforeAll(async () => {
    r = await fuzzProduct({ count: 20_000, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined });
    const f = r.fuzz;
    console.log(
      `[fuzz] seed ${r.seed}: ${f.sent} sent, ${f.received} received in ${(f.elapsedMs / 1000).toFixed(1)} s; answers ${JSON.stringify(f.codes)}; ` +
        `bridge resident ${(r.memory.bridgeBefore / 2 ** 20).toFixed(0)} MiB before, peak ${(r.memory.bridgePeak / 2 ** 20).toFixed(0)} MiB; ` +
        `${f.validAcknowledged.size} of ${f.validSent} valid readings acknowledged (${f.validSentUntrusted} sent before their token's first 2.04); ` +
        `${f.expected - f.answeredExpected} of ${f.expected} confirmable datagrams never answered (${f.expected - f.answeredWithin2s} not within 2 s); ${r.storedReadings} stored`,
    );
  }, 300_000);

  it('is the same bridge process at the end, and it still answers a valid reading 2.04 and stores it', () => {
    expect(r.bridgeSameProcess).toBe(true);
    expect(r.finalAnswer).toBe('2.04');
    expect(r.finalStored).toBe(true);
  });

  it('answers every confirmable datagram it can parse the header of (ACK, response or Reset)', () => {
    // Not timing: an answer lost entirely. An answer counts however late it comes during the run or within 10 s of its
    // end; separate responses and overload (5.03) count as answers.
    expect(r.fuzz.answeredExpected / r.fuzz.expected).toBeGreaterThan(0.99);
  });

  it('never puts error text in a 5.00, never more than 64 bytes in an error answer, and answers only well-formed CoAP', () => {
    expect(r.fuzz.violations).toEqual({});
    expect(r.fuzz.largestErrorPayload).toBeLessThanOrEqual(64);
  });

  it('stores nothing invalid: no NaN or infinity, nothing out of range or out of time, nothing for another controller’s meter', () => {
    expect(r.invalidStored).toEqual([]);
  });

  it('acknowledges the valid readings no limit may turn away, and stores every valid reading it answered 2.04', () => {
    // Which valid readings may go unacknowledged. The fuzzer's product runs with the per-controller limit raised above
    // the run (burst 100,000 > 20,000 datagrams), the bridge takes 20,000 requests in flight against the fuzzer's
    // 16 × 32, and its queue 200,000 readings: none of them turns a valid reading away. The one limit the fuzzer hits
    // is the one on unknown tokens per client address (30 a minute): all its sockets share 127.0.0.1 and its bad tokens
    // use that up within the first second — and it spares tokens that proved valid. So a valid reading may go
    // unacknowledged only if it was sent before its token's first 2.04 (4.29), or if its answer was lost (the test
    // above allows 1 % of the confirmable datagrams). Nothing else is excused:
    const f = r.fuzz;
    const unanswered = f.expected - f.answeredExpected;
    expect(f.validAcknowledged.size).toBeGreaterThanOrEqual(f.validSent - f.validSentUntrusted - unanswered);
    // As a share of the ≈ 1,450 valid readings a run sends: those sent before their token's first 2.04 are the ones of
    // the first round trip through the API (97 and 123 in two runs here, under 9 %), and lost answers are at most 1 % of
    // ≈ 16,500 confirmable datagrams (≈ 165, 11 % of the valid readings even if every lost answer were one of theirs;
    // 19 and 22 were lost, of all kinds). So at least 80 % of the valid readings sent are acknowledged.
    expect(f.validAcknowledged.size / f.validSent).toBeGreaterThanOrEqual(0.8);
    expect(r.validAcknowledgedMissing).toEqual([]);
  });
});
