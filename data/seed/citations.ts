/**
 * Picks, for each seeded fact, the source line that holds it. The seed records list their sources as
 * {file, line, quote_locator}; a fact is cited to the source whose verbatim locator shares the fact's
 * names and figures, or to the line a project-owned correction (citation-fixes.json) names with a quote,
 * where the locators do not carry the fact (a person named on a line the record does not list, a region
 * from the header of a newsletter item). The same file corrects the records' lists of mentions.
 */
import { readFileSync } from 'node:fs';
import { seedRef } from './sources.ts';

export interface SeedSourceLine {
  file: string;
  line: number;
  quote_locator?: string;
}

export interface CitationFix {
  /** The seed record's name (isa-facts `name`). */
  record: string;
  /** The fact's text as the seed record writes it. */
  fact: string;
  /** The fact's corrected wording, where the record's own misquotes the seed. */
  text?: string;
  file: string;
  line: number;
  /** Verbatim from that line. */
  quote: string;
  why: string;
}

export interface Citation {
  provenance: string;
  quote?: string;
  /** A corrected wording of the fact. */
  text?: string;
}

/** A record's listed source line moved to the line that really mentions the record, or dropped. */
export interface SourceFix {
  record: string;
  file: string;
  /** The listed line, which does not name the record. */
  fromLine: number;
  /** The line of the same passage that does; null: dropped (the line that names it is listed already, or none does). */
  line: number | null;
  quote?: string;
  why: string;
}

const { fixes, sources: sourceFixes } = JSON.parse(readFileSync(new URL('./citation-fixes.json', import.meta.url), 'utf8')) as {
  fixes: CitationFix[];
  sources: SourceFix[];
};
const fixByFact = new Map(fixes.map((f) => [`${f.record}\u0000${f.fact}`, f]));

/** The project's correction of one fact's citation, if it made one. */
export function citationFix(record: string, fact: string): (Citation & { quote: string }) | null {
  const fix = fixByFact.get(`${record}\u0000${fact}`);
  if (!fix) return null;
  return { provenance: seedRef(fix.file, fix.line), quote: fix.quote, ...(fix.text ? { text: fix.text } : {}) };
}

const STOP = new Set(
  'und oder der die das den dem des ein eine einer mit von vom zum zur für auf aus bei nach über als auch sich ist war wird wurde hat sind nicht the and for with from isa china chinesische chinesischen deutsche deutschen stadt'.split(
    ' ',
  ),
);

/** Lower-cased words (soft hyphens and line-break hyphenation removed) and digit strings of a text. */
function tokensOf(text: string): Set<string> {
  const plain = text
    .normalize('NFC')
    .replace(/\u00ad/g, '')
    .replace(/(\p{Ll})-(\p{Ll})/gu, '$1$2')
    .toLowerCase();
  const words = plain.match(/[\p{L}\p{N}][\p{L}\p{N}.,]*[\p{L}\p{N}]|\p{N}/gu) ?? [];
  return new Set(
    words
      .map((w) => w.replace(/[.,]/g, ''))
      .filter((w) => (/^\d+$/.test(w) ? true : w.length >= 3 && !STOP.has(w))),
  );
}

/** How many of the fact's tokens the locator holds; figures count double, as they pin a line best. */
function overlap(fact: Set<string>, locator: string): number {
  let score = 0;
  for (const token of tokensOf(locator)) if (fact.has(token)) score += /^\d+$/.test(token) ? 2 : 1;
  return score;
}

/**
 * The citation of one fact of a seed record: a correction when the project made one, else the source whose
 * locator shares most of the fact's tokens, else the record's first source (which the citation test
 * then reports).
 */
export function citeFact(record: string, fact: string, sources: SeedSourceLine[]): Citation {
  const fix = citationFix(record, fact);
  if (fix) return { provenance: fix.provenance, quote: fix.quote };
  const tokens = tokensOf(fact);
  let best: SeedSourceLine | undefined;
  let bestScore = 0;
  for (const s of sources) {
    const score = s.quote_locator ? overlap(tokens, s.quote_locator) : 0;
    if (score > bestScore) [best, bestScore] = [s, score];
  }
  const chosen = best ?? sources[0];
  return { provenance: chosen ? seedRef(chosen.file, chosen.line) : 'curated' };
}

/** A record's source list (its list of mentions) with the project's corrections applied. */
export function correctedSources<T extends SeedSourceLine>(record: string, sources: T[]): T[] {
  return sources.flatMap((s) => {
    const fix = sourceFixes.find((f) => f.record === record && f.file === s.file && f.fromLine === s.line);
    if (!fix) return [s];
    return fix.line === null ? [] : [{ ...s, line: fix.line, quote_locator: fix.quote }];
  });
}
