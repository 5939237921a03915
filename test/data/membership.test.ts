/**
 * The membership registry against the papers: the composition on their dates matches them where they
 * agree and names both sources where they do not; every city's derived status; every citation of the
 * registry's seed file names a line that contains its quote.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cityStandings, compose, type Composition, type RegistryCity } from '../../engine/alliance/membership.ts';
import { loadSeedRegistry } from '../../data/seed/alliance/membership.ts';
import { loadAllianceData } from '../../data/seed/isaFacts.ts';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { sharedPath } from '../sharedData.ts';

const registry = loadSeedRegistry();
const cities: RegistryCity[] = loadAllianceData(loadTaxonomy().taxonomy, '2026-01-01T00:00:00.000Z').cities.map((c) => ({
  id: c.id,
  country: c.country,
  kind: c.kind,
  networkId: c.networkId,
  name: c.name,
}));
const on = (date: string) => compose(registry, cities, date);
const members = (c: Composition, country: string) => c.entries.filter((e) => e.country === country && e.status === 'member').map((e) => e.cityId);
const statedBy = (c: Composition, line: string) => Object.fromEntries(c.stated.filter((s) => s.source.provenance.endsWith(line)).map((s) => [s.country, s.count]));

describe('the composition on the papers’ dates', () => {
  it('before 2017-04-24: the 10 German and 14 Chinese members of 000 L27–30, as stated there', () => {
    const c = on('2017-04-23');
    expect(c.counts.DE!.members).toBe(10);
    expect(c.counts.CN!.members).toBe(14);
    expect(statedBy(c, '000_afbd4d96da3e41d4.txt:27')).toEqual({ DE: 10 });
    expect(statedBy(c, '000_afbd4d96da3e41d4.txt:28')).toEqual({ CN: 14 });
    expect(c.agrees).toBe(true);
    // The three towns of "Drei gewinnt" are listed, and counted, one by one here.
    expect(members(c, 'DE')).toEqual(expect.arrayContaining(['de-ruesselsheim', 'de-raunheim', 'de-kelsterbach', 'de-mainz']));
  });

  it('on 2017-09-27: 9 and 14 (003 L20), without Mainz, and says Mainz left no withdrawal', () => {
    const c = on('2017-09-27');
    expect([c.counts.DE!.members, c.counts.CN!.members]).toEqual([9, 14]);
    expect(members(c, 'DE')).not.toContain('de-mainz');
    expect(c.agrees).toBe(true);
    const mainz = c.disagreements.find((d) => d.cityId === 'de-mainz')!;
    expect(mainz.code).toBe('unlisted');
    expect(mainz.sources.map((s) => s.provenance)).toEqual(expect.arrayContaining(['seed:000_afbd4d96da3e41d4.txt:28', 'seed:003_bd051098fc9e533c.txt:20']));
    expect(c.ratio).toBeCloseTo(14 / 9, 3);
  });

  it('the portal introduction: states 20 and 27, names 19 and 25 with Dortmund as guest — and says so, naming both lines', () => {
    const c = on('2021-03-01');
    expect(statedBy(c, '004_f02afc7b51460772.txt:5')).toEqual({ DE: 20, CN: 27 });
    expect([c.counts.DE!.members, c.counts.DE!.guests, c.counts.CN!.members]).toEqual([19, 1, 25]);
    expect(c.entries.find((e) => e.cityId === 'de-dortmund')!.status).toBe('guest');
    expect(c.agrees).toBe(false);
    const de = c.disagreements.find((d) => d.code === 'count' && d.country === 'DE')!;
    expect(de.figures).toEqual({ stated: 20, named: 19 });
    expect(de.sources.map((s) => s.provenance)).toEqual(expect.arrayContaining(['seed:004_f02afc7b51460772.txt:5', 'seed:004_f02afc7b51460772.txt:7']));
    const cn = c.disagreements.find((d) => d.code === 'count' && d.country === 'CN')!;
    expect(cn.sources.map((s) => s.provenance)).toEqual(expect.arrayContaining(['seed:004_f02afc7b51460772.txt:5', 'seed:004_f02afc7b51460772.txt:9']));
  });

  it('mid-2021: 21 and 26 as 004 L163 states them, beside the portal’s 20 and 27', () => {
    const c = on('2021-06-30');
    expect(statedBy(c, '004_f02afc7b51460772.txt:163')).toEqual({ DE: 21, CN: 26 });
    expect(statedBy(c, '004_f02afc7b51460772.txt:5')).toEqual({ DE: 20, CN: 27 });
    expect(c.disagreements.filter((d) => d.code === 'count').flatMap((d) => d.sources.map((s) => s.provenance))).toEqual(
      expect.arrayContaining(['seed:004_f02afc7b51460772.txt:163', 'seed:004_f02afc7b51460772.txt:5']),
    );
  });

  it('counts a network and its towns once, in the unit the list in force uses', () => {
    const c = on('2021-03-01');
    const drei = c.entries.find((e) => e.cityId === 'de-drei-gewinnt')!;
    expect(drei.towns.sort()).toEqual(['de-kelsterbach', 'de-raunheim', 'de-ruesselsheim']);
    for (const town of [...drei.towns, 'de-lahr', 'de-freiburg']) expect(c.entries.some((e) => e.cityId === town)).toBe(false);
    expect(c.disagreements.some((d) => d.code === 'unlisted' && drei.towns.includes(d.cityId ?? ''))).toBe(false);
  });

  it('the founding lists of 002 and 003 disagree: Köln and Nürnberg are contested, and 002 names 8 where it says 7', () => {
    const c = on('2016-04-30');
    expect(c.counts.CN!.members).toBe(11);
    expect(c.counts.DE).toMatchObject({ members: 8, contested: 2, unnamed: 1 });
    expect(c.disagreements.filter((d) => d.code === 'roll').map((d) => d.cityId).sort()).toEqual(['de-koeln', 'de-nuernberg']);
    expect(c.disagreements.some((d) => d.code === 'count' && d.sources.some((s) => s.provenance.endsWith('002_149451d3eb973286.txt:55')))).toBe(true);
  });

  it('a dated admission after a list adds the city (Kaiserslautern "seit 2018", 004 L1345)', () => {
    expect(members(on('2017-12-31'), 'DE')).not.toContain('de-kaiserslautern');
    expect(members(on('2018-06-01'), 'DE')).toContain('de-kaiserslautern');
  });
});

describe('every city’s standing today', () => {
  const standing = cityStandings(registry, cities, '2026-12-06');

  it('serves 19 German and 25 Chinese members: networks once, towns through them', () => {
    const count = (country: string) => cities.filter((c) => c.country === country && standing.get(c.id)!.current === 'member').length;
    expect([count('DE'), count('CN')]).toEqual([19, 25]);
    for (const town of ['de-ruesselsheim', 'de-raunheim', 'de-kelsterbach', 'de-lahr', 'de-freiburg']) expect(standing.get(town)!.current).toBe('network');
  });

  it('Dortmund is a guest, and the newsletter that calls it a member is a dispute with both sources', () => {
    const dortmund = standing.get('de-dortmund')!;
    expect(dortmund.current).toBe('guest');
    expect(dortmund.disputes[0]!.claims.map((c) => c.provenance)).toEqual(['seed:004_f02afc7b51460772.txt:7', 'seed:004_f02afc7b51460772.txt:64']);
  });

  it('Braunschweig, Gera and Kassel attended one meeting as guests and hold no standing', () => {
    for (const id of ['de-braunschweig', 'de-gera', 'de-kassel']) {
      expect(standing.get(id)!.current).toBe('none');
      expect(standing.get(id)!.note).toContain('attended-as-guest');
    }
  });

  it('Köln’s and Nürnberg’s start is disputed, not flattened to the founding list of 002', () => {
    const koeln = standing.get('de-koeln')!;
    expect(koeln.since).toBeNull();
    expect(koeln.disputes).toEqual([
      {
        field: 'since',
        claims: [
          { value: '2016-04', provenance: 'seed:002_149451d3eb973286.txt:56', quote: 'Köln' },
          { value: '2017-04-24', provenance: 'seed:000_afbd4d96da3e41d4.txt:5', quote: '24. April 2017' },
        ],
      },
    ]);
    expect(standing.get('de-nuernberg')!.since).toBeNull();
    expect(standing.get('de-nuernberg')!.disputes[0]!.claims.map((c) => c.value)).toEqual(['2016-04', '2017-04-23']);
    expect(standing.get('de-aachen')!.since).toBe('2016-04');
    expect(standing.get('cn-baoding')!.since).toBe('2020-10');
  });

  it('Yunfu is no longer listed, and the note says no withdrawal is reported', () => {
    expect(standing.get('cn-yunfu')!.current).toBe('former');
    expect(standing.get('cn-yunfu')!.note).toContain('no withdrawal is reported');
  });

  it('the Rhein-Kreis Neuss Kreistag only recommended membership: that statement changes nothing', () => {
    expect(members(on('2017-12-31'), 'DE')).not.toContain('de-rhein-kreis-neuss');
    const recommended = registry.statements.find((s) => s.cityId === 'de-rhein-kreis-neuss' && s.kind === 'recommended')!;
    expect(recommended.provenance).toBe('seed:003_bd051098fc9e533c.txt:34');
  });
});

describe('the registry’s citations', () => {
  const lines = new Map<string, string[]>();
  const lineOf = (provenance: string) => {
    const [, file, line] = provenance.match(/^seed:(.+):(\d+)$/)!;
    if (!lines.has(file!)) lines.set(file!, readFileSync(sharedPath(`seeds/${file}`), 'utf8').split('\n'));
    return lines.get(file!)![Number(line) - 1] ?? '';
  };

  it('every roll, count and statement cites a line that contains its quote', () => {
    const cited = [...registry.rolls.flatMap((r) => [r, ...r.stated, ...r.unnamed]), ...registry.counts, ...registry.statements];
    expect(cited.length).toBeGreaterThan(100);
    for (const c of cited) {
      expect(c.provenance).toMatch(/^seed:00[0-4]_[0-9a-f]{16}\.txt:\d+$/);
      expect(lineOf(c.provenance), `${c.provenance} should contain "${c.quote}"`).toContain(c.quote!);
    }
  });
});
