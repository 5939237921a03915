/** GET /alliance/organisation: the alliance's bodies, roles, people, rules and contradictions, in three languages. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOrganisation, loadAllianceOrganisation, organisationLinks } from '../../data/seed/allianceOrganisation.ts';
import { loadAllianceData } from '../../data/seed/isaFacts.ts';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { testApp, type TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const PROVENANCE = /^seed:00[0-4]_[0-9a-f]{16}\.txt:\d+$/;

interface Statement {
  text: string;
  original: string | null;
  sources: { file: string; line: number; quote: string; provenance: string }[];
}
interface Part {
  statements?: Statement[];
  readings?: Statement[];
  members?: { statements: Statement[] }[];
}
/** Every statement of a response, in document order. */
const allStatements = (body: Record<string, unknown>): Statement[] =>
  Object.values(body)
    .filter((v): v is Part[] => Array.isArray(v))
    .flat()
    .flatMap((x) => [...(x.statements ?? []), ...(x.readings ?? []), ...(x.members ?? []).flatMap((m) => m.statements)]);

describe('GET /alliance/organisation', () => {
  it('serves the bodies of 003 §II in German by default, committees led by Foshan and Jiangmen, members linked to company records', async () => {
    const res = await request(t.app).get('/alliance/organisation').expect(200);
    expect(res.body).toMatchObject({ lang: 'de', translated: false });
    const byId = new Map(res.body.bodies.map((b: { id: string }) => [b.id, b]));
    for (const id of ['vorstand', 'sekretariat', 'beirat', 'kontaktstellen', 'ausschuesse', 'ausschuss-investitionen', 'ausschuss-kmu']) expect(byId.has(id), id).toBe(true);
    expect(byId.get('ausschuss-investitionen')).toMatchObject({ parentId: 'ausschuesse', ledBy: { name: 'Foshan', cityId: 'cn-foshan' }, section: '003 II.2.5.1' });
    expect(byId.get('ausschuss-kmu')).toMatchObject({ ledBy: { name: 'Jiangmen', cityId: 'cn-jiangmen' } });
    const beirat = byId.get('beirat') as { members: { company: { id: string } | null }[] };
    expect(beirat.members.map((m) => m.company?.id)).toEqual(['cipa', 'ccid-group', 'nrw-invest']);
    const kontakt = byId.get('kontaktstellen') as { members: { company: { id: string; name: string } | null }[] };
    expect(kontakt.members[0]!.company).toMatchObject({ id: 'pks', name: expect.stringContaining('PKS') });
  });

  it('names the initiators, the secretary general and the rule that membership is free, each with file, line and quote', async () => {
    const res = await request(t.app).get('/alliance/organisation?lang=de').expect(200);
    const initiator = res.body.roles.find((r: { id: string }) => r.id === 'initiator');
    expect(initiator.people.map((p: { name: string }) => p.name)).toEqual(['Friedhelm Ost', 'Ernst Schwanhold']);
    expect(initiator.statements[0].sources).toContainEqual(
      expect.objectContaining({ file: '000_afbd4d96da3e41d4.txt', line: 23, provenance: 'seed:000_afbd4d96da3e41d4.txt:23' }),
    );
    const general = res.body.people.find((p: { id: string }) => p.id === 'liu-yi');
    expect(general).toMatchObject({ roles: [{ id: 'secretary-general' }], companies: [{ id: 'isa-secretariat' }] });
    const free = res.body.rules.find((r: { id: string }) => r.id === 'membership-free');
    const cited = free.statements.flatMap((s: Statement) => s.sources.map((x) => `${x.file.slice(0, 3)}:${x.line}`));
    expect(cited).toEqual(expect.arrayContaining(['000:32', '000:33', '002:71', '003:30']));
    const meetings = res.body.rules.find((r: { id: string }) => r.id === 'working-conferences');
    expect(meetings.statements.flatMap((s: Statement) => s.sources.map((x) => x.line))).toEqual(expect.arrayContaining([192, 196]));
    for (const s of allStatements(res.body)) {
      expect(s.original).toBeNull();
      expect(s.sources.length).toBeGreaterThan(0);
      for (const src of s.sources) {
        expect(src.provenance).toMatch(PROVENANCE);
        expect(src.quote.length).toBeGreaterThan(3);
      }
    }
  });

  it('states the contradictions of README items 8, 9 and 10 with both sides sourced', async () => {
    const res = await request(t.app).get('/alliance/organisation').expect(200);
    const items = res.body.contradictions.map((c: { readmeItem: number | null }) => c.readmeItem);
    expect(items).toEqual(expect.arrayContaining([8, 9, 10]));
    const nrw = res.body.contradictions.find((c: { readmeItem: number | null }) => c.readmeItem === 9);
    const lines = nrw.readings.flatMap((r: Statement) => r.sources.map((s) => s.line));
    expect(lines).toEqual(expect.arrayContaining([22, 134, 110]));
    for (const c of res.body.contradictions) expect(c.readings.length, c.id).toBeGreaterThanOrEqual(2);
  });

  it('answers in English and Chinese with the texts marked as translations of the German', async () => {
    const de = await request(t.app).get('/alliance/organisation?lang=de').expect(200);
    for (const lang of ['en', 'zh']) {
      const res = await request(t.app).get(`/alliance/organisation?lang=${lang}`).expect(200);
      expect(res.body).toMatchObject({ lang, translated: true });
      const statements = allStatements(res.body);
      const german = allStatements(de.body);
      expect(statements.length).toBe(german.length);
      statements.forEach((s, i) => {
        expect(s.original).toBe(german[i]!.text);
        expect(s.text).not.toBe(german[i]!.text);
        // Quotes stay the papers' own German.
        expect(s.sources.map((x: Statement['sources'][number]) => x.quote)).toEqual(german[i]!.sources.map((x) => x.quote));
      });
    }
    const zh = await request(t.app).get('/alliance/organisation?lang=zh').expect(200);
    expect(zh.body.bodies.find((b: { id: string }) => b.id === 'beirat').name).toBe('顾问委员会');
  });

  it('rejects an unknown language naming the field', async () => {
    const res = await request(t.app).get('/alliance/organisation?lang=fr').expect(400);
    expect(JSON.stringify(res.body)).toContain('lang');
  });
});

describe('data/seed/alliance/organisation.json', () => {
  const data = loadAllianceOrganisation();

  it('links only companies and cities the seeded alliance has', () => {
    const alliance = loadAllianceData(loadTaxonomy().taxonomy, '');
    const { companyIds, cityIds } = organisationLinks(data);
    const companies = new Set(alliance.companies.map((c) => c.id));
    const cities = new Set(alliance.cities.map((c) => c.id));
    expect(companyIds.filter((id) => !companies.has(id))).toEqual([]);
    expect(cityIds.filter((id) => !cities.has(id))).toEqual([]);
  });

  it('refuses a file whose parts do not fit together', () => {
    const broken = structuredClone(data);
    broken.people[0]!.roles = ['no-such-role'];
    broken.rules[0]!.statements[0]!.sources = [];
    expect(() => checkOrganisation(broken)).toThrow(/unknown role no-such-role.*without a source|without a source.*unknown role/);
  });
});
