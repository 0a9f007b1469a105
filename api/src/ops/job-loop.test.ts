/** A looped engine's failed pass: logged whole, and the loop goes on. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { LoopedEngine } from './job-loop.js';

class Flaky extends LoopedEngine {
  passes = 0;
  protected async pass(): Promise<void> {
    this.passes++;
    if (this.passes === 1) throw new Error('connection refused');
  }
}

describe('a looped engine', () => {
  it('logs a failed pass with its stack under the engine’s name, and runs the next pass', async () => {
    const lines: Array<Record<string, any>> = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const engine = new Flaky('submissions', createLogger('info', 'api', sink));
    engine.kick();
    await engine.idle();
    engine.kick();
    await engine.idle();
    expect(engine.passes).toBe(2);
    const failed = lines.filter((l) => l.msg === 'submissions: pass failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].err.message).toBe('connection refused');
    expect(failed[0].err.stack).toMatch(/^Error: connection refused\n\s+at .*Flaky\.pass/);
  });
});
