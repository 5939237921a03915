/**
 * Every `seed:<file>:<line>` the project ships or seeds, each with what it supports: a quote, a fact's
 * text, or (for a record's list of mentions) the record's names.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AllianceData } from '../../data/seed/isaFacts.ts';

export type Citation =
  | { where: string; provenance: string; kind: 'fact'; text: string }
  | { where: string; provenance: string; kind: 'quote'; text: string }
  | { where: string; provenance: string; kind: 'names'; names: string[] };

const isSeed = (p: unknown): p is string => typeof p === 'string' && p.startsWith('seed:');

/** The citations of the records loadAllianceData produces. */
export function allianceCitations(data: AllianceData): Citation[] {
  const out: Citation[] = [];
  const fact = (where: string, provenance: string | null | undefined, text: string | null | undefined, quote?: string) => {
    if (!isSeed(provenance) || !text) return;
    out.push(quote ? { where, provenance, kind: 'quote', text: quote } : { where, provenance, kind: 'fact', text });
  };
  for (const c of data.cities) {
    const at = `city ${c.id}`;
    const names = [c.name.de, c.name.en, c.profile.seedName, ...c.profile.nameVariants, ...(c.name.zh ? [c.name.zh] : [])];
    fact(`${at} region`, c.profile.provenance.region, c.region);
    fact(`${at} nameZh`, c.profile.provenance.nameZh, c.name.zh);
    fact(`${at} nameDe`, c.profile.provenance.nameDe, c.name.de);
    fact(`${at} nameEn`, c.profile.provenance.nameEn, c.name.en);
    for (const [key, figure] of Object.entries(c.keyData)) fact(`${at} keyData.${key}`, figure?.provenance, figure && String(figure.value));
    c.profile.highlights.forEach((h, i) => fact(`${at} highlights[${i}]`, h.provenance, h.text, h.quote));
    c.profile.research.forEach((r, i) => fact(`${at} research[${i}]`, r.provenance, r.text, r.quote));
    // Clusters, cooperations, wishes and locations come as they are from data/cities/enrichment.json and are
    // checked there (jsonCitations), where their quotes stand.
    // A status entry says "this city is on that list" or "admitted on that day": the line names the city or holds the date.
    c.statusHistory.forEach((s, i) => {
      const dates = [s.since, s.asOf].filter((d): d is string => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d));
      if (isSeed(s.provenance)) out.push({ where: `${at} statusHistory[${i}]`, provenance: s.provenance, kind: 'names', names: [...names, ...dates] });
    });
    c.sources.forEach((p, i) => {
      if (isSeed(p)) out.push({ where: `${at} sources[${i}]`, provenance: p, kind: 'names', names });
    });
  }
  for (const c of data.companies) {
    const at = `company ${c.id}`;
    const names = [c.name, ...c.name.split(/\s*\/\s*|\s*\(|\)\s*/).filter((n) => n.length >= 3)];
    c.facts.forEach((f, i) => fact(`${at} facts[${i}]`, f.provenance, f.text, f.quote));
    // Wishes and field provenance come from data/seed/company-enrichment.json and are checked there.
    c.provenance.forEach((p, i) => {
      if (isSeed(p)) out.push({ where: `${at} provenance[${i}]`, provenance: p, kind: 'names', names });
    });
  }
  for (const e of data.events) {
    const sources = JSON.parse(e.sources) as string[];
    const details = JSON.parse(e.details) as { references: string[] };
    // An event's list of mentions: each line names it by a word of its title, its place, its date or a participant.
    const row = e as typeof e & { date_as_written: string | null; place: string | null; organiser: string | null };
    const { participatingCities, otherParticipants } = JSON.parse(e.details) as { participatingCities: string[]; otherParticipants: string[] };
    const names = [e.title, row.place, row.date_as_written, row.organiser, ...participatingCities, ...otherParticipants].filter((n): n is string => !!n);
    sources.forEach((p, i) => {
      if (isSeed(p)) out.push({ where: `event ${e.id} sources[${i}]`, provenance: p, kind: 'names', names });
    });
    details.references.forEach((p, i) => {
      if (isSeed(p)) out.push({ where: `event ${e.id} references[${i}]`, provenance: p, kind: 'names', names });
    });
  }
  return out;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: Json | undefined): string | null => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isObject(v)) return textOf(v.de) ?? textOf(v.en) ?? textOf(v.zh);
  return null;
};

/** What an object with a seed citation states: its quote, else its value, text or description, else its note. */
function statedBy(obj: { [key: string]: Json }): { kind: 'quote' | 'fact'; text: string } | null {
  const quote = textOf(obj.quote);
  if (quote) return { kind: 'quote', text: quote };
  for (const key of ['value', 'text', 'description', 'statement', 'note', 'name', 'title', 'partner', 'cluster']) {
    const text = textOf(obj[key]);
    if (text) return { kind: 'fact', text };
  }
  return null;
}

/**
 * Every seed citation in any JSON under data/ (except isa-facts, whose own `sources` lists are the
 * reference copy's and are covered through the loaded records): a provenance field, a "<field>Provenance"
 * field, a {file, line} source, or a list of seed strings (a record's mentions: the line names the record).
 */
export function jsonCitations(dataDir: string, seedFiles: string[]): Citation[] {
  const out: Citation[] = [];
  const visit = (v: Json, where: string, recordNames: string[]) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (isSeed(x)) out.push({ where: `${where}[${i}]`, provenance: x, kind: 'names', names: recordNames });
        else visit(x, `${where}[${i}]`, recordNames);
      });
      return;
    }
    if (!isObject(v)) return;
    const ownName = textOf(v.name) ?? textOf(v.title);
    const names = ownName ? [ownName, ...recordNames] : recordNames;
    for (const [key, value] of Object.entries(v)) {
      if (isSeed(value)) {
        const field = key.endsWith('Provenance') ? key.slice(0, -'Provenance'.length) : null;
        const fieldQuote = field ? textOf(v[`${field}Quote`]) : null;
        const fieldText = field ? textOf(v[field]) : null;
        const stated = fieldQuote
          ? { kind: 'quote' as const, text: fieldQuote }
          : field
            ? fieldText
              ? { kind: 'fact' as const, text: fieldText }
              : null
            : statedBy(v);
        if (stated) out.push({ where: `${where}.${key}`, provenance: value, ...stated });
        else out.push({ where: `${where}.${key}`, provenance: value, kind: 'names', names });
      } else {
        visit(value, `${where}.${key}`, isObject(value) ? [key, ...names] : names);
      }
    }
    // {file, line, quote} sources; the file may be named by its prefix ("004"); an unknown one fails the check.
    if (typeof v.file === 'string' && typeof v.line === 'number' && /^00[0-4]/.test(v.file)) {
      const file = seedFiles.find((f) => f === v.file || f.startsWith(`${v.file as string}_`)) ?? v.file;
      const provenance = `seed:${file}:${v.line}`;
      const stated = statedBy(v);
      if (stated) out.push({ where, provenance, ...stated });
    }
  };
  for (const path of jsonFiles(dataDir)) {
    const rel = relative(dataDir, path);
    if (rel.startsWith('seed/isa-facts')) continue;
    visit(JSON.parse(readFileSync(path, 'utf8')) as Json, rel, []);
  }
  return out;
}
