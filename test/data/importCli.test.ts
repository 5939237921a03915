/**
 * `npm run import`: companies, participants and outcomes from CSV and .xlsx on a fresh SQLite database,
 * with the row report on the terminal; any bad row stores nothing and exits 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../data/db.ts';
import { createEvent, listParticipants, lockMeeting } from '../../data/repositories/events.ts';
import { listEventOutcomes } from '../../data/repositories/outcomes.ts';
import { countCompanies } from '../../data/repositories/companies.ts';

const root = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'isa-import-cli-'));
let handle: DatabaseHandle;
let eventId: string;

function runImport(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'data/cli/import.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' } });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function workbook(name: string, rows: (string | number)[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('sheet');
  for (const row of rows) sheet.addRow(row);
  const path = join(dir, name);
  await book.xlsx.writeFile(path);
  return path;
}

describe('npm run import', () => {
  beforeAll(async () => {
    handle = openDatabase({ dataDir: dir });
    await migrateToLatest(handle);
    const event = await createEvent(
      handle.db,
      { name: 'CLI event', timeZone: 'Europe/Berlin', slotMinutes: 30, days: [{ date: '2027-04-13', sessions: [{ name: 'm', start: '09:00', end: '11:00' }] }], tables: [{ id: 't1', name: 'A1', reservedFor: null }] },
      'cli-test',
    );
    eventId = event.id;
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Each run starts a process (tsx, the taxonomy): seconds each, more on a busy machine.
  const CLI_TIMEOUT = 120_000;

  it('says how it is used', () => {
    const res = runImport('people', 'x.csv');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('usage: npm run import -- companies|participants|outcomes');
    expect(runImport('participants', 'x.csv').stderr).toContain('participants need --event');
  }, CLI_TIMEOUT);

  it('imports companies: a bad row reports every problem and stores nothing; a good file is stored', async () => {
    const bad = file('companies-bad.csv', 'id,name,country,nace,employees\nacme,Acme GmbH,DE,28.41,120\nacme,Acme Two,de,99.99,\n,,CN,,-3\n');
    const res = runImport('companies', bad);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("line 3, id: 'acme' is already on line 2");
    expect(res.stderr).toContain("line 3, nace: '99.99' is not a NACE Rev. 2 code");
    expect(res.stderr).toContain('line 4, name: a value is needed');
    expect(res.stderr).toContain("line 4, employees: '-3' is not between 0 and 10000000");
    expect(res.stderr).toContain('3 rows read, 4 problem(s) in 2 row(s): nothing stored.');
    expect(await countCompanies(handle.db)).toBe(0);
    expect(res.stdout).not.toContain('search index');
    const good = await workbook('companies.xlsx', [
      ['id', 'name', 'country', 'nace', 'employees', 'languages'],
      ['acme', 'Acme GmbH', 'DE', '28.41', 120, 'de en'],
      ['foshan-tools', 'Foshan Tools Co.', 'cn', 'C28', 900, 'zh'],
    ]);
    const ok = runImport('companies', good);
    expect(ok.stderr).not.toContain('problem');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('2 rows read, 2 companies stored.');
    expect(await countCompanies(handle.db)).toBe(2);
    // The stored companies' search index, saved for the server's next start (test/server/cliSnapshots.test.ts).
    expect(ok.stdout).toMatch(/search index of 2 documents saved in [\d.]+ s: .*search-index-\w+\.v8/);
    expect(readdirSync(dir).filter((name) => name.startsWith('search-index-'))).toHaveLength(1);
  }, CLI_TIMEOUT);

  it('imports participants into an event, all or nothing', async () => {
    const bad = file('participants-bad.csv', 'company_id,name,side\nacme,,\nghost,,\n');
    const res = runImport('participants', bad, '--event', eventId);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("line 3, company_id: company 'ghost' does not exist");
    expect(await listParticipants(handle.db, eventId)).toHaveLength(0);
    const good = await workbook('participants.xlsx', [
      ['company_id', 'table'],
      ['acme', 'A1'],
      ['foshan-tools', ''],
    ]);
    const ok = runImport('participants', good, '--event', eventId);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('2 rows read, 2 participants stored.');
    const stored = await listParticipants(handle.db, eventId);
    expect(stored.map((p) => `${p.name}/${p.side}/${p.tableId}`).sort()).toEqual(['Acme GmbH/DE/t1', 'Foshan Tools Co./CN/null']);
    expect(runImport('participants', good, '--event', 'no-such-event').stderr).toContain("event 'no-such-event' does not exist");
  }, CLI_TIMEOUT);

  it('imports outcomes of held meetings, all or nothing', async () => {
    const [a, b] = (await listParticipants(handle.db, eventId)).map((p) => p.id) as [string, string];
    await lockMeeting(handle.db, eventId, { a, b, slot: 0, tableId: 't1' });
    const bad = file('outcomes-bad.csv', `participant_id,partner_id,attended,rating,follow_up,agreement_type\n${a},${b},yes,5,agreement,licensing\n${b},${b},no,4,,\n`);
    const res = runImport('outcomes', bad, '--event', eventId);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('line 3, partner_id: a participant does not meet itself');
    expect(res.stderr).toContain('line 3, attended: a side that did not attend cannot rate the meeting or report a follow-up');
    expect((await listEventOutcomes(handle.db, eventId, { limit: 10, offset: 0 })).total).toBe(0);
    const good = file('outcomes.csv', `event_id,participant_id,partner_id,attended,rating,follow_up,agreement_type\n${eventId},${a},${b},yes,5,agreement,licensing\n${eventId},${b},${a},yes,3,contact,\n`);
    const ok = runImport('outcomes', good);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('2 rows read, 2 outcomes stored.');
    expect((await listEventOutcomes(handle.db, eventId, { limit: 10, offset: 0 })).total).toBe(2);
  }, CLI_TIMEOUT);
});
