/**
 * The alliance's bodies, roles, people, rules and the contradictions about them, as the seed papers state
 * them (data/seed/alliance/organisation.json). Read once and checked: every statement has a source with a
 * quote, and every reference between the parts (a person's role, a committee's parent) exists.
 */
import { readFileSync } from 'node:fs';
import type { Lang } from '../../engine/taxonomy.ts';

export type Trilingual = Record<Lang, string>;

export interface OrganisationSource {
  file: string;
  line: number;
  /** Verbatim from that line. */
  quote: string;
}

export interface OrganisationStatement {
  /** `de` follows the seeds' wording; `en` and `zh` are the project's own translations. */
  text: Trilingual;
  sources: OrganisationSource[];
}

export interface OrganisationMember {
  name: string;
  companyId: string | null;
  cityId: string | null;
  statements: OrganisationStatement[];
}

export interface OrganisationBody {
  id: string;
  kind: string;
  /** Where the annex of 003 describes it ("003 II.2.1"); null for a body only the newsletters name. */
  section: string | null;
  parent?: string;
  name: Trilingual;
  ledBy?: { name: string; cityId: string | null };
  statements: OrganisationStatement[];
  members: OrganisationMember[];
}

export interface OrganisationRole {
  id: string;
  name: Trilingual;
  people?: string[];
  companyIds?: string[];
  statements: OrganisationStatement[];
}

export interface OrganisationPerson {
  id: string;
  name: string;
  nameVariants?: string[];
  companyIds: string[];
  roles: string[];
  statements: OrganisationStatement[];
}

export interface OrganisationRule {
  id: string;
  topic: 'membership' | 'financing' | 'meetings';
  title: Trilingual;
  statements: OrganisationStatement[];
}

export interface OrganisationContradiction {
  id: string;
  /** The item of the reference README's contradictions list, where it is one. */
  readmeItem: number | null;
  title: Trilingual;
  summary: Trilingual;
  readings: OrganisationStatement[];
}

export interface AllianceOrganisation {
  about: string;
  languages: Trilingual;
  bodies: OrganisationBody[];
  roles: OrganisationRole[];
  people: OrganisationPerson[];
  rules: OrganisationRule[];
  contradictions: OrganisationContradiction[];
}

let cached: AllianceOrganisation | undefined;

/** The organisation data, read on first use; throws naming the fault when the file contradicts itself. */
export function loadAllianceOrganisation(): AllianceOrganisation {
  if (!cached) {
    const data = JSON.parse(readFileSync(new URL('./alliance/organisation.json', import.meta.url), 'utf8')) as AllianceOrganisation;
    checkOrganisation(data);
    cached = data;
  }
  return cached;
}

export function checkOrganisation(data: AllianceOrganisation): void {
  const faults: string[] = [];
  const statements: (readonly [string, OrganisationStatement])[] = [
    ...data.bodies.flatMap((b) => [...b.statements.map((s) => [`body ${b.id}`, s] as const), ...b.members.flatMap((m) => m.statements.map((s) => [`body ${b.id} member ${m.name}`, s] as const))]),
    ...data.roles.flatMap((r) => r.statements.map((s) => [`role ${r.id}`, s] as const)),
    ...data.people.flatMap((p) => p.statements.map((s) => [`person ${p.id}`, s] as const)),
    ...data.rules.flatMap((r) => r.statements.map((s) => [`rule ${r.id}`, s] as const)),
    ...data.contradictions.flatMap((c) => c.readings.map((s) => [`contradiction ${c.id}`, s] as const)),
  ];
  for (const [where, s] of statements) {
    if (!s.text.de || !s.text.en || !s.text.zh) faults.push(`${where}: a statement lacks a language`);
    if (!s.sources.length) faults.push(`${where}: a statement without a source`);
    for (const src of s.sources) if (!src.quote || !(src.line > 0)) faults.push(`${where}: a source without line or quote`);
  }
  const unique = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) faults.push(`${kind} ${id} twice`);
      seen.add(id);
    }
    return seen;
  };
  const bodyIds = unique('body', data.bodies.map((b) => b.id));
  const roleIds = unique('role', data.roles.map((r) => r.id));
  const personIds = unique('person', data.people.map((p) => p.id));
  unique('rule', data.rules.map((r) => r.id));
  unique('contradiction', data.contradictions.map((c) => c.id));
  for (const b of data.bodies) if (b.parent && !bodyIds.has(b.parent)) faults.push(`body ${b.id}: unknown parent ${b.parent}`);
  for (const p of data.people) for (const r of p.roles) if (!roleIds.has(r)) faults.push(`person ${p.id}: unknown role ${r}`);
  for (const r of data.roles) for (const p of r.people ?? []) if (!personIds.has(p)) faults.push(`role ${r.id}: unknown person ${p}`);
  if (faults.length) throw new Error(`data/seed/alliance/organisation.json: ${faults.join('; ')}`);
}

/** Every company and city id the organisation data links to. */
export function organisationLinks(data: AllianceOrganisation): { companyIds: string[]; cityIds: string[] } {
  const companyIds = new Set<string>();
  const cityIds = new Set<string>();
  for (const b of data.bodies) {
    if (b.ledBy?.cityId) cityIds.add(b.ledBy.cityId);
    for (const m of b.members) {
      if (m.companyId) companyIds.add(m.companyId);
      if (m.cityId) cityIds.add(m.cityId);
    }
  }
  for (const r of data.roles) for (const id of r.companyIds ?? []) companyIds.add(id);
  for (const p of data.people) for (const id of p.companyIds) companyIds.add(id);
  return { companyIds: [...companyIds], cityIds: [...cityIds] };
}
