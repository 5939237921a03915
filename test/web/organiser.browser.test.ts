/**
 * The organiser's journey in Chromium: sign in, create an event through the form with the keyboard
 * alone (a bad slot length first gets the API's message at its field), change it, add a participant
 * from the directory, import participants from .xlsx files written here (a file with bad rows: the
 * report, nothing stored; then a good one: the progress bar, all stored), change a wish, and download
 * an agenda's calendar file, the master list as CSV (with its BOM) and .xlsx, and open the booklet.
 * The event's creation and the good file's import go by the keyboard alone.
 * Every page: no serious or critical axe violation, no page error.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../helpers.ts';
import { chooseFileWithKeyboard, tabTo, typeOver } from './keyboard.ts';
import { startWorkbench, type Workbench, type WorkbenchPage } from './workbench.ts';

const files = mkdtempSync(join(tmpdir(), 'isa-organiser-'));

async function writeWorkbook(name: string, rows: (string | number)[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('participants');
  for (const row of rows) sheet.addRow(row);
  const path = join(files, name);
  await book.xlsx.writeFile(path);
  return path;
}

describe("the organiser's journey", () => {
  let wb: Workbench;
  let wp: WorkbenchPage;
  let eventId = '';
  const organiser = () => bearer(wb.t.keys.organiser);
  const participants = async () => (await request(wb.t.app).get(`/events/${eventId}/participants`).set(organiser()).expect(200)).body.items as { id: string; name: string; companyId: string | null }[];

  beforeAll(async () => {
    wb = await startWorkbench({ demoCompanies: 20 });
    wp = await wb.open({ key: wb.t.keys.organiser });
  }, 120_000);
  afterAll(async () => wb?.close());

  it('creates an event with the keyboard alone; a bad value first shows the field message', async () => {
    const { page } = wp;
    await wp.go('/events');
    await page.getByText('No events yet. Create the first one.').waitFor();
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('organiser-events');
    await tabTo(page, 'New event');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New event', level: 1 }).waitFor();
    await tabTo(page, 'Name');
    await page.keyboard.type('Hannover Matchmaking');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Hall 2');
    await tabTo(page, 'Slot length (minutes)');
    await typeOver(page, '3');
    await tabTo(page, 'Number of tables');
    await typeOver(page, '4');
    await tabTo(page, 'Date');
    await page.keyboard.type('2027-04-13');
    await tabTo(page, 'Add a break');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Create event');
    await page.keyboard.press('Enter');
    const slotField = page.getByLabel('Slot length (minutes)');
    await page.locator('.field-invalid .field-error').first().waitFor();
    expect(await slotField.getAttribute('aria-invalid')).toBe('true');
    const message = await page.locator(`#${await slotField.getAttribute('id').then((id) => id!.replace(/:/g, '\\:'))}-error`).innerText();
    expect(message).toMatch(/5/);
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('organiser-create-field-error');
    // Back to the field with the keyboard, put it right, send again.
    await tabTo(page, 'Slot length (minutes)', true);
    await typeOver(page, '30');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Hannover Matchmaking: Overview' }).waitFor();
    eventId = decodeURIComponent(/#\/events\/([^/]+)$/.exec(page.url())![1]!);
    const stored = (await request(wb.t.app).get(`/events/${eventId}`).set(organiser()).expect(200)).body;
    expect(stored).toMatchObject({ name: 'Hannover Matchmaking', venue: 'Hall 2', slotMinutes: 30, timeZone: 'Europe/Berlin' });
    expect(stored.tables).toHaveLength(4);
    expect(stored.days[0].sessions[0].breaks).toEqual([{ start: '10:30', end: '11:00' }]);
    // The refused first try is the one error the browser logs (the 422 of the bad slot length).
    expect(wp.errors.filter((e) => !/422/.test(e))).toEqual([]);
    wp.errors.length = 0;
  });

  it('shows the overview and changes the event', async () => {
    const { page } = wp;
    expect(await page.locator('.facts').innerText()).toContain('Europe/Berlin');
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('organiser-overview');
    await page.getByRole('button', { name: 'Change event' }).click();
    await page.getByLabel('Venue').fill('Hall 3, Hannover');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await page.locator('.facts').innerText()).toContain('Hall 3, Hannover');
  });

  it('adds a participant from the directory', async () => {
    const { page } = wp;
    const company = (await request(wb.t.app).get('/companies/demo-000001').set(organiser()).expect(200)).body as { name: string };
    await page.getByRole('link', { name: 'Participants' }).click();
    await page.getByRole('heading', { name: 'Hannover Matchmaking: Participants' }).waitFor();
    await page.getByLabel('Name or place').fill(company.name);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: `Add ${company.name}` }).click();
    await page.getByRole('row', { name: new RegExp(company.name) }).waitFor();
    expect((await participants()).map((p) => p.companyId)).toEqual(['demo-000001']);
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('organiser-participants');
  });

  it('imports participants from .xlsx: a bad file is reported and stores nothing, a good one is stored whole', async () => {
    const { page } = wp;
    const bad = await writeWorkbook('bad.xlsx', [
      ['company_id', 'city_id', 'name', 'side', 'max_meetings'],
      ['demo-000002', '', '', '', 6],
      ['nope-9', '', '', '', ''],
      ['', '', 'Shenzhen Robotics', 'XX', 50],
    ]);
    await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(bad);
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByText('3 rows read, 3 problems in 2 rows.', { exact: false }).waitFor();
    const report = await page.locator('section[aria-labelledby="import-report"] tbody').innerText();
    expect(report).toContain('company "nope-9" does not exist');
    expect(report).toContain('"XX" is not one of DE, CN');
    expect(report).toContain('"50" is not between 0 and 32');
    expect(await page.getByRole('button', { name: /^Import \d+ rows$/ }).count()).toBe(0);
    expect(await participants()).toHaveLength(1);
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('organiser-import-report');

    const good = await writeWorkbook('good.xlsx', [
      ['company_id', 'city_id', 'name', 'side', 'languages', 'interpreter_needed'],
      ['demo-000002', '', '', '', 'de en', 'no'],
      ['demo-000003', '', '', '', '', ''],
      ['', 'cn-foshan', '', '', 'zh', 'yes'],
      ['', '', 'Shenzhen Robotics', 'CN', 'zh en', ''],
    ]);
    // This time with the keyboard alone: the file chooser, the check, the import.
    await chooseFileWithKeyboard(page, 'File (CSV or Excel .xlsx)', good, true);
    await tabTo(page, 'Check file');
    await page.keyboard.press('Enter');
    await page.getByText('4 rows read, no problems.').waitFor();
    // The store request is held a moment so that the bar can be seen while it runs.
    await page.route('**/participants/import', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await route.continue();
    });
    await tabTo(page, 'Import 4 rows');
    await page.keyboard.press('Enter');
    const bar = page.getByRole('progressbar', { name: 'Import' });
    await bar.waitFor();
    expect(Number(await bar.getAttribute('aria-valuemax'))).toBeGreaterThan(1000);
    await wp.screenshot('organiser-import-progress');
    await page.getByText('4 rows stored.').waitFor();
    await page.unroute('**/participants/import');
    expect(await participants()).toHaveLength(5);
    await page.getByRole('heading', { name: 'Participants (5)' }).waitFor();
    await wp.screenshot('organiser-import-done');
    expect(wp.errors).toEqual([]);
  });

  it('adds and changes a wish', async () => {
    const { page } = wp;
    const list = await participants();
    const [from, to] = [list.find((p) => p.companyId === 'demo-000001')!, list.find((p) => p.name === 'Shenzhen Robotics')!];
    await page.getByRole('link', { name: 'Wishes' }).click();
    await page.getByRole('heading', { name: 'Hannover Matchmaking: Wishes' }).waitFor();
    const add = page.getByRole('form', { name: 'Add a wish' });
    await add.getByLabel('Participant').selectOption(from.id);
    await add.getByLabel('Wish').selectOption('must');
    await add.getByLabel('Whom').selectOption(to.id);
    await add.getByRole('button', { name: 'Add a wish' }).click();
    const kind = page.getByRole('combobox', { name: `Wish of ${from.name} for ${to.name}` });
    await kind.waitFor();
    expect(await kind.inputValue()).toBe('must');
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/wishes/'));
    await kind.selectOption('like');
    expect((await saved).status()).toBe(200);
    const wishes = (await request(wb.t.app).get(`/events/${eventId}/wishes`).set(organiser()).expect(200)).body.items;
    expect(wishes).toMatchObject([{ from: from.id, to: to.id, kind: 'like' }]);
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('organiser-wishes');
  });

  it('downloads an agenda, the master list as CSV and .xlsx, and opens the booklet', async () => {
    const { page } = wp;
    const list = await participants();
    const [de, cn] = [list.find((p) => p.companyId === 'demo-000001')!, list.find((p) => p.name === 'Shenzhen Robotics')!];
    await request(wb.t.app).post(`/events/${eventId}/locks`).set(organiser()).send({ a: de.id, b: cn.id, slot: 1 }).expect(201);
    await page.getByRole('link', { name: 'Downloads' }).click();
    await page.getByRole('heading', { name: 'Hannover Matchmaking: Downloads' }).waitFor();
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.screenshot('organiser-downloads');

    await page.getByLabel('Participant').selectOption(de.id);
    const calendar = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Calendar file (.ics)' }).click();
    const ics = readFileSync((await (await calendar).path())!, 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('Shenzhen Robotics');

    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Master list (CSV)' }).click();
    const csv = readFileSync((await (await csvDownload).path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('Shenzhen Robotics');

    const xlsxDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Master list (Excel)' }).click();
    const done = await xlsxDownload;
    expect(done.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await done.path())!);
    expect(book.worksheets[0]!.getRow(1).getCell(1).text).toBe('slot');
    expect(book.worksheets[0]!.rowCount).toBe(2);

    await page.getByRole('button', { name: 'Printable agenda' }).click();
    const agenda = page.frameLocator('iframe[title^="Agenda of"]');
    await agenda.getByText('Shenzhen Robotics').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Booklet of all agendas' }).click();
    const booklet = page.frameLocator('iframe[title="Booklet of all agendas"]');
    await booklet.getByRole('heading', { level: 1 }).waitFor();
    expect(await booklet.locator('section.agenda').count()).toBe(5);
    expect(await booklet.locator('section.agenda[lang="zh-Hans"]').count()).toBeGreaterThan(0);
    await wp.screenshot('organiser-booklet');
    expect(wp.errors).toEqual([]);
  });

  it('says the field messages and the import report in the interface language (German)', async () => {
    const de = await wb.open({ lang: 'de', key: wb.t.keys.organiser, path: '/events/new' });
    const { page } = de;
    await page.getByLabel('Name', { exact: true }).fill('Messe Köln');
    await page.getByLabel('Slotlänge (Minuten)').fill('3');
    await page.getByLabel('Datum').fill('2027-05-04');
    await page.getByRole('button', { name: 'Veranstaltung anlegen' }).click();
    const slotError = page.locator('.field-invalid').filter({ has: page.getByLabel('Slotlänge (Minuten)') }).locator('.field-error');
    expect(await slotError.innerText()).toMatch(/^Zu klein/);
    await page.getByLabel('Slotlänge (Minuten)').fill('20');
    await page.getByRole('button', { name: 'Veranstaltung anlegen' }).click();
    await page.getByRole('heading', { name: 'Messe Köln: Übersicht' }).waitFor();
    await page.getByRole('link', { name: 'Teilnehmende' }).click();
    const csv = join(files, 'teilnehmer.csv');
    writeFileSync(csv, 'company_id,side\nnope-1,\n,DE\n');
    await page.getByLabel('Datei (CSV oder Excel .xlsx)').setInputFiles(csv);
    await page.getByRole('button', { name: 'Datei prüfen' }).click();
    const report = page.locator('section[aria-labelledby="import-report"]');
    await report.getByText('2 Zeilen gelesen, 2 Probleme in 2 Zeilen.', { exact: false }).waitFor();
    expect(await report.locator('tbody').innerText()).toContain('Unternehmen „nope-1“ gibt es nicht');
    expect(await report.locator('tbody').innerText()).toContain('ein Name wird benötigt');
    expect(await de.seriousViolations()).toEqual([]);
    await de.screenshot('organiser-import-report-de');
    expect(de.errors.filter((e) => !/422/.test(e))).toEqual([]);
  });
});
