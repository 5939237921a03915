/**
 * A company's journey in Chromium: its key signs in, edits its profile (an industry found by typing a
 * Chinese term into the autocomplete, kept after saving; a bad founding year answered with the API's
 * message next to the field and nothing saved), opens its matches, expands a "why", marks a suggestion
 * "not interested" (undo brings it back; marked again it stays gone after a reload; restore brings it
 * back), and in an event sends a meeting request that the other company accepts, then downloads its
 * agenda as ICS. axe finds nothing serious on any page; no page errors.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../helpers.ts';
import { recordBudget } from './budgets.ts';
import { startWorkbench, type Workbench, type WorkbenchPage } from './workbench.ts';

describe('a company in the workbench', () => {
  let wb: Workbench;
  let eventId: string;
  beforeAll(async () => {
    wb = await startWorkbench({ demoCompanies: 60 });
    // The event is set up through the API: the organiser's pages are another journey.
    const api = request(wb.t.app);
    const event = await api
      .post('/events')
      .set(bearer(wb.t.keys.organiser))
      .send({ name: 'Foshan Matchmaking Day', venue: 'Foshan, Hall 1', timeZone: 'Asia/Shanghai', slotMinutes: 30, days: [{ date: '2027-05-20', sessions: [{ name: 'morning', start: '09:00', end: '11:00' }] }], tables: [{ name: 'T1' }, { name: 'T2' }] })
      .expect(201);
    eventId = event.body.id;
    const added = await api
      .post(`/events/${eventId}/participants`)
      .set(bearer(wb.t.keys.organiser))
      .send({ participants: [{ companyId: 'demo-000001' }, { companyId: 'demo-000002' }, { cityId: 'cn-foshan' }] })
      .expect(201);
    const [own, , delegation] = added.body.items as { id: string }[];
    // One meeting in the agenda already: the organiser locked it.
    await api.post(`/events/${eventId}/locks`).set(bearer(wb.t.keys.organiser)).send({ a: own!.id, b: delegation!.id, slot: 1 }).expect(201);
  }, 120_000);
  afterAll(async () => wb?.close());

  const company = () => request(wb.t.app).get('/companies/demo-000001').set(bearer(wb.t.keys.company));

  async function audited(wp: WorkbenchPage, screenshot: string): Promise<void> {
    await wp.screenshot(screenshot);
    expect(await wp.seriousViolations()).toEqual([]);
  }

  it('edits its profile: an industry picked by a Chinese term, a bad founding year told by the API, nothing half-saved', async () => {
    const wp = await wb.open({ lang: 'en', key: wb.t.keys.company });
    const { page } = wp;
    const before = (await company().expect(200)).body;
    const started = Date.now();
    await page.getByRole('link', { name: 'My company' }).click();
    await page.getByRole('heading', { level: 1, name: `Profile: ${before.name}` }).waitFor();
    await page.getByLabel('Name', { exact: true }).waitFor();
    recordBudget('company profile usable after sign-in (ms)', Date.now() - started, 1000);
    expect(page.url()).toContain('#/my/company/demo-000001');
    await audited(wp, 'company-profile');

    // The autocomplete: 机床 (machine tools) resolves to NACE 28.4, picked with the keyboard alone.
    const picker = page.getByRole('combobox', { name: 'Add an industry' });
    await picker.fill('机床');
    const option = page.getByRole('option', { name: /metal forming machinery and machine tools/ });
    await option.waitFor();
    await screenshotWithList(wp);
    await picker.press('ArrowDown');
    await picker.press('Enter');
    await page.locator('.chosen').getByText('NACE 28.4').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const saved = (await company().expect(200)).body;
    expect(saved.industries.map((i: { code: string }) => i.code)).toContain('28.4');

    // A founding year in the future: the API's message shows next to the field, and nothing is saved
    // (not even the name changed in the same form).
    await page.getByLabel('Name', { exact: true }).fill('Renamed but refused GmbH');
    await page.getByLabel('Founded in (year)').fill('2999');
    await page.getByLabel('E-mail').fill('not-an-address');
    await page.getByRole('button', { name: 'Save' }).click();
    const message = page.locator('.field-invalid').filter({ has: page.getByLabel('Founded in (year)') }).locator('.field-error');
    await message.waitFor();
    expect(await message.innerText()).toMatch(/future/);
    expect(await page.getByLabel('Founded in (year)').getAttribute('aria-invalid')).toBe('true');
    const emailMessage = page.locator('.field-invalid').filter({ has: page.getByLabel('E-mail') }).locator('.field-error');
    expect(await emailMessage.innerText()).toMatch(/email/i);
    await audited(wp, 'company-profile-error');
    const after = (await company().expect(200)).body;
    expect(after.name).toBe(before.name);
    expect(after.foundedYear).toBe(saved.foundedYear);
    expect(wp.errors.filter((e) => !/422/.test(e))).toEqual([]);
  }, 60_000);

  it('sees its matches with the why, marks one not interested (undo; it stays gone after a reload) and restores it', async () => {
    const wp = await wb.open({ lang: 'en', key: wb.t.keys.company, path: '/my/company/demo-000001/matches' });
    const { page } = wp;
    const cards = page.locator('.match-card');
    await cards.first().waitFor();
    const firstName = (await cards.first().locator('h3').innerText()).replace(/^\d+\.\s*/, '');
    expect(await cards.count()).toBe(20);
    await page.getByRole('button', { name: 'Show more suggestions' }).click();
    await expect.poll(() => cards.count()).toBe(40);

    // The why: a chart of the components with the numbers as a table, and the reasons in English.
    await cards.first().getByRole('button', { name: /^Why\?/ }).click();
    const why = cards.first().locator('.why');
    await why.locator('canvas[role="img"]').waitFor();
    await why.getByText('The numbers as a table').click();
    const rows = why.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await why.locator('tbody').innerText()).toContain('Industry');
    expect(await cards.first().getByRole('button', { name: /^Hide why/ }).getAttribute('aria-expanded')).toBe('true');
    await audited(wp, 'company-matches-why');

    // Not interested, then undo.
    await cards.first().getByRole('button', { name: /^Not interested/ }).click();
    await page.getByText(`“${firstName}” will not be suggested again.`).waitFor();
    await expect.poll(() => page.locator('.match-card h3').allInnerTexts()).not.toContainEqual(expect.stringContaining(firstName));
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.locator('.match-card h3').first().innerText()).toContain(firstName);

    // Again, and it stays gone after a reload: listed among the marked ones.
    await cards.first().getByRole('button', { name: /^Not interested/ }).click();
    await expect.poll(() => page.locator('.match-card h3').first().innerText()).not.toContain(firstName);
    await page.reload();
    await cards.first().waitFor();
    expect((await page.locator('.match-card h3').allInnerTexts()).some((t) => t.includes(firstName))).toBe(false);
    const marked = page.locator('table.dismissed');
    await marked.getByRole('rowheader', { name: firstName }).waitFor();
    await audited(wp, 'company-matches-dismissed');

    await marked.getByRole('button', { name: `Restore ${firstName}` }).click();
    await expect.poll(() => page.locator('.match-card h3').first().innerText()).toContain(firstName);
    await page.getByText('You have not hidden any suggestion.').waitFor();
    expect(wp.errors).toEqual([]);
  }, 60_000);

  it('in an event: sends a request, the other company accepts it, and the agenda downloads as ICS', async () => {
    const wp = await wb.open({ lang: 'en', key: wb.t.keys.company, path: '/my/company/demo-000001/events' });
    const { page } = wp;
    await page.getByRole('link', { name: 'Foshan Matchmaking Day' }).click();
    await page.getByRole('heading', { level: 2, name: 'Meeting requests' }).waitFor();
    const other = (await request(wb.t.app).get('/companies/demo-000002').set(bearer(wb.t.keys.otherCompany)).expect(200)).body.name as string;

    // A wish, then the request.
    await page.getByLabel(`Your wish about ${other}`).selectOption('must');
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByLabel('With').selectOption({ label: other });
    await page.getByLabel('Message (optional)').fill('Machine tools for Foshan?');
    await page.getByRole('button', { name: 'Send request' }).click();
    const sent = page.locator('.requests').nth(1);
    await sent.getByText('waiting for an answer').waitFor();
    await page.locator('.agenda-frame').waitFor();
    await audited(wp, 'company-event');

    // The other company accepts it in its own tab.
    const theirs = await wb.open({ lang: 'en', key: wb.t.keys.otherCompany, path: `/my/company/demo-000002/events/${eventId}` });
    const received = theirs.page.locator('.requests').first();
    await received.getByText('Machine tools for Foshan?').waitFor();
    await received.getByRole('button', { name: /^Accept/ }).click();
    await received.getByText('accepted').waitFor();
    await audited(theirs, 'company-event-accepted');
    expect(theirs.errors).toEqual([]);

    await page.reload();
    await page.locator('.requests').nth(1).getByText('accepted').waitFor();

    // The agenda: shown in the page, and the calendar file downloads with the key.
    const agenda = page.frameLocator('.agenda-frame');
    await agenda.locator('body').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download calendar (ICS)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.ics$/);
    const ics = readFileSync((await download.path())!, 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(wp.errors).toEqual([]);
  }, 60_000);
});

