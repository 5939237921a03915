/**
 * The rule the citation test applies: a cited seed line supports a fact when it holds a distinctive token
 * of it. Kept apart from the seed loader's own line search (data/seed/citations.ts) on purpose, so the
 * test does not grade the loader with the loader's own yardstick.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Soft hyphens, line-break hyphenation ("Unter-nehmen", "Kaisers-lautern"), quotes and spacing made uniform. */
export function normalise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\u00ad/g, '')
    .replace(/(\p{Ll})- ?(\p{Ll})/gu, '$1$2')
    .replace(/[’‘`´]/g, "'")
    .replace(/[„“”«»"]/g, '"')
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const MONTHS: [RegExp, number][] = [
  [/^(januar|january|jan)$/, 1],
  [/^(februar|february|feb)$/, 2],
  [/^(märz|maerz|march|mar|mär)$/, 3],
  [/^(april|apr)$/, 4],
  [/^(mai|may)$/, 5],
  [/^(juni|june|jun)$/, 6],
  [/^(juli|july|jul)$/, 7],
  [/^(august|aug)$/, 8],
  [/^(september|sep|sept)$/, 9],
  [/^(oktober|october|okt|oct)$/, 10],
  [/^(november|nov)$/, 11],
  [/^(dezember|december|dez|dec)$/, 12],
];
const monthOf = (word: string): number | null => MONTHS.find(([re]) => re.test(word))?.[1] ?? null;
const MONTH_WORD = '(januar|january|jan|februar|february|feb|märz|maerz|march|mar|april|apr|mai|may|juni|june|jun|juli|july|jul|august|aug|september|sept|sep|oktober|october|okt|oct|november|nov|dezember|december|dez|dec)\\.?';

/** German number words as the newsletters write small counts ("zum siebten Mal", "elf chinesische"). */
const NUMBER_WORDS: [RegExp, number][] = [
  [/^(ein|eine|einen|erste|ersten|erster|erstes)$/, 1],
  [/^(zwei|zweite|zweiten|zweiter)$/, 2],
  [/^(drei|dritte|dritten|dritter)$/, 3],
  [/^(vier|vierte|vierten|vierter)$/, 4],
  [/^(fünf|fünfte|fünften|fünfter)$/, 5],
  [/^(sechs|sechste|sechsten|sechster)$/, 6],
  [/^(sieben|siebte|siebten|siebter|siebente|siebenten)$/, 7],
  [/^(acht|achte|achten|achter)$/, 8],
  [/^(neun|neunte|neunten|neunter)$/, 9],
  [/^(zehn|zehnte|zehnten|zehnter)$/, 10],
  [/^(elf|elfte|elften|elfter)$/, 11],
  [/^(zwölf|zwölfte|zwölften|zwölfter)$/, 12],
];

export interface Tokens {
  /** Day-month dates (with the year when written), e.g. "2017-04-24" or "--04-24". */
  dates: { day: number; month: number; year: number | null }[];
  /** Month-year mentions without a day ("Oktober 2019"). */
  months: { month: number; year: number | null }[];
  /** Every reading of every other number (German and English notation, with Mio./Mrd. applied). */
  numbers: Set<number>[];
  words: string[];
}

const MULTIPLIERS: [RegExp, number][] = [
  [/^(mio\.?|millionen|million|millions)$/, 1e6],
  [/^(mrd\.?|milliarden|milliarde|billion|billions)$/, 1e9],
  [/^(billionen)$/, 1e12],
];

function numberReadings(raw: string, next: string): Set<number> {
  const readings = new Set<number>();
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(raw)) readings.add(Number(raw.replace(/\./g, '').replace(',', '.')));
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw)) readings.add(Number(raw.replace(/,/g, '')));
  if (/^\d+,\d+$/.test(raw)) readings.add(Number(raw.replace(',', '.')));
  if (/^\d+\.\d+$/.test(raw)) readings.add(Number(raw));
  if (/^\d+$/.test(raw)) readings.add(Number(raw));
  const multiplier = MULTIPLIERS.find(([re]) => re.test(next))?.[1];
  if (multiplier) for (const r of [...readings]) readings.add(Math.round(r * multiplier));
  return readings;
}

/** Dates, months, numbers and words of a normalised text; dates are taken out before the numbers. */
export function tokens(text: string): Tokens {
  let rest = normalise(text);
  const dates: Tokens['dates'] = [];
  const months: Tokens['months'] = [];
  const take = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    rest = rest.replace(re, (...args) => {
      fn(args.slice(0, -2) as unknown as RegExpExecArray);
      return ' ';
    });
  };
  take(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => dates.push({ day: +m[3]!, month: +m[2]!, year: +m[1]! }));
  // "17.-19.05.2021", "1.-2.11.2019"
  take(/\b(\d{1,2})\.\s*-\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\b/g, (m) => {
    dates.push({ day: +m[1]!, month: +m[3]!, year: +m[4]! }, { day: +m[2]!, month: +m[3]!, year: +m[4]! });
  });
  take(/\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2}\b)?/g, (m) => {
    if (+m[2]! >= 1 && +m[2]! <= 12) dates.push({ day: +m[1]!, month: +m[2]!, year: m[3] ? +m[3].padStart(4, '20') : null });
  });
  take(new RegExp(`\\b(\\d{1,2})\\.?\\s*(?:(?:bis|und|-)\\s*(\\d{1,2})\\.\\s*)?${MONTH_WORD}(?:\\s+(\\d{4}))?`, 'g'), (m) => {
    const month = monthOf(m[3]!.replace('.', ''))!;
    const year = m[4] ? +m[4] : null;
    dates.push({ day: +m[1]!, month, year });
    if (m[2]) dates.push({ day: +m[2], month, year });
  });
  take(new RegExp(`\\b${MONTH_WORD}(?:\\s*/\\s*${MONTH_WORD})?(?:\\s+(\\d{4}))?(?![\\p{L}])`, 'gu'), (m) => {
    const year = m[3] ? +m[3] : null;
    months.push({ month: monthOf(m[1]!.replace('.', ''))!, year });
    if (m[2]) months.push({ month: monthOf(m[2].replace('.', ''))!, year });
  });
  const numbers: Set<number>[] = [];
  const numberRe = /(?<![\p{L}\d.,])(\d+(?:[.,]\d+)*)(?:[.,](?!\d))?\s*([\p{L}.]*)/gu;
  for (const m of rest.matchAll(numberRe)) numbers.push(numberReadings(m[1]!, m[2] ?? ''));
  const words = rest.match(/\p{L}[\p{L}\p{M}'-]*\p{L}/gu) ?? [];
  for (const w of words) {
    const n = NUMBER_WORDS.find(([re]) => re.test(w))?.[1];
    if (n) numbers.push(new Set([n]));
  }
  return { dates, months, numbers, words: words.flatMap((w) => [w, ...w.split(/[-']/)]).filter((w) => w.length >= 3) };
}

/** A word stem that tolerates German endings: "geschäftsführerin" finds "geschäftsführer". */
export const stem = (word: string): string => (word.length > 6 ? word.slice(0, Math.max(5, word.length - 3)) : word);

export interface SeedCorpus {
  lines(file: string): string[];
  /** In how many lines of all seeds a word's stem occurs. */
  frequency(word: string): number;
}

export function loadCorpus(seedDir: string, files: string[]): SeedCorpus {
  const byFile = new Map(files.map((f) => [f, readFileSync(join(seedDir, f), 'utf8').split('\n')]));
  const normalised = [...byFile.values()].flat().map(normalise);
  const cache = new Map<string, number>();
  return {
    lines: (file) => {
      const lines = byFile.get(file);
      if (!lines) throw new Error(`unknown seed file ${file}`);
      return lines;
    },
    frequency: (word) => {
      const s = stem(word);
      let n = cache.get(s);
      if (n === undefined) {
        n = normalised.filter((l) => l.includes(s)).length;
        cache.set(s, n);
      }
      return n;
    },
  };
}

/** Words that say nothing about which line a fact comes from. */
const STOPWORDS = new Set(
  (
    'und oder der die das den dem des ein eine einer eines einem mit von vom zum zur für fuer auf aus bei nach über unter als auch sich sind ist war ' +
    'wird werden wurde wurden hat haben sein seine ihre ihr nicht nur noch schon sehr mehr dass wie zwischen durch gegen seit bis neu neue sie ' +
    'the and for with from that this into are was were has have its their per via isa allianz china chinesisch chinesische chinesischen chinese ' +
    'deutsch deutsche deutschen deutschland german germany stadt städte city cities'
  ).split(' '),
);

/** A word counts as distinctive when few seed lines hold it (names, places, specific terms). */
export const RARE_IN_LINES = 25;

export interface Verdict {
  ok: boolean;
  reason: string;
}

const dateInLine = (d: Tokens['dates'][number], line: Tokens) =>
  line.dates.some((x) => x.day === d.day && x.month === d.month && (x.year === null || d.year === null || x.year === d.year));
const numberInLine = (n: Set<number>, line: Tokens) => line.numbers.some((x) => [...n].some((v) => x.has(v)));
/** Small counts and bare years say little about a line; a figure like 7,17 Mio. or 150 does. */
const distinctiveNumber = (n: Set<number>) => [...n].some((v) => v >= 10 && !(Number.isInteger(v) && v >= 1990 && v <= 2030));

/** The distinctive tokens of a fact: its dates (day and month), its figures, and its rare words. */
export function distinctiveTokens(fact: string, corpus: SeedCorpus) {
  const f = tokens(fact);
  const content = [...new Set(f.words.filter((w) => !STOPWORDS.has(w)))];
  const known = content.filter((w) => corpus.frequency(w) > 0);
  return {
    dates: f.dates,
    numbers: f.numbers.filter(distinctiveNumber),
    rare: known.filter((w) => corpus.frequency(w) <= RARE_IN_LINES),
    known,
  };
}

/**
 * A fact's line must hold one of the fact's distinctive tokens (a date, a figure, a rare word such as a
 * name); a fact without any must share one of its ordinary content words with the line.
 */
export function lineSupportsFact(fact: string, lineText: string, corpus: SeedCorpus): Verdict {
  const name = leadingName(fact, corpus);
  if (name) {
    const words = new Set(normalise(lineText).split(/[^\p{L}\d-]+/u));
    const found = name.some((variant) => variant.every((w) => words.has(w)));
    return found ? { ok: true, reason: 'the name' } : { ok: false, reason: `the name "${name.map((v) => v.join(' ')).join(' / ')}" is not on the line` };
  }
  const t = distinctiveTokens(fact, corpus);
  const l = tokens(lineText);
  const line = normalise(lineText);
  const date = t.dates.find((d) => dateInLine(d, l));
  if (date) return { ok: true, reason: `date ${date.day}.${date.month}.` };
  const number = t.numbers.find((n) => numberInLine(n, l));
  if (number) return { ok: true, reason: `number ${[...number][0]}` };
  const rare = t.rare.find((w) => line.includes(stem(w)));
  if (rare) return { ok: true, reason: `"${rare}"` };
  if (t.dates.length || t.numbers.length || t.rare.length) {
    const wanted = [...t.dates.map((d) => `${d.day}.${d.month}.`), ...t.numbers.map((n) => String([...n][0])), ...t.rare].slice(0, 8);
    return { ok: false, reason: `none of ${wanted.join(', ')} on the line` };
  }
  const common = t.known.find((w) => line.includes(stem(w)));
  if (common) return { ok: true, reason: `"${common}" (no rarer token)` };
  return { ok: false, reason: t.known.length ? `none of ${t.known.slice(0, 6).join(', ')} on the line` : 'no token of the fact occurs in the seeds' };
}

/**
 * A fact that is a person ("Ludger Tillmann (Geschäftsführer)", "Yaojun XU / Xaojun Xu (Direktor)"): two or
 * three capitalised words before a parenthesis or the end; the line must hold every word of one variant.
 * The role alone (often the organisation's name) is on many of the organisation's lines, the name is not.
 * Only words that are rare in the seeds count as a name.
 */
export function leadingName(fact: string, corpus: SeedCorpus): string[][] | null {
  const head = fact.replace(/^(Dr\.|Prof\.|Frau|Herr)\s+/, '').split(/\s*\(/)[0]!.trim();
  if (head.length === fact.trim().length && /[:;,]/.test(head)) return null;
  const variants = head.split(/\s*\/\s*/);
  const word = /^\p{Lu}[\p{L}-]*$/u;
  const parsed = variants.map((v) => v.split(/\s+/));
  if (!parsed.every((v) => v.length >= 2 && v.length <= 3 && v.every((w) => word.test(w)))) return null;
  const names = parsed.map((v) => v.map((w) => normalise(w)));
  // Names are rare in the seeds; "Internationale Start-ups" or "Die Wirtschaftsförderung" are not.
  return names.every((v) => v.every((w) => corpus.frequency(w) <= RARE_IN_LINES)) ? names : null;
}

/** An explicit quote must stand on its line (after normalising both). */
export function lineHoldsQuote(quote: string, lineText: string): Verdict {
  const q = normalise(quote).replace(/^["']|["']$/g, '').replace(/\s*(\.\.\.|…)\s*/g, '…');
  const line = normalise(lineText);
  const parts = q.split('…').map((p) => p.trim()).filter(Boolean);
  const ok = parts.length > 0 && parts.every((p) => line.includes(p));
  return ok ? { ok, reason: 'quote on the line' } : { ok, reason: `quote "${quote.slice(0, 60)}" not on the line` };
}

/**
 * A record's list of mentions: each listed line must name the record (its name or a variant, also when
 * the name is broken over the line's end, "Liuz-"). A name given as an ISO date ("2017-04-24") stands
 * for a dated statement, whose line may hold the date instead.
 */
export function lineNamesRecord(names: string[], lineText: string): Verdict {
  const line = normalise(lineText);
  const lineDates = tokens(lineText).dates;
  for (const date of names.filter((n) => /^\d{4}-\d{2}-\d{2}$/.test(n))) {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    if (lineDates.some((d) => d.day === day && d.month === month && (d.year === null || d.year === year))) return { ok: true, reason: `date ${date}` };
  }
  const broken = line.match(/(\p{L}{3,})-$/u)?.[1];
  if (broken && names.some((n) => normalise(n).startsWith(broken))) return { ok: true, reason: `"${broken}-" broken over the line end` };
  const GENERIC = new Set(['region', 'stadt', 'kreis', 'bezirk', 'gmbh', 'gruppe', 'group', 'city', 'district', 'der', 'die', 'des', 'und', 'von', 'the', 'and']);
  for (const name of names) {
    const n = normalise(name);
    if (n.length >= 3 && line.includes(n)) return { ok: true, reason: `"${name}"` };
    const parts = n.split(/[^\p{L}\d]+/u).filter((w) => w.length >= 2 && !GENERIC.has(w) && !STOPWORDS.has(w) && !/^\d+$/.test(w));
    const words = new Set(line.split(/[^\p{L}\d]+/u));
    const hit = parts.find((w) => (w.length >= 3 ? line.includes(stem(w)) : words.has(w)));
    if (hit) return { ok: true, reason: `"${hit}" of "${name}"` };
  }
  return { ok: false, reason: `none of ${names.slice(0, 4).join(' | ')} on the line` };
}

/** The words a fact puts in quotation marks ('…', „…“, "…") of at least three words. */
export function quotedSegments(fact: string): string[] {
  const out: string[] = [];
  for (const m of fact.matchAll(/(?:^|[\s(])'([^']{8,}?)'(?=[\s),.;:]|$)|„([^“]{8,}?)“|"([^"]{8,}?)"/g)) {
    const q = (m[1] ?? m[2] ?? m[3])!.trim();
    if (q.split(/\s+/).length >= 3) out.push(q);
  }
  return out;
}

/** A quoted segment must stand in the cited seed file (it may run over a line break), else it is not a quote. */
export function fileHoldsQuote(quote: string, fileText: string): Verdict {
  const flat = normalise(fileText.replace(/-\s*\n\s*/g, '').replace(/\n/g, ' '));
  const parts = normalise(quote).split(/\s*(?:\.\.\.|…|\[[^\]]*\])\s*/).filter((p) => p.length >= 4);
  const missing = parts.find((p) => !flat.includes(p));
  return missing ? { ok: false, reason: `quoted "${missing.slice(0, 60)}" is nowhere in the file` } : { ok: true, reason: 'quote in the file' };
}
