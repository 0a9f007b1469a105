/**
 * Consumption from cumulative registers (energy in Wh, water in m³), as pure functions.
 *
 * Between two consecutive readings the register grew by their difference; that growth is spread linearly over
 * the time between them, and each bucket (an hour, a day…) gets the part that overlaps it. So a day gets exactly
 * R(24:00) − R(00:00) when readings fall on its boundaries, and a fair share when they do not.
 *
 * Not every difference is consumption. A register that goes down was reset or the meter was replaced; a jump
 * no household could consume in that time is a replacement too. Such a pair is a discontinuity: it adds
 * nothing (never a huge negative or positive value) and the buckets it overlaps are marked incomplete.
 */

export interface Point {
  /** Epoch milliseconds. */
  time: number;
  value: number;
}

export interface RegisterRules {
  /** The fastest a register can plausibly grow, per hour (in its own unit). */
  maxPerHour: number;
  /** Pairs further apart than this are spread as an estimate: the buckets they cover are not complete. */
  maxExactGapMs: number;
}

export const HOUR_MS = 3_600_000;

/** Electricity: 200 kW is far beyond any flat or house. Water: 20 m³/h is far beyond a household inlet. */
export const ENERGY_RULES: RegisterRules = { maxPerHour: 200_000, maxExactGapMs: HOUR_MS };
export const VOLUME_RULES: RegisterRules = { maxPerHour: 20, maxExactGapMs: HOUR_MS };

export interface BucketConsumption {
  /** Sum of the parts of valid pairs overlapping the bucket; null when no pair overlaps it at all. */
  consumption: number | null;
  /** Milliseconds of the bucket covered by valid pairs no further apart than maxExactGapMs. */
  coveredMs: number;
  /** A discontinuity (reset, replacement) overlaps the bucket. */
  discontinuity: boolean;
}

export type PairKind = 'valid' | 'estimated' | 'discontinuity';

export function classifyPair(a: Point, b: Point, rules: RegisterRules): PairKind {
  const delta = b.value - a.value;
  const hours = (b.time - a.time) / HOUR_MS;
  if (delta < 0 || delta > rules.maxPerHour * Math.max(hours, 1 / 60)) return 'discontinuity';
  return b.time - a.time > rules.maxExactGapMs ? 'estimated' : 'valid';
}

/**
 * Spreads the growth of sorted `points` over buckets given by their sorted, contiguous `edges`
 * (bucket i is [edges[i], edges[i+1])).
 */
export function spread(points: Point[], edges: number[], rules: RegisterRules): BucketConsumption[] {
  const buckets: BucketConsumption[] = edges.slice(0, -1).map(() => ({ consumption: null, coveredMs: 0, discontinuity: false }));
  if (buckets.length === 0) return buckets;
  let first = 0; // first bucket that may still overlap a pair (pairs come in time order)
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (b.time <= a.time) continue;
    if (b.time <= edges[0] || a.time >= edges[edges.length - 1]) continue;
    const kind = classifyPair(a, b, rules);
    const span = b.time - a.time;
    while (first < buckets.length && edges[first + 1] <= a.time) first++;
    for (let k = first; k < buckets.length && edges[k] < b.time; k++) {
      const overlap = Math.min(b.time, edges[k + 1]) - Math.max(a.time, edges[k]);
      if (overlap <= 0) continue;
      const bucket = buckets[k];
      if (kind === 'discontinuity') {
        bucket.discontinuity = true;
        continue;
      }
      bucket.consumption = (bucket.consumption ?? 0) + ((b.value - a.value) * overlap) / span;
      if (kind === 'valid') bucket.coveredMs += overlap;
    }
  }
  return buckets;
}
