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
        `${f.validAcknowledged.size} of ${f.validSent} valid readings acknowledged; ${r.storedReadings} stored`,
    );
  }, 300_000);

  it('is the same bridge process at the end, and it still answers a valid reading 2.04 and stores it', () => {
    expect(r.bridgeSameProcess).toBe(true);
    expect(r.finalAnswer).toBe('2.04');
    expect(r.finalStored).toBe(true);
  });

  it('answers every confirmable datagram it can parse the header of (ACK, response or Reset)', () => {
    // Not timing: an answer lost entirely. Separate responses and overload (5.03) still count as answers.
    expect(r.fuzz.answeredExpected / r.fuzz.expected).toBeGreaterThan(0.99);
  });

  it('never puts error text in a 5.00, never more than 64 bytes in an error answer, and answers only well-formed CoAP', () => {
    expect(r.fuzz.violations).toEqual({});
    expect(r.fuzz.largestErrorPayload).toBeLessThanOrEqual(64);
  });

  it('stores nothing invalid: no NaN or infinity, nothing out of range or out of time, nothing for another controller’s meter', () => {
    expect(r.invalidStored).toEqual([]);
  });

  it('stores every valid reading it answered 2.04', () => {
    expect(r.fuzz.validAcknowledged.size).toBeGreaterThan(0);
    expect(r.validAcknowledgedMissing).toEqual([]);
  });
});
