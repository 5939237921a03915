/**
 * What-if weights: moving one weight moves the others in proportion so that all stay non-negative and
 * sum to exactly 1. Weights are kept in ten-thousandths (integers) so that their sum is exact and their
 * decimal text is short and round-trips (the server checks the sum as it checks a saved profile).
 */
const UNITS = 10_000;

export type WeightMap = Record<string, number>;

/** `weights` with `component` set to `value` (0–1) and the others scaled to fill the rest, in ten-thousandths. */
export function moveWeight(weights: WeightMap, component: string, value: number): WeightMap {
  const names = Object.keys(weights);
  const others = names.filter((c) => c !== component);
  const target = Math.round(Math.min(1, Math.max(0, value)) * UNITS);
  const rest = UNITS - target;
  const otherSum = others.reduce((s, c) => s + weights[c]!, 0);
  const raw = others.map((c) => (otherSum > 0 ? (weights[c]! / otherSum) * rest : rest / others.length));
  // Largest remainder: whole units first, the units left over to the largest fractions.
  const units = raw.map(Math.floor);
  let left = rest - units.reduce((s, u) => s + u, 0);
  const byFraction = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byFraction) {
    if (left <= 0) break;
    units[i]!++;
    left--;
  }
  const out: WeightMap = {};
  for (const c of names) out[c] = c === component ? target / UNITS : units[others.indexOf(c)]! / UNITS;
  return out;
}

/** Weights as the match routes take them: industry:0.5,complementarity:0.3,size:0.2. */
export function weightsParam(weights: WeightMap): string {
  return Object.entries(weights)
    .map(([c, w]) => `${c}:${w}`)
    .join(',');
}

export function sameWeights(a: WeightMap, b: WeightMap): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((c) => a[c] === b[c]);
}
