/**
 * The projects journeys in Chromium: any key finds the papers' projects with the filters (the address
 * keeps them) and reads one with its cited seed line and quote; Foshan's city key records a project
 * (a bad NACE code first gets the API's message at its field), then a status change (a date before the
 * last entry first gets the message at the date); an organiser turns a meeting's agreement into a
 * project from its draft; the pages speak German and Chinese. Every page: no serious axe violation, no
 * page error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementEvent } from '../projectsFixture.ts';
import { startWorkbench, type Workbench } from './workbench.ts';

describe('the projects journeys', () => {
  let wb: Workbench;
  beforeAll(async () => {
    wb = await startWorkbench({ demoCompanies: 20 });
  }, 120_000);
  afterAll(async () => wb?.close());

  it('lists the papers’ projects, filters them by city, status and sector, and shows one with its sources', async () => {
    const wp = await wb.open({ key: wb.t.keys.analyst, path: '/projects' });
    const { page } = wp;
    await page.getByRole('heading', { name: 'Cooperation projects', level: 1 }).waitFor();
    await page.getByRole('status').getByText('9 projects').waitFor();
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('projects-list');

    await page.getByLabel('City').selectOption('cn-foshan');
    await page.getByRole('status').getByText('6 projects').waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('agreed');
    await page.getByRole('status').getByText('5 projects').waitFor();
    await page.getByLabel('Sector (NACE code)').fill('C27');
    await page.getByRole('button', { name: 'Apply' }).nth(1).click();
    await page.getByRole('status').getByText('1 projects').waitFor();
    expect(page.url()).toContain('city=cn-foshan');
    expect(page.url()).toContain('sector=C27');
    await wp.screenshot('projects-list-filtered');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('projects.csv');

    await page.getByRole('link', { name: 'LUQOM Group settles in the Foshan Sino-German Industrial Service Zone' }).click();
    await page.getByRole('heading', { name: 'LUQOM Group settles in the Foshan Sino-German Industrial Service Zone', level: 1 }).waitFor();
    const timeline = page.locator('ol.timeline');
    await timeline.getByText('Agreed on 2021-02-03').waitFor();
    expect(await timeline.innerText()).toContain('seed 004 L491');
    expect(await timeline.innerText()).toContain('Am 3. Februar unterzeichnete die LUQOM Gruppe (Lampenwelt)');
    expect(await page.getByText('not stated by any source').count()).toBe(1);
    // An analyst reads; it records nothing.
    expect(await page.getByRole('heading', { name: 'Record a status change' }).count()).toBe(0);
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('projects-detail');
    await page.getByRole('row', { name: /Foshan/ }).getByRole('link', { name: 'Foshan' }).click();
    await page.waitForURL(/#\/cities\/cn-foshan/);
    expect(wp.errors).toEqual([]);
  }, 60_000);

  it("lets Foshan's key record a project and a status change, the API's messages shown at their fields", async () => {
    const wp = await wb.open({ key: wb.t.keys.city, path: '/projects' });
    const { page } = wp;
    await page.getByRole('link', { name: 'New project' }).click();
    await page.getByRole('heading', { name: 'New cooperation project', level: 1 }).waitFor();
    // The city's key starts with its city as a party.
    expect(await page.getByLabel('Id of the company or city').inputValue()).toBe('cn-foshan');
    await page.getByLabel('Title (English)').fill('Robot cells for furniture makers');
    await page.getByLabel('Type').selectOption('joint-venture');
    await page.getByLabel('Sectors (NACE codes, separated by commas)').fill('28.99, 99.9');
    await page.getByRole('button', { name: 'Add a party' }).click();
    await page.getByRole('group', { name: 'Party 2' }).getByLabel('Id of the company or city').fill('demo-000001');
    await page.getByLabel('New status').selectOption('negotiation');
    await page.getByLabel('Date').fill('2026-03-02');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.locator('.field-error').getByText("'99.9' is not a NACE Rev. 2 code").waitFor();
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('projects-form-error');

    await page.getByLabel('Sectors (NACE codes, separated by commas)').fill('28.99');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Robot cells for furniture makers', level: 1 }).waitFor();
    await page.locator('ol.timeline').getByText('Negotiation on 2026-03-02').waitFor();

    // A date before the last entry: the message at the date; then a good one.
    await page.getByLabel('New status').selectOption('agreed');
    await page.getByLabel('Date').fill('2026-02');
    await page.getByRole('button', { name: 'Record status' }).click();
    await page.locator('.field-error').getByText(/precedes the last status entry/).waitFor();
    await page.getByLabel('Date').fill('2026-04-01');
    await page.getByLabel('Words of the source').fill('Vertrag unterzeichnet');
    await page.getByRole('button', { name: 'Record status' }).click();
    await page.locator('ol.timeline').getByText('Agreed on 2026-04-01').waitFor();
    expect(await page.locator('ol.timeline li').count()).toBe(2);
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('projects-created');
    expect(wp.errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  }, 60_000);

  it("turns a meeting's agreement into a project from its draft", async () => {
    const { eventId } = await agreementEvent(wb.t);
    const wp = await wb.open({ key: wb.t.keys.organiser, path: '/projects/drafts' });
    const { page } = wp;
    await page.getByRole('heading', { name: 'Projects from agreements', level: 1 }).waitFor();
    await page.getByLabel('Event').selectOption(eventId);
    await page.getByRole('button', { name: 'Draft a project from this agreement' }).click();
    await page.getByRole('heading', { name: 'Confirm the draft' }).waitFor();
    expect(await page.getByLabel('Type').inputValue()).toBe('joint-venture');
    expect(await page.getByLabel('New status').inputValue()).toBe('agreed');
    expect(await page.getByLabel('Date').inputValue()).toBe('2026-11-25');
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('projects-draft');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.locator('ol.timeline').getByText('Agreed on 2026-11-25').waitFor();
    await page.getByRole('heading', { name: 'What led to it' }).waitFor();
    expect(await page.getByText('Outcome of a meeting:').count()).toBe(1);
    // The draft now names the project made from it.
    // (Through the menu: a hash address with a query, typed in, is taken whole for the path by the router.)
    await page.getByRole('navigation').getByRole('link', { name: 'Drafts from agreements' }).click();
    await page.getByLabel('Event').selectOption(eventId);
    await page.getByText('Already a project:').waitFor();
    expect(wp.errors).toEqual([]);
  }, 60_000);

  it('speaks German and Chinese', async () => {
    const de = await wb.open({ lang: 'de', key: wb.t.keys.analyst, path: '/projects' });
    await de.page.getByRole('heading', { name: 'Kooperationsprojekte', level: 1 }).waitFor();
    await de.page.getByRole('link', { name: 'Ansiedlung der LUQOM Gruppe in der Foshan Chinesisch-Deutschen Industrie Service Zone' }).waitFor();
    const zh = await wb.open({ lang: 'zh', key: wb.t.keys.analyst, path: '/projects/luqom-foshan-settlement' });
    await zh.page.getByRole('heading', { name: 'LUQOM集团入驻佛山中德工业服务区', level: 1 }).waitFor();
    expect(await zh.page.locator('ol.timeline').innerText()).toContain('资料 004 第 491 行');
    expect(await zh.seriousViolations()).toEqual([]);
    await zh.screenshot('projects-detail-zh');
    expect([...de.errors, ...zh.errors]).toEqual([]);
  }, 60_000);
});
