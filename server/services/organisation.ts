/**
 * The alliance's organisation in one language: bodies, roles, people, rules and contradictions from
 * data/seed/alliance/organisation.json, with organisations linked to their company records where they exist.
 */
import type { Lang } from '../../engine/taxonomy.ts';
import { companyNamesByIds } from '../../data/repositories/companies.ts';
import { cityIdsExist } from '../../data/repositories/cities.ts';
import { loadAllianceOrganisation, organisationLinks, type OrganisationStatement } from '../../data/seed/allianceOrganisation.ts';
import { seedRef } from '../../data/seed/sources.ts';
import type { AppContext } from '../context.ts';

export async function allianceOrganisation(ctx: AppContext, lang: Lang) {
  const data = loadAllianceOrganisation();
  const links = organisationLinks(data);
  const companyNames = await companyNamesByIds(ctx.db, links.companyIds);
  const cities = await cityIdsExist(ctx.db, links.cityIds);
  const company = (id: string | null) => (id && companyNames.has(id) ? { id, name: companyNames.get(id)!.name } : null);
  const companies = (ids: readonly string[] | undefined) => (ids ?? []).map(company).filter((c) => c !== null);
  const city = (id: string | null) => (id && cities.has(id) ? id : null);
  const statement = (s: OrganisationStatement) => ({
    text: s.text[lang],
    original: lang === 'de' ? null : s.text.de,
    sources: s.sources.map((src) => ({ ...src, provenance: seedRef(src.file, src.line) })),
  });
  const roleName = new Map(data.roles.map((r) => [r.id, r.name[lang]]));
  const personName = new Map(data.people.map((p) => [p.id, p.name]));
  return {
    lang,
    translated: lang !== 'de',
    languageNote: data.languages[lang],
    bodies: data.bodies.map((b) => ({
      id: b.id,
      kind: b.kind,
      section: b.section,
      parentId: b.parent ?? null,
      name: b.name[lang],
      ledBy: b.ledBy ? { name: b.ledBy.name, cityId: city(b.ledBy.cityId) } : null,
      statements: b.statements.map(statement),
      members: b.members.map((m) => ({ name: m.name, company: company(m.companyId), cityId: city(m.cityId), statements: m.statements.map(statement) })),
    })),
    roles: data.roles.map((r) => ({
      id: r.id,
      name: r.name[lang],
      people: (r.people ?? []).map((id) => ({ id, name: personName.get(id)! })),
      companies: companies(r.companyIds),
      statements: r.statements.map(statement),
    })),
    people: data.people.map((p) => ({
      id: p.id,
      name: p.name,
      nameVariants: p.nameVariants ?? [],
      roles: p.roles.map((id) => ({ id, name: roleName.get(id)! })),
      companies: companies(p.companyIds),
      statements: p.statements.map(statement),
    })),
    rules: data.rules.map((r) => ({ id: r.id, topic: r.topic, title: r.title[lang], statements: r.statements.map(statement) })),
    contradictions: data.contradictions.map((c) => ({
      id: c.id,
      readmeItem: c.readmeItem,
      title: c.title[lang],
      summary: c.summary[lang],
      readings: c.readings.map(statement),
    })),
  };
}
