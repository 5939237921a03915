/**
 * Every `seed:<file>:<line>` the project ships or seeds must cite a line that holds the fact it supports
 * (issue 16: a name, a number or a date of it; a verbatim quote where the record gives one). The seed
 * papers live in ../shared/seeds beside the clone: the test fails, naming the path, when they are missing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAllianceData } from '../../data/seed/isaFacts.ts';
import { SEED_FILES } from '../../data/seed/sources.ts';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { sharedPath } from '../sharedData.ts';
import { allianceCitations, jsonCitations, type Citation } from './citationRecords.ts';
import { fileHoldsQuote, lineHoldsQuote, lineNamesRecord, lineSupportsFact, loadCorpus, quotedSegments, type Verdict } from './citationRule.ts';

const seedDir = sharedPath('seeds');
const files = Object.values(SEED_FILES);
const corpus = loadCorpus(seedDir, files);
const dataDir = resolve(import.meta.dirname, '../../data');

function check(c: Citation): Verdict {
  const [, file, line] = c.provenance.split(':');
  if (!file || !files.includes(file)) return { ok: false, reason: `unknown seed file in ${c.provenance}` };
  const lines = corpus.lines(file);
  const n = Number(line);
  if (!Number.isInteger(n) || n < 1 || n > lines.length) return { ok: false, reason: `line ${line} is outside ${file} (${lines.length} lines)` };
  const text = lines[n - 1]!;
  if (c.kind === 'quote') return lineHoldsQuote(c.text, text);
  if (c.kind === 'names') return lineNamesRecord(c.names, text);
  const verdict = lineSupportsFact(c.text, text, corpus);
  if (!verdict.ok) return verdict;
  // Words in quotation marks must be the seed's own words.
  for (const segment of quotedSegments(c.text)) {
    const inFile = fileHoldsQuote(segment, lines.join('\n'));
    if (!inFile.ok) return inFile;
  }
  return verdict;
}

/** Every citation is checked: there is no list of exemptions. */
function failures(citations: Citation[]): string[] {
  return citations
    .map((c) => ({ c, v: check(c) }))
    .filter(({ v }) => !v.ok)
    .map(({ c, v }) => `${c.where} → ${c.provenance}: ${v.reason}`);
}

const alliance = loadAllianceData(loadTaxonomy().taxonomy, '2026-01-01T00:00:00.000Z');

describe('seed citations hold their facts', () => {
  it('every citation of the loaded alliance data (cities, companies, events)', () => {
    const citations = allianceCitations(alliance);
    expect(citations.length).toBeGreaterThan(600);
    expect(failures(citations)).toEqual([]);
  });

  it('every seed citation in any JSON file under data/', () => {
    const citations = jsonCitations(dataDir, files);
    expect(citations.length).toBeGreaterThan(200);
    expect(failures(citations)).toEqual([]);
  });

  it('every correction in data/seed/citation-fixes.json applies to a fact of its seed record', () => {
    const { fixes, sources } = JSON.parse(readFileSync(resolve(dataDir, 'seed/citation-fixes.json'), 'utf8')) as {
      fixes: { record: string; fact: string }[];
      sources: { record: string; file: string; fromLine: number }[];
    };
    const seedRecords = ['cities', 'companies', 'events'].flatMap(
      (f) => JSON.parse(readFileSync(resolve(dataDir, `seed/isa-facts/${f}.json`), 'utf8')) as { name?: string; id?: string }[],
    );
    const byName = new Map(seedRecords.map((r) => [r.name ?? r.id, JSON.stringify(r)]));
    for (const f of fixes) {
      const record = byName.get(f.record);
      expect(record, f.record).toBeDefined();
      expect(record!.includes(JSON.stringify(f.fact).slice(1, -1)), `${f.record}: ${f.fact}`).toBe(true);
    }
    for (const s of sources) expect(byName.get(s.record)?.includes(`"line":${s.fromLine}`), s.record).toBe(true);
  });
});

