/**
 * How a pair's two directed scores become one: the fusions, their coefficients (so that each component's
 * contribution adds up to the fused score exactly) and the fused score the index bounds with. score.ts
 * scores with them.
 */
/**
 * How a pair's two directed scores fuse: x (a→b, what b gives a) and y (b→a). harmonic, geometric and
 * arithmetic are the symmetric means, min the worse direction; searcher-harmonic is the weighted
 * harmonic mean 1 / (s/x + (1 − s)/y) with s = SEARCHER_SHARE: a match list answers its searcher a, so
 * a's gain counts more than the partner's, and a pair where only one side gains still ranks low.
 */
export const FUSIONS = ['harmonic', 'geometric', 'arithmetic', 'min', 'searcher-harmonic'] as const;
export type Fusion = (typeof FUSIONS)[number];

/**
 * The searcher's share in the searcher-harmonic fusion: its gain counts three times the partner's. Chosen
 * on bench:quality among 1/2 (the harmonic mean), 0.6, 2/3, 0.7, 3/4, 0.8, 0.9 and 1 (the searcher's gain
 * alone): from 2/3 to 3/4 the mean NDCG@10 rose most (0.818 → 0.828–0.833) and no search fell below 0.5;
 * from 0.8 up one did (a robotics licence at 0.8, a wind-component maker's castings at 0.9 and 1, where
 * the partner must want something too).
 */
export const SEARCHER_SHARE = 0.75;

/**
 * A fusion without a searcher, for a pair that meets as equals (an event's meeting): searcher-harmonic
 * is the harmonic mean there.
 */
export function symmetricFusion(fusion: Fusion): Fusion {
  return fusion === 'searcher-harmonic' ? 'harmonic' : fusion;
}

/**
 * Coefficients α (of x = a→b) and β (of y = b→a) with fused = α·x + β·y, so that each component's
 * contribution w_k·(α·f_k(a→b) + β·f_k(b→a)) adds up to the fused score exactly. Written to out[0] and
 * out[1]: no allocation per candidate, and one switch for both (two functions, one per coefficient, made
 * the exhaustive scan some 8 % slower).
 */
export function fusionCoefficientsInto(fusion: Fusion, x: number, y: number, out: Float64Array): void {
  let alpha = 0;
  let beta = 0;
  switch (fusion) {
    case 'arithmetic':
      alpha = 0.5;
      beta = 0.5;
      break;
    case 'harmonic':
      // 2xy/(x+y) = x·y/(x+y) + y·x/(x+y)
      if (x + y > 0) {
        alpha = y / (x + y);
        beta = x / (x + y);
      }
      break;
    case 'searcher-harmonic': {
      // 1 / (s/x + (1 − s)/y) = xy / (s·y + (1 − s)·x) = x·s·y/d + y·(1 − s)·x/d
      const d = SEARCHER_SHARE * y + (1 - SEARCHER_SHARE) * x;
      if (d > 0) {
        alpha = (SEARCHER_SHARE * y) / d;
        beta = ((1 - SEARCHER_SHARE) * x) / d;
      }
      break;
    }
    case 'geometric':
      // √(xy) = x·½√y/√x + y·½√x/√y (not √(y/x): that overflows when x is tiny, and ∞·x is no score)
      if (x > 0 && y > 0) {
        alpha = (0.5 * Math.sqrt(y)) / Math.sqrt(x);
        beta = (0.5 * Math.sqrt(x)) / Math.sqrt(y);
      }
      break;
    case 'min':
      if (x <= y) alpha = 1;
      else beta = 1;
      break;
  }
  out[0] = alpha;
  out[1] = beta;
}

const coefficients = new Float64Array(2);

/** The fused score of two directed scores (the index bounds with it). */
export function fuse(fusion: Fusion, x: number, y: number): number {
  fusionCoefficientsInto(fusion, x, y, coefficients);
  return coefficients[0]! * x + coefficients[1]! * y;
}
