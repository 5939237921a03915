/** Provenance strings for the alliance's five seed documents: "seed:<file>:<line>". */
export const SEED_FILES: Record<string, string> = {
  '000': '000_afbd4d96da3e41d4.txt',
  '001': '001_b1b4a13e5fce09e4.txt',
  '002': '002_149451d3eb973286.txt',
  '003': '003_bd051098fc9e533c.txt',
  '004': '004_f02afc7b51460772.txt',
};

export const seedRef = (file: string, line: number | string): string => `seed:${file}:${line}`;

/** All "004 L590"-style references in a text, as provenance strings. */
export function refsInText(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(00[0-4]) L(\d+)/g)) {
    const file = SEED_FILES[m[1]!];
    if (file) out.push(seedRef(file, m[2]!));
  }
  return out;
}

/**
 * Splits a seed-facts sentence that ends in its references ("… (004 L1345)") into text and provenance;
 * the first reference stands for the statement.
 */
export function sourcedText(text: string, fallback: string): { text: string; provenance: string } {
  const refs = refsInText(text);
  const stripped = text.replace(/\s*\((?:\d{3} L\d+(?:ff\.)?(?:[;,]\s*)?)+\)\s*$/, '').trim();
  return { text: stripped || text, provenance: refs[0] ?? fallback };
}