describe('the rule is strict enough', () => {
  // Citations the old loader served (a record's first source line for every fact without an inline
  // reference): each must be rejected, each corrected one accepted.
  const L = (f: keyof typeof SEED_FILES, n: number) => `seed:${SEED_FILES[f]}:${n}`;
  const fact = (text: string, provenance: string): Citation => ({ where: text, provenance, kind: 'fact', text });
  const wrong: Citation[] = [
    fact('Guangdong', L('000', 27)),
    fact('Hebei', L('004', 9)),
    fact('Zhejiang', L('004', 9)),
    fact('Henan', L('004', 9)),
    fact('14 Forschungseinrichtungen auf der Provinzebene', L('004', 9)),
    fact('14 nationale Technologiezentren von Unternehmen', L('004', 9)),
    fact('7 nationale Schlüssellabore', L('004', 9)),
    fact('9 nationale technische Forschungszentren', L('004', 9)),
    fact('über 2.000 Forschungseinrichtungen', L('004', 9)),
    fact("Teil des Städtenetzwerks 'Drei gewinnt' (siehe dort)", L('000', 27)),
    fact('Herbert Diess (Vorstandsvorsitzender)', L('004', 179)),
    fact('Friedhelm Ost (Staatssekretär a.D.)', L('003', 138)),
    fact('Ernst Schwanhold (Staatsminister a.D.)', L('003', 138)),
    fact('LIU Yi (Generalsekretärin)', L('003', 124)),
    fact('Qiang Rong (stellv. Generalsekretär; Chefrepräsentant der Stadt Foshan in Deutschland)', L('003', 124)),
    fact('Xixiong ZHU (stellv. Direktor)', L('003', 218)),
    fact('Yaojun XU / Xaojun Xu (Direktor)', L('003', 104)),
    fact('Petra Wassner (Geschäftsführerin)', L('003', 22)),
    fact('Dr. Christoph Beier (Stellv. Vorstandssprecher)', L('004', 262)),
    fact('Thorsten Giehler (Landesdirektor GIZ China)', L('004', 262)),
    fact('Ang Ye (Team Leader Energy-Efficient Buildings China)', L('004', 51)),
    fact('Christina Otte', L('004', 223)),
    fact('Achim Hartig', L('004', 223)),
    fact('Stefanie Zenk', L('004', 223)),
    fact('Sabine Dietlmeier', L('004', 219)),
    fact('Jens Hildebrandt', L('004', 508)),
    fact('Ursula Haufe', L('004', 1042)),
    fact("Vorstandsvorsitzender Michael Schumann: ISA 'flexibel, pragmatisch und äußerst effizient'", L('004', 531)),
  ];
  const right: Citation[] = [
    fact('Guangdong', L('004', 242)),
    fact('Henan', L('004', 640)),
    fact('über 2.000 Forschungseinrichtungen', L('004', 650)),
    fact('7 nationale Schlüssellabore', L('004', 650)),
    fact('7170000', L('004', 646)),
    fact("Teil des Städtenetzwerks 'Drei gewinnt' (siehe dort)", L('004', 7)),
    fact('Yaojun XU / Xaojun Xu (Direktor)', L('004', 78)),
    fact('Jens Hildebrandt', L('004', 808)),
    fact('Absichtserklärung GIZ–ISA (Foshan, 1.-2.11.2019)', L('004', 1241)),
    fact('Brügge und Abts als Gäste der Plenarsitzung am 24. April 2017', L('003', 24)),
  ];

  it('rejects each wrong citation of the old loader', () => {
    expect(wrong.filter((c) => check(c).ok).map((c) => `${c.where} @ ${c.provenance}`)).toEqual([]);
  });

  it('accepts the corrected ones and the forms of numbers and dates', () => {
    expect(right.map((c) => ({ c: c.where, v: check(c) })).filter(({ v }) => !v.ok)).toEqual([]);
  });
});
