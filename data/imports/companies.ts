/**
 * Companies from a spreadsheet (`npm run import -- companies`): every row checked (country, city in
 * the directory and in that country, NACE codes against the taxonomy, ids not taken), all problems
 * reported, the whole file stored in one transaction only when no row has any.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ORG_TYPES, sizeClassOf } from '../../engine/cooperation.ts';
import { COMPANY_COLUMNS } from '../../engine/imports.ts';
import type { City, Company } from '../../engine/model.ts';
import type { Taxonomy } from '../../engine/taxonomy.ts';
import type { Database } from '../schema.ts';
import { companyNamesByIds, insertCompanies } from '../repositories/companies.ts';
import { headerProblems, importProblem, RowReader, type ImportProblem, type ImportProgress, type ImportReport } from './report.ts';
import { citiesNamed } from './lookups.ts';
import type { Sheet } from './sheet.ts';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** The ids already taken and the cities a file names, looked up once for all its rows. */
interface Known {
  taken: Set<string>;
  cities: Map<string, City | undefined>;
}

async function knownOf(db: Kysely<Database>, sheet: Sheet): Promise<Known> {
  const taken = new Set((await companyNamesByIds(db, sheet.rows.flatMap((r) => (r.cells.id ? [r.cells.id] : [])))).keys());
  return { taken, cities: await citiesNamed(db, sheet) };
}

function checkRow(known: Known, taxonomy: Taxonomy, line: number, cells: Record<string, string>, now: string): { company?: Company; problems: ImportProblem[] } {
  const row = new RowReader(line, cells);
  const id = row.pattern('id', ID);
  const name = row.text('name', { required: true, max: 200 });
  let country = row.text('country', { required: true })?.toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country)) {
    row.problem('country', 'badFormat', { value: country });
    country = undefined;
  }
  const cityId = row.text('city_id', { max: 80 });
  const cityName = row.text('city_name', { max: 120 });
  const orgType = row.oneOf('org_type', ORG_TYPES, { fold: 'lower' }) ?? 'company';
  const employees = row.integer('employees', 0, 10_000_000) ?? null;
  const foundedYear = row.integer('founded_year', 1700, 2100) ?? null;
  const codes = (row.text('nace') ?? '').split(/[\s,;]+/).filter(Boolean);
  const languages = row.list('languages', /^[a-z]{2,3}$/, 10);
  const website = row.pattern('website', /^https?:\/\/\S+$/);
  const description = Object.fromEntries((['en', 'de', 'zh'] as const).flatMap((l) => {
    const text = row.text(`description_${l}`, { max: 4000 });
    return text ? [[l, text]] : [];
  }));
  if (id && known.taken.has(id)) row.problem('id', 'exists', { value: id });
  const city = cityId ? known.cities.get(cityId) : undefined;
  if (cityId && !city) row.problem('city_id', 'unknownCity', { value: cityId });
  else if (city && country && city.country !== country) row.problem('city_id', 'cityCountry', { value: city.id, other: city.country });
  const industries: Company['industries'] = [];
  for (const code of codes) {
    const normal = taxonomy.normalizeNace(code);
    if (!normal) row.problem('nace', 'unknownIndustry', { value: code });
    else if (!industries.some((i) => i.code === normal)) industries.push({ scheme: 'NACE', code: normal, nace: taxonomy.toNace('NACE', normal) });
  }
  if (row.problems.length || !name || !country) return { problems: row.problems };
  return {
    problems: [],
    company: {
      id: id ?? randomUUID(),
      name,
      orgType,
      country,
      cityId: city?.id ?? null,
      cityName: cityName ?? city?.name.en ?? null,
      groupId: null,
      size: { employees, sizeClass: employees === null ? null : sizeClassOf(employees), revenueBand: null },
      foundedYear,
      industries,
      industryText: null,
      description,
      languages,
      wishes: [],
      contact: website ? { website } : {},
      facts: [],
      demo: false,
      provenance: ['import'],
      fieldProvenance: {},
      createdAt: now,
      updatedAt: now,
    },
  };
}

export async function importCompanies(db: Kysely<Database>, taxonomy: Taxonomy, sheet: Sheet, options: { dryRun: boolean; onProgress?: ImportProgress }): Promise<ImportReport> {
  const total = sheet.rows.length;
  const report = (problems: ImportProblem[], stored = 0): ImportReport => ({ kind: 'companies', rows: total, stored, dryRun: options.dryRun, problems });
  const header = headerProblems(sheet.columns, COMPANY_COLUMNS, ['name', 'country']);
  if (header.length) return report(header);
  const now = new Date().toISOString();
  const problems: ImportProblem[] = [];
  const companies: Company[] = [];
  const idLine = new Map<string, number>();
  const known = await knownOf(db, sheet);
  for (const [i, { line, cells }] of sheet.rows.entries()) {
    const checked = checkRow(known, taxonomy, line, cells, now);
    problems.push(...checked.problems);
    const id = cells.id;
    if (id) {
      const other = idLine.get(id);
      if (other !== undefined) problems.push(importProblem(line, 'id', 'duplicateInFile', { value: id, other }));
      else idLine.set(id, line);
    }
    if (checked.company) companies.push(checked.company);
    options.onProgress?.({ phase: 'checking', done: i + 1, total });
  }
  if (problems.length || options.dryRun) return report(problems);
  options.onProgress?.({ phase: 'storing', done: 0, total });
  await db.transaction().execute((trx) => insertCompanies(trx, companies, taxonomy));
  options.onProgress?.({ phase: 'storing', done: total, total });
  return report([], companies.length);
}
