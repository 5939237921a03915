/**
 * The "Done when", end to end in Chromium, each journey one continuous session through the
 * interface: a newcomer with the admin key finds a company and the why of its best suggestion; an
 * organiser, with the keyboard alone, creates an event, imports participants from .xlsx, adds wishes,
 * generates the schedule, moves and locks a meeting and fetches every participant's agenda (a calendar
 * file each, and the booklet); an analyst compares two profiles and activates the better one.
 * Screenshots 'journey-*'; axe finds nothing serious on any page reached; no page errors.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../helpers.ts';
import { chooseFileWithKeyboard, tabTo, typeOver } from './keyboard.ts';
import { startWorkbench, type Workbench, type WorkbenchPage } from './workbench.ts';

async function audited(wp: WorkbenchPage, screenshot: string): Promise<void> {
  await wp.screenshot(screenshot);
  expect(await wp.seriousViolations()).toEqual([]);
}

describe('the journeys of the issue', () => {
  let wb: Workbench;
  beforeAll(async () => {
    // Sized like the analyst's test: enough companies and past events for an evaluation.
    wb = await startWorkbench({ demoCompanies: 200, demoPastEvents: 6 });
  }, 180_000);
  afterAll(async () => wb?.close());

  it('a newcomer with the admin key finds a company, its matches and the why of the best one', async () => {
    // The admin key as printed at first start: the harness made it the same way.
    const wp = await wb.open();
    const { page } = wp;
    await wp.go('/');
    await audited(wp, 'journey-newcomer-home');
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await audited(wp, 'journey-newcomer-sign-in');
    await page.locator('input[type="password"]').fill(wb.t.keys.admin);
    await page.locator('form button[type="submit"]').click();
    await page.locator('.who').waitFor();

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Directory' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Companies' }).click();
    await page.getByRole('tab', { name: 'Companies', selected: true }).waitFor();
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    await audited(wp, 'journey-newcomer-directory');
    const company = rows.first().locator('th a');
    const name = await company.innerText();
    await company.click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.locator('.facts').waitFor();
    await audited(wp, 'journey-newcomer-company');

    await page.getByRole('link', { name: 'See the matches and why they fit' }).click();
    const cards = page.locator('.match-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThan(1);
    const best = cards.first();
    expect(await best.locator('h3').innerText()).toMatch(/^1\.\s*\S/);
    await best.getByRole('button', { name: /^Why\?/ }).click();
    const why = best.locator('.why');
    await why.locator('canvas[role="img"]').waitFor();
    await expect.poll(() => why.locator('canvas[style*="box-sizing"]').count(), { timeout: 15_000 }).toBe(1);
    expect(await why.locator('ul.reasons li').count()).toBeGreaterThan(0);
    expect((await why.locator('ul.reasons').innerText()).trim()).not.toBe('');
    // Every partner's country by its name (Belgium, United States…), never a message key.
    expect(await page.locator('main').innerText()).not.toMatch(/country\.[A-Z]{2}/);
    await audited(wp, 'journey-newcomer-why');
    expect(wp.errors).toEqual([]);
  }, 60_000);

  it('an organiser, with the keyboard alone, creates an event, imports, schedules, moves and locks, and fetches every agenda', async () => {
    const organiser = bearer(wb.t.keys.organiser);
    // Companies of each side to name in the file the organiser brings.
    const byCountry = async (country: string) => ((await request(wb.t.app).get(`/companies?country=${country}&limit=3`).set(organiser).expect(200)).body.items as { id: string }[]).map((c) => c.id);
    const [de, cn] = [await byCountry('DE'), await byCountry('CN')];
    const file = join(mkdtempSync(join(tmpdir(), 'isa-journey-')), 'participants.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('participants');
    sheet.addRow(['company_id', 'languages']);
    for (const id of [...de, ...cn]) sheet.addRow([id, 'en']);
    await book.xlsx.writeFile(file);

    const wp = await wb.open({ key: wb.t.keys.organiser });
    const { page } = wp;

    // ---- the event, through the form ----
    await wp.go('/events');
    await audited(wp, 'journey-organiser-events');
    await tabTo(page, 'New event');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New event', level: 1 }).waitFor();
    await audited(wp, 'journey-organiser-new-event');
    await tabTo(page, 'Name');
    await page.keyboard.type('Journey Day');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Hall 7');
    await tabTo(page, 'Slot length (minutes)');
    await typeOver(page, '30');
    await tabTo(page, 'Number of tables');
    await typeOver(page, '3');
    await tabTo(page, 'Date');
    await page.keyboard.type('2027-06-08');
    await tabTo(page, 'Create event');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Journey Day: Overview' }).waitFor();
    const eventId = decodeURIComponent(/#\/events\/([^/]+)$/.exec(page.url())![1]!);
    await audited(wp, 'journey-organiser-overview');

    // ---- participants from .xlsx ----
    await tabTo(page, 'Participants');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Journey Day: Participants' }).waitFor();
    await page.getByText('No participants yet: add them from the directory or import a spreadsheet.').waitFor();
    await chooseFileWithKeyboard(page, 'File (CSV or Excel .xlsx)', file);
    await tabTo(page, 'Check file');
    await page.keyboard.press('Enter');
    await page.getByText('6 rows read, no problems.').waitFor();
    await tabTo(page, 'Import 6 rows');
    await page.keyboard.press('Enter');
    await page.getByText('6 rows stored.').waitFor();
    await page.getByRole('heading', { name: 'Participants (6)' }).waitFor();
    await audited(wp, 'journey-organiser-imported');
    const participants = (await request(wb.t.app).get(`/events/${eventId}/participants`).set(organiser).expect(200)).body.items as { id: string; name: string; companyId: string }[];
    const names = new Map(participants.map((p) => [p.id, p.name]));
    const sideOf = (p: { companyId: string }) => (de.includes(p.companyId) ? 'DE' : 'CN');

    // ---- wishes (the import has no wish columns): each German participant must meet a Chinese one ----
    await tabTo(page, 'Wishes');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Journey Day: Wishes' }).waitFor();
    const germans = participants.filter((p) => sideOf(p) === 'DE');
    const chinese = participants.filter((p) => sideOf(p) === 'CN');
    const add = page.getByRole('form', { name: 'Add a wish' });
    for (let i = 0; i < germans.length; i++) {
      // A select is chosen with the keyboard once it has the focus.
      await add.getByLabel('Participant').focus();
      await add.getByLabel('Participant').selectOption(germans[i]!.id);
      await page.keyboard.press('Tab');
      await add.getByLabel('Wish').selectOption('must');
      await page.keyboard.press('Tab');
      await add.getByLabel('Whom').selectOption(chinese[i]!.id);
      await tabTo(page, 'Add a wish');
      await page.keyboard.press('Enter');
      await page.getByRole('combobox', { name: `Wish of ${germans[i]!.name} for ${chinese[i]!.name}` }).waitFor();
    }
    await audited(wp, 'journey-organiser-wishes');

    // ---- the schedule ----
    await tabTo(page, 'Schedule');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Schedule: Journey Day' }).waitFor();
    await tabTo(page, 'Generate schedule');
    await page.keyboard.press('Enter');
    await page.getByText('The schedule is ready.').waitFor({ timeout: 90_000 });
    await page.locator('.schedule-grid .meeting').first().waitFor();
    const meetingsOf = async () => (await request(wb.t.app).get(`/events/${eventId}/schedule`).set(organiser).expect(200)).body.meetings as { id: string; a: string; b: string; slot: number; tableId: string; status: string }[];
    const meetings = await meetingsOf();
    expect(meetings.length).toBeGreaterThanOrEqual(germans.length);
    expect(await page.locator('.schedule-grid .meeting').count()).toBe(meetings.length);
    await audited(wp, 'journey-organiser-schedule');

    // A free place for the first meeting: neither side busy in that slot, the table free.
    const m = meetings[0]!;
    const tables = (await request(wb.t.app).get(`/events/${eventId}`).set(organiser).expect(200)).body.tables as { id: string; name: string }[];
    const label = `${names.get(m.a)} · ${names.get(m.b)}`;
    await page.locator('.schedule-grid .meeting', { hasText: label }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(`Selected: ${names.get(m.a)} and ${names.get(m.b)}`).waitFor();
    const slots = await page.getByLabel('New slot').locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value')));
    const others = meetings.filter((y) => y.id !== m.id);
    const slot = slots
      .filter((s): s is string => !!s)
      .map(Number)
      .find((s) => s !== m.slot && !others.some((y) => y.slot === s && [y.a, y.b].some((p) => p === m.a || p === m.b)))!;
    const table = tables.find((x) => !others.some((y) => y.slot === slot && y.tableId === x.id))!;
    await page.getByLabel('New slot').focus();
    await page.getByLabel('New slot').selectOption(String(slot));
    await page.keyboard.press('Tab');
    await page.getByLabel('New table').selectOption(table.id);
    await page.locator('.move-preview').getByText('Free: no clash there.').waitFor();
    await tabTo(page, 'Move and lock');
    await page.keyboard.press('Enter');
    await page.getByText(`Moved to slot ${slot + 1}, table ${table.name}, and locked.`).waitFor();
    expect((await meetingsOf()).find((x) => x.id === m.id)).toMatchObject({ slot, tableId: table.id, status: 'locked' });
    await page.locator('.schedule-grid .meeting.locked', { hasText: label }).waitFor();
    await audited(wp, 'journey-organiser-moved-locked');

    // ---- every agenda: a calendar file each, and the booklet ----
    await page.locator('nav.tabs').getByRole('link', { name: 'Downloads' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Journey Day: Downloads' }).waitFor();
    await audited(wp, 'journey-organiser-downloads');
    const withMeetings = new Set((await meetingsOf()).flatMap((x) => [x.a, x.b]));
    for (const p of participants) {
      await page.getByLabel('Participant').focus();
      await page.getByLabel('Participant').selectOption(p.id);
      await tabTo(page, 'Calendar file (.ics)');
      const download = page.waitForEvent('download');
      await page.keyboard.press('Enter');
      const ics = readFileSync((await (await download).path())!, 'utf8');
      expect(ics).toContain('BEGIN:VCALENDAR');
      expect(ics, p.name).toContain('BEGIN:VEVENT');
    }
    expect(withMeetings.size).toBeGreaterThanOrEqual(2 * germans.length);
    await tabTo(page, 'Booklet of all agendas');
    await page.keyboard.press('Enter');
    const booklet = page.frameLocator('iframe[title="Booklet of all agendas"]');
    await booklet.getByRole('heading', { level: 1 }).waitFor();
    expect(await booklet.locator('section.agenda').count()).toBe(participants.length);
    const text = await booklet.locator('body').innerText();
    for (const p of participants) expect(text).toContain(p.name);
    await audited(wp, 'journey-organiser-booklet');
    expect(wp.errors).toEqual([]);
  }, 180_000);

  it('an analyst compares two profiles in an evaluation and activates the better one', async () => {
    // Beforehand, a colleague proposed default@v2 (the simulated truth's weights), stored but not active:
    // the system matches with the active version of the default profile, so the choice is v1 or v2.
    const analyst = bearer(wb.t.keys.analyst);
    const stored = (await request(wb.t.app).get('/weight-profiles?limit=100').set(analyst).expect(200)).body.items as { name: string; weights: object; fusion: string; sizeMatrix: number[][] }[];
    const truth = stored.find((p) => p.name === 'simulated-truth')!;
    await request(wb.t.app)
      .post('/weight-profiles')
      .set(analyst)
      .send({ name: 'default', weights: truth.weights, fusion: truth.fusion, sizeMatrix: truth.sizeMatrix, note: 'proposed: the weights of the simulated truth', activate: false })
      .expect(201);

    const wp = await wb.open({ key: wb.t.keys.analyst });
    const { page } = wp;
    const tab = (name: string) => page.getByRole('navigation', { name: 'Analysis sections' }).getByRole('link', { name });
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Analysis' }).click();
    await page.getByRole('heading', { level: 1, name: 'Weight profiles' }).waitFor();
    await page.locator('tr[data-profile="default@v1"]').getByText('active', { exact: true }).waitFor();
    await page.locator('tr[data-profile="default@v2"]').getByRole('button', { name: 'Activate default@v2' }).waitFor();
    await audited(wp, 'journey-analyst-profiles');

    await tab('Evaluations').click();
    await page.getByRole('heading', { level: 1, name: 'Evaluations' }).waitFor();
    await expect.poll(() => page.getByRole('checkbox', { name: /^default@v1/ }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: /^default@v2/ }).check();
    await page.getByRole('button', { name: 'Evaluate' }).click();
    await page.getByRole('heading', { name: 'Evaluation: default@v1 · default@v2' }).waitFor();
    await expect.poll(() => page.locator('figure.chart canvas[style*="box-sizing"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The page marks the best value of each metric (★); the better profile is the one best at NDCG@10.
    const profiles = (await page.locator('table.side-by-side thead th').allInnerTexts()).slice(1);
    expect(profiles).toEqual(['default@v1', 'default@v2']);
    const ndcg = page.locator('table.side-by-side tbody tr').filter({ has: page.getByRole('rowheader', { name: 'NDCG@10' }) });
    const bestColumns = await ndcg.locator('td').evaluateAll((cells) => cells.flatMap((c, i) => (c.classList.contains('best') ? [i] : [])));
    expect(bestColumns.length).toBeGreaterThan(0);
    const better = profiles[bestColumns[bestColumns.length - 1]!]!;
    // The outcomes were drawn from the simulated truth's weights: held out, they rank better.
    expect(better).toBe('default@v2');
    await audited(wp, 'journey-analyst-evaluation');

    await tab('Profiles').click();
    await page.getByRole('heading', { level: 1, name: 'Weight profiles' }).waitFor();
    await page.locator(`tr[data-profile="${better}"]`).getByRole('button', { name: `Activate ${better}` }).click();
    await page.getByText(`${better} is now active.`).waitFor();
    await page.locator(`tr[data-profile="${better}"]`).getByText('active', { exact: true }).waitFor();
    const activeDefault = page.locator('section[aria-labelledby="profile-default"] tr[data-profile]').filter({ has: page.getByText('active', { exact: true }) });
    expect(await activeDefault.getAttribute('data-profile')).toBe(better);
    await audited(wp, 'journey-analyst-activated');
    expect(wp.errors).toEqual([]);
  }, 180_000);
});
