/**
 * Text processing shared by every full-text index (taxonomy resolver, company and city search):
 * Latin words are folded the German way (ä → ae and ä → a, ß → ss) and stemmed with the German and the
 * English Snowball stemmers; Chinese runs are segmented with Intl.Segmenter and also indexed as character
 * bigrams, so that a query matches whether or not the segmenter cut the words the same way.
 */
import { stemmer as germanStem } from '@orama/stemmers/german';
import { stemmer as englishStem } from '@orama/stemmers/english';

const HAN = /\p{Script=Han}/u;
const RUNS = /(\p{Script=Han}+)|([\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*)/gu;

const STOP_WORDS = new Set([
  // German
  'und', 'oder', 'der', 'die', 'das', 'den', 'dem', 'des', 'von', 'vom', 'fur', 'fuer', 'mit', 'ohne', 'im', 'in',
  'an', 'auf', 'aus', 'zur', 'zum', 'zu', 'bei', 'a', 'u', 'sonstige', 'sonstigen', 'sonstiger', 'anderweitig',
  'nicht', 'genannt', 'ein', 'eine', 'einer',
  // English
  'and', 'or', 'the', 'of', 'for', 'with', 'without', 'to', 'by', 'on', 'an', 'other', 'n.e.c', 'nec', 'its',
]);

const CJK_STOP = new Set(['的', '和', '及', '与', '其他', '、']);

/** Lower-cased NFKC form, so full-width letters and digits compare equal to ASCII ones. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** German folding, both ways a user may type it: `ä → ae` and `ä → a`. */
export function foldGerman(word: string): [expanded: string, stripped: string] {
  const expanded = word.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
  const stripped = word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss');
  return [expanded, stripped];
}

let segmenter: Intl.Segmenter | undefined;
function chineseWords(run: string): string[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const words: string[] = [];
  for (const part of segmenter.segment(run)) {
    if (part.isWordLike && !CJK_STOP.has(part.segment)) words.push(part.segment);
  }
  return words;
}

/** Overlapping character bigrams of a Han run; a single character stands for itself. */
export function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

// Segmenting is the costly step of Chinese text and its phrases repeat across documents (位于…的, 有限公司,
// cluster names): remember each run's tokens (bounded).
const hanCache = new Map<string, readonly string[]>();
const HAN_CACHE_LIMIT = 50_000;

/** A Han run's tokens: its words, then its bigrams when it has more than one character. */
function hanTokens(run: string): readonly string[] {
  let tokens = hanCache.get(run);
  if (tokens === undefined) {
    tokens = [...chineseWords(run), ...([...run].length > 1 ? bigrams(run) : [])];
    if (hanCache.size >= HAN_CACHE_LIMIT) hanCache.clear();
    hanCache.set(run, tokens);
  }
  return tokens;
}

/**
 * Splits text into raw tokens: Latin words (hyphenated compounds also whole and joined: `e-mobilität`
 * gives `e`, `mobilität` and `emobilität`), Chinese words and Chinese bigrams.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of normalize(text).matchAll(RUNS)) {
    const [, han, word] = match;
    if (han) {
      for (const t of hanTokens(han)) tokens.push(t);
    } else if (word) {
      const parts = word.split(/[-'’]/).filter(Boolean);
      tokens.push(...parts);
      if (parts.length > 1) tokens.push(parts.join(''));
    }
  }
  return tokens;
}

// Stemming is the costly step and vocabularies repeat: remember each token's terms (bounded).
const termCache = new Map<string, string[] | null>();
const TERM_CACHE_LIMIT = 200_000;

/** Turns one token into the terms that are indexed or searched for it (folds and stems). */
export function processTerm(token: string): string[] | null {
  const cached = termCache.get(token);
  if (cached !== undefined) return cached;
  const terms = computeTerms(token);
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  termCache.set(token, terms);
  return terms;
}

function computeTerms(token: string): string[] | null {
  if (hasHan(token)) return CJK_STOP.has(token) ? null : [token];
  if (STOP_WORDS.has(token)) return null;
  const [expanded, stripped] = foldGerman(token);
  if (STOP_WORDS.has(stripped)) return null;
  const terms = new Set([expanded, stripped]);
  if (stripped.length > 3 && !/^\d+$/.test(stripped)) {
    terms.add(foldGerman(germanStem(token))[1]);
    terms.add(englishStem(stripped));
  }
  return [...terms];
}

/** All index terms of a text: what MiniSearch stores with `tokenize` + `processTerm`. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    const terms = processTerm(token);
    if (terms) out.push(...terms);
  }
  return out;
}

/** A folded, lower-cased, single-spaced form for LIKE searches in SQL (names, variants). */
export function searchKey(text: string): string {
  const [expanded, stripped] = foldGerman(normalize(text));
  return expanded === stripped ? expanded : `${expanded} ${stripped}`;
}

/**
 * A canonical key for a whole phrase: each token by its shortest indexed form (the stem where there
 * is one), so "electric vehicle" and "Electric Vehicles" share a key; order is kept.
 */
export function phraseKey(text: string): string {
  const parts: string[] = [];
  for (const token of tokenize(text)) {
    const terms = processTerm(token);
    if (!terms?.length) continue;
    parts.push(terms.reduce((a, b) => (b.length < a.length ? b : a)));
  }
  return parts.join(' ');
}
