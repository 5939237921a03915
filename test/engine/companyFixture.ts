/** A company as the API would store it, from a country, NACE codes and wishes: for scoring tests. */
import type { Company, Wish } from '../../engine/model.ts';

let n = 0;

export function testCompany(country: string, codes: string[], wishes: Partial<Wish>[], extra: Partial<Company> = {}): Company {
  n++;
  return {
    id: `c${n}`,
    name: extra.name ?? `Company ${n}`,
    orgType: 'company',
    country,
    cityId: null,
    cityName: null,
    groupId: null,
    size: { employees: 100, sizeClass: 'medium', revenueBand: null },
    foundedYear: null,
    industries: codes.map((code) => ({ scheme: 'NACE' as const, code, nace: [{ code, weight: 1 }] })),
    industryText: null,
    description: {},
    languages: [],
    wishes: wishes.map((w) => ({ direction: 'offer', type: 'distribution', clusters: [], targetCountry: null, description: {}, provenance: 'api', ...w }) as Wish),
    contact: {},
    facts: [],
    demo: false,
    provenance: [],
    fieldProvenance: {},
    createdAt: '',
    updatedAt: '',
    ...extra,
  };
}