describe('a city office and an administrator in the workbench', () => {
  let wb: Workbench;
  beforeAll(async () => {
    wb = await startWorkbench({ demoCompanies: 60 });
  }, 120_000);
  afterAll(async () => wb?.close());

  it('a city office, in German: adds a cluster found by a German term, and hides a partner city from its matches', async () => {
    const api = request(wb.t.app);
    const before = (await api.get('/cities/cn-foshan').expect(200)).body as { clusters: { id: string }[] };
    expect(before.clusters.map((c) => c.id)).not.toContain('hydrogen');
    const wp = await wb.open({ lang: 'de', key: wb.t.keys.city });
    const { page } = wp;
    await page.getByRole('link', { name: 'Meine Stadt' }).click();
    await page.getByRole('heading', { level: 1, name: /^Profil: / }).waitFor();
    expect(page.url()).toContain('#/my/city/cn-foshan');
    const picker = page.getByRole('combobox', { name: 'Cluster hinzufügen' });
    await picker.fill('Wasserstoff');
    await page.getByRole('option', { name: /Wasserstoff und Brennstoffzellen/ }).click();
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
    await wp.screenshot('company-city-profile');
    expect(await wp.seriousViolations()).toEqual([]);
    const after = (await api.get('/cities/cn-foshan').expect(200)).body as { clusters: { id: string }[] };
    expect(after.clusters.map((c) => c.id).sort()).toEqual([...before.clusters.map((c) => c.id), 'hydrogen'].sort());

    await page.getByRole('link', { name: 'Vorschläge' }).click();
    await page.getByLabel('Vorschlagen').selectOption('cities');
    const cards = page.locator('.match-card');
    await expect.poll(() => cards.first().locator('h3').innerText()).toMatch(/\S/);
    const first = (await cards.first().locator('h3').innerText()).replace(/^\d+\.\s*/, '');
    await cards.first().getByRole('button', { name: /^Kein Interesse/ }).click();
    // The marked list names the city in German (Köln), the match list may still say Cologne: one row either way.
    await page.locator('table.dismissed tbody tr').first().waitFor();
    expect(await page.locator('table.dismissed tbody tr').count()).toBe(1);
    expect((await page.locator('.match-card h3').allInnerTexts()).some((t) => t.includes(first))).toBe(false);
    await wp.screenshot('company-city-matches');
    expect(await wp.seriousViolations()).toEqual([]);
    await page.getByRole('button', { name: 'Rückgängig' }).click();
    await page.getByText('Sie haben keinen Vorschlag ausgeblendet.').waitFor();
    expect(wp.errors).toEqual([]);
  }, 60_000);

  it('an administrator picks a company from a search and acts for it', async () => {
    const name = (await request(wb.t.app).get('/companies/demo-000003').set(bearer(wb.t.keys.admin)).expect(200)).body.name as string;
    const wp = await wb.open({ lang: 'en', key: wb.t.keys.admin });
    const { page } = wp;
    await page.getByRole('link', { name: 'My company' }).click();
    await page.getByRole('heading', { level: 1, name: 'Act for a company' }).waitFor();
    await page.getByLabel('Company name or words from its profile').fill(name);
    await page.getByRole('link', { name }).first().click();
    await page.getByRole('heading', { level: 1, name: `Profile: ${name}` }).waitFor();
    await wp.screenshot('company-admin-pick');
    expect(await wp.seriousViolations()).toEqual([]);
    await page.getByRole('navigation', { name: 'Sections of my company' }).getByRole('link', { name: 'Events' }).click();
    await page.getByText('You do not take part in any event yet.').waitFor();
    expect(wp.errors).toEqual([]);
  }, 60_000);
});

/** The autocomplete open, for the record of what it offers. */
async function screenshotWithList(wp: WorkbenchPage): Promise<void> {
  await wp.screenshot('company-profile-autocomplete');
  expect(await wp.seriousViolations()).toEqual([]);
}
