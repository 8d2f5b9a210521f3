/**
 * The `n`-th number in [0, 1) of the sequence named by `seed`: the same pair always gives
 * the same number, on any instance, so a probabilistic fault replays exactly. A 32-bit
 * integer hash (mulberry32's output step) over seed and position.
 */
export function seededDraw(seed: number, n: number): number {
  let t = (Math.imul(seed | 0, 0x9e3779b1) + Math.imul(n | 0, 0x85ebca6b) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A seed for a rule that was given none; shown in listings so a run can be replayed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
