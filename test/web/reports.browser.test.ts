/**
 * The reports area in Chromium: the secretariat produces a member city's report through the form, reads
 * it with its charts and downloads its CSV and printable page (in another language); sets up a quarterly
 * schedule whose reports appear after the scheduler's pass (no request), and stops it; a city key reads
 * its reports in German; an organisation's key receives the schedule's reports in Chinese. axe on every
 * page; no page errors.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../data/repositories/apiKeys.ts';
import { startWorkbench, type Workbench } from './workbench.ts';

const today = new Date().toISOString().slice(0, 10);

describe('periodic reports in the workbench', () => {
  let wb: Workbench;
  /** The member city whose companies met most at the simulated events, with its English name. */
  let city: { id: string; name: string };
  let organisationKey: string;
  beforeAll(async () => {
    wb = await startWorkbench({ demoCompanies: 200, demoPastEvents: 2 });
    const rows = await wb.t.ctx.db
      .selectFrom('event_participants as p')
      .innerJoin('companies as c', 'c.id', 'p.company_id')
      .innerJoin('cities as y', 'y.id', 'c.city_id')
      .select(['y.id', 'y.name_en'])
      .where('y.status', '=', 'member')
      .execute();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
    const id = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    city = { id, name: rows.find((r) => r.id === id)!.name_en };
    organisationKey = (await createApiKey(wb.t.ctx.db, { name: 'CIPA', role: 'company', companyId: 'cipa' })).secret;
  }, 180_000);
  afterAll(async () => wb?.close());

  it('the secretariat produces a city report, reads it with charts and downloads it as CSV and as a printable page', async () => {
    const wp = await wb.open({ key: wb.t.keys.secretariat });
    const { page } = wp;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Periodic reports' }).waitFor();
    const form = page.getByRole('region', { name: 'Produce a report' });
    await form.getByLabel('Kind of scope').selectOption('city');
    await form.getByLabel('Scope', { exact: true }).selectOption({ label: `${city.name} (${city.id.slice(0, 2).toUpperCase()})` });
    await form.getByLabel('From').fill('2024-01-01');
    await form.getByLabel('To (included)').fill(today);
    await form.getByLabel('Language').selectOption('en');
    await form.getByRole('button', { name: 'Produce the report' }).click();

    await page.getByRole('heading', { level: 1, name: `Report: ${city.name}` }).waitFor();
    for (const section of ['Summary', 'New city and company profiles', 'Match lists requested', 'Meetings held', 'Outcomes', 'Cooperation projects', 'Membership changes']) {
      await page.getByRole('heading', { level: 2, name: section, exact: true }).waitFor();
    }
    // Meetings per month and the follow-up stages as charts, each with its numbers as a table.
    await page.getByRole('img', { name: 'Meetings held per month' }).waitFor();
    await page.getByRole('img', { name: 'Follow-up stages of the accounts' }).waitFor();
    const meetings = page.locator('section[aria-labelledby="report-summary"] dd').nth(3);
    expect(Number((await meetings.textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);
    await wp.screenshot('reports-view');
    expect(await wp.seriousViolations()).toEqual([]);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe(`report-${city.id}-2024-01-01-${today}-en.csv`);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText).toContain('Section,Item,Id,Name,Date,Value');
    await page.getByLabel('Language of the files').selectOption('zh');
    const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download printable page' }).click()]);
    expect(html.suggestedFilename()).toMatch(/-zh\.html$/);
    const htmlText = readFileSync((await html.path())!, 'utf8');
    expect(htmlText).toContain('<html lang="zh-Hans">');
    expect(htmlText).toContain('已举行的洽谈');
    expect(htmlText).toContain('<svg');

    await page.getByRole('link', { name: 'All reports' }).click();
    await page.getByRole('heading', { level: 2, name: 'Stored reports' }).waitFor();
    await page.getByRole('link', { name: `Report: ${city.name}` }).first().waitFor();
    await wp.screenshot('reports-list');
    expect(await wp.seriousViolations()).toEqual([]);
    expect(wp.errors).toEqual([]);
  }, 60_000);

  it('a quarterly schedule gets its reports at the scheduler’s pass, without a request; the recipient organisation receives them in Chinese', async () => {
    const wp = await wb.open({ key: wb.t.keys.secretariat, path: '/reports' });
    const { page } = wp;
    await page.getByRole('navigation', { name: 'Report sections' }).getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('heading', { level: 1, name: 'Report schedules' }).waitFor();
    const form = page.getByRole('region', { name: 'New schedule' });
    await form.getByLabel('Kind of scope').selectOption('country');
    await form.getByLabel('Scope', { exact: true }).selectOption({ label: 'Chinese side' });
    await form.getByLabel('Cadence').selectOption('quarterly');
    await form.getByLabel('Receiving organisation').selectOption('cipa');
    await form.getByLabel('Other recipients (names, one per line)').fill('ISA secretariat, Foshan');
    await form.getByLabel('First period contains the day').fill('2025-01-01');
    await form.getByRole('button', { name: 'Add the schedule' }).click();
    const row = page.getByRole('row', { name: /Side of the alliance: Chinese side/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('ISA secretariat, Foshan');
    await wp.screenshot('reports-schedules');
    expect(await wp.seriousViolations()).toEqual([]);

    // The scheduler's pass, as the server runs it every few minutes: no HTTP request involved.
    const produced = await wb.t.ctx.reports.tick();
    expect(produced.length).toBeGreaterThanOrEqual(4);

    // The organisation's key receives the side's reports addressed to it, in Chinese.
    const org = await wb.open({ key: organisationKey, lang: 'zh', path: '/reports' });
    await org.page.getByRole('heading', { level: 1, name: '定期报告' }).waitFor();
    const first = org.page.getByRole('link', { name: '报告：中方' }).first();
    await first.waitFor();
    expect(await org.page.getByRole('link', { name: '报告：中方' }).count()).toBe(produced.length);
    await org.screenshot('reports-organisation-zh');
    expect(await org.seriousViolations()).toEqual([]);
    await first.click();
    await org.page.getByRole('heading', { level: 1, name: '报告：中方' }).waitFor();
    await org.page.getByText('按计划生成于', { exact: false }).waitFor();
    await org.screenshot('reports-organisation-zh-view');
    expect(await org.seriousViolations()).toEqual([]);
    expect(org.errors).toEqual([]);

    // Stopping the schedule keeps its reports.
    await page.getByRole('button', { name: 'Stop the schedule for Side of the alliance: Chinese side' }).click();
    await row.waitFor({ state: 'detached' });
    expect(wp.errors).toEqual([]);
  }, 60_000);

  it('a city key reads and produces its own city’s reports, in German', async () => {
    const wp = await wb.open({ key: wb.t.keys.city, lang: 'de', path: '/reports' });
    const { page } = wp;
    await page.getByRole('heading', { level: 1, name: 'Regelmäßige Berichte' }).waitFor();
    // Its own city is the one scope offered; no schedules tab.
    const form = page.getByRole('region', { name: 'Bericht erstellen' });
    expect(await form.getByLabel('Bereich', { exact: true }).locator('option').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Bereiche der Berichte' }).count()).toBe(0);
    await form.getByLabel('Von').fill('2021-01-01');
    await form.getByLabel('Bis (einschließlich)').fill(today);
    await form.getByRole('button', { name: 'Bericht erstellen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bericht: Foshan' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Geführte Gespräche' }).waitFor();
    // Foshan's projects of the papers: LUQOM's settlement agreed on 2021-02-03 (004 L491), among others.
    const projects = page.getByRole('region', { name: 'Kooperationsprojekte' });
    await projects.getByRole('cell', { name: '2021-02-03' }).waitFor();
    expect(await projects.getByRole('cell', { name: 'begonnen' }).count()).toBeGreaterThan(0);
    await wp.screenshot('reports-city-de');
    expect(await wp.seriousViolations()).toEqual([]);
    expect(wp.errors).toEqual([]);
  }, 60_000);
});
