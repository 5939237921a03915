/**
 * The cooperation projects the seed papers report (alliance/projects.json): each status entry cites its
 * line with a verbatim quote. Seeded once (meta 'projects_seeded_at'), on a fresh database after the
 * alliance's facts and on one seeded before projects existed.
 */
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Taxonomy } from '../../engine/taxonomy.ts';
import type { CooperationProject, LinkKind, PartyKind, PartyRole, ProjectStatus, ProjectType } from '../../engine/projects.ts';
import type { Database } from '../schema.ts';
import { getMeta, setMeta } from '../repositories/meta.ts';
import { insertProject } from '../repositories/projects.ts';
import { seedRef } from './sources.ts';

interface SeedQuote {
  file: string;
  line: number;
  quote: string;
}

export interface SeedProject {
  id: string;
  title: CooperationProject['title'];
  summary: CooperationProject['summary'];
  type: ProjectType;
  naceCodes: string[];
  volume: CooperationProject['volume'];
  parties: { kind: PartyKind; id: string | null; name: string; country: string; role: PartyRole }[];
  history: { status: ProjectStatus; date: string; source: SeedQuote; note: string | null }[];
  links: { kind: LinkKind; refId: string }[];
  sources: SeedQuote[];
}

export const SEED_PROJECTS_FILE = new URL('./alliance/projects.json', import.meta.url);

export function readSeedProjects(): { projects: SeedProject[]; excluded: { name: string; source: SeedQuote; reason: string }[] } {
  return JSON.parse(readFileSync(SEED_PROJECTS_FILE, 'utf8'));
}

/** The seed file's projects as records; NACE codes through the taxonomy (unknown codes are left out). */
export function loadSeedProjects(taxonomy: Taxonomy, now: string): CooperationProject[] {
  return readSeedProjects().projects.map((p) => {
    const history = p.history.map((h, seq) => ({
      seq,
      status: h.status,
      date: h.date,
      provenance: seedRef(h.source.file, h.source.line),
      quote: h.source.quote,
      note: h.note,
      recordedBy: 'seed',
      recordedAt: now,
    }));
    return {
      id: p.id,
      title: p.title,
      summary: p.summary,
      type: p.type,
      naceCodes: [...new Set(p.naceCodes.map((c) => taxonomy.normalizeNace(c)).filter((c): c is string => !!c))],
      volume: p.volume,
      status: history[history.length - 1]!.status,
      statusDate: history[history.length - 1]!.date,
      parties: p.parties,
      history,
      links: p.links,
      sources: p.sources.map((s) => ({ provenance: seedRef(s.file, s.line), quote: s.quote })),
      createdBy: 'seed',
      createdAt: now,
      updatedAt: now,
    };
  });
}

/**
 * Writes the seeded projects once, in one transaction. A party's company or city id that the database
 * does not hold is kept as a name only (party id null), so a project never points nowhere.
 */
export async function seedProjects(db: Kysely<Database>, taxonomy: Taxonomy, now: string): Promise<number> {
  if (await getMeta(db, 'projects_seeded_at')) return 0;
  const projects = loadSeedProjects(taxonomy, now);
  const companyIds = new Set((await db.selectFrom('companies').select('id').where('demo', '=', 0).execute()).map((r) => r.id));
  const cityIds = new Set((await db.selectFrom('cities').select('id').execute()).map((r) => r.id));
  await db.transaction().execute(async (trx) => {
    for (const project of projects) {
      const parties = project.parties.map((party) => {
        const known = party.kind === 'company' ? companyIds.has(party.id ?? '') : party.kind === 'city' ? cityIds.has(party.id ?? '') : false;
        return { ...party, id: known ? party.id : null };
      });
      await insertProject(trx, { ...project, parties }, taxonomy);
    }
    await setMeta(trx, 'projects_seeded_at', now);
  });
  return projects.length;
}
