/**
 * Unordered pairs of participants: a pair is the same whichever side is named first, so it is always
 * spelled with the smaller id first. The key joins the two ids with NUL, which no id contains (the API
 * refuses it in any string), so that a key splits back into its pair.
 */
export const orderedPair = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);

export const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export const pairOfKey = (key: string): [string, string] => key.split('\u0000') as [string, string];
