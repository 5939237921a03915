/**
 * Participants imported from a spreadsheet (CSV and xlsx): a dry run reports every problem of every row
 * and stores nothing; a file with any bad row is refused whole (422 naming line.N.column); a good file
 * is stored in one go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { availableDialects, bearer, testApp, type TestApp } from '../helpers.ts';

const dialects = await availableDialects('import API tests');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const EVENT = {
  name: 'Import test',
  timeZone: 'Europe/Berlin',
  slotMinutes: 30,
  days: [{ date: '2027-04-13', sessions: [{ name: 'morning', start: '09:00', end: '12:00' }] }],
  tables: [{ name: 'A1' }, { name: 'A2' }],
};

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('participants');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe.each(dialects)('participant import on %s', (dialect) => {
  let t: TestApp;
  let eventId: string;
  const count = async () => (await request(t.app).get(`/events/${eventId}/participants`).set(bearer(t.keys.organiser)).expect(200)).body.total as number;

  beforeAll(async () => {
    t = await testApp({ demoCompanies: 20, dialect });
    eventId = (await request(t.app).post('/events').set(bearer(t.keys.organiser)).send(EVENT).expect(201)).body.id;
  }, 60_000);
  afterAll(async () => t?.close());

  const BAD_CSV = 'company_id,name,side,languages,max_meetings,table\ndemo-000001,,,de en,5,A1\nnope-1,,,,,\n,Acme GmbH,XX,d,40,Z9\ndemo-000001,,,,,\n';

  it('reports every problem of every row on a dry run (CSV), storing nothing', async () => {
    const res = await request(t.app).post(`/events/${eventId}/participants/import?dryRun=true`).set(bearer(t.keys.organiser)).set('Content-Type', 'text/csv').send(BAD_CSV).expect(200);
    expect(res.body).toMatchObject({ kind: 'participants', rows: 4, stored: 0, dryRun: true });
    const found = res.body.problems.map((p: { line: number; column: string; code: string }) => `${p.line}:${p.column}:${p.code}`);
    expect(found).toEqual(['3:company_id:unknownCompany', '4:side:notOneOf', '4:languages:badFormat', '4:max_meetings:outOfRange', '4:table:unknownTable', '5:company_id:duplicateInFile']);
    expect(res.body.problems[5]).toMatchObject({ params: { value: 'demo-000001', other: '2' }, message: "'demo-000001' is already on line 2" });
    expect(await count()).toBe(0);
  });

  it('refuses a file with a bad row whole: 422 naming each cell, nothing stored (xlsx)', async () => {
    const file = await workbook([
      ['company_id', 'name', 'side', 'min_meetings', 'max_meetings'],
      ['demo-000003', '', '', 1, 4],
      ['', 'Foshan Tools', 'CN', 5, 2],
    ]);
    const res = await request(t.app).post(`/events/${eventId}/participants/import`).set(bearer(t.keys.organiser)).set('Content-Type', XLSX).send(file).expect(422);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toEqual([{ field: 'line.3.min_meetings', message: 'line 3, min_meetings: min_meetings (5) exceeds max_meetings (2)' }]);
    expect(await count()).toBe(0);
  });

  it('stores a good file in one go (xlsx, then CSV), and refuses a company already registered', async () => {
    const file = await workbook([
      ['Company_ID', 'city_id', 'name', 'side', 'languages', 'interpreter_needed', 'table'],
      ['demo-000003', '', '', '', 'de, en', 'no', 'A2'],
      ['', 'cn-foshan', '', '', 'zh', 'yes', ''],
      ['', '', 'Shenzhen Robotics', 'cn', 'zh en', '', ''],
    ]);
    const res = await request(t.app).post(`/events/${eventId}/participants/import`).set(bearer(t.keys.organiser)).set('Content-Type', XLSX).send(file).expect(200);
    expect(res.body).toMatchObject({ rows: 3, stored: 3, dryRun: false, problems: [] });
    const list = (await request(t.app).get(`/events/${eventId}/participants`).set(bearer(t.keys.organiser)).expect(200)).body.items;
    const by = (name: string) => list.find((p: { name: string; companyId: string; cityId: string }) => p.companyId === name || p.cityId === name || p.name === name);
    expect(by('demo-000003')).toMatchObject({ kind: 'company', languages: ['de', 'en'], tableId: expect.any(String) });
    expect(by('cn-foshan')).toMatchObject({ kind: 'delegation', side: 'CN', interpreterNeeded: true });
    expect(by('Shenzhen Robotics')).toMatchObject({ kind: 'company', side: 'CN', languages: ['zh', 'en'] });
    const again = await request(t.app).post(`/events/${eventId}/participants/import?dryRun=1`).set(bearer(t.keys.organiser)).set('Content-Type', 'text/csv').send('company_id\ndemo-000003\n').expect(200);
    expect(again.body.problems.map((p: { code: string }) => p.code)).toEqual(['alreadyParticipant']);
    await request(t.app).post(`/events/${eventId}/participants/import`).set(bearer(t.keys.organiser)).set('Content-Type', 'text/csv').send('\uFEFFcompany_id\ndemo-000004\n').expect(200);
    expect(await count()).toBe(4);
  });

  it('says what is wrong with the file itself, and who may import', async () => {
    const header = await request(t.app).post(`/events/${eventId}/participants/import?dryRun=true`).set(bearer(t.keys.organiser)).set('Content-Type', 'text/csv').send('firma,land\nx,y\n').expect(200);
    expect(header.body.problems.map((p: { column: string; code: string }) => `${p.column}:${p.code}`)).toEqual(['company_id:missingOneOf', 'firma:unknownColumn', 'land:unknownColumn']);
    const broken = await request(t.app).post(`/events/${eventId}/participants/import`).set(bearer(t.keys.organiser)).set('Content-Type', XLSX).send(Buffer.from('not a zip')).expect(422);
    expect(broken.body.field).toBe('file');
    await request(t.app).post(`/events/${eventId}/participants/import`).set(bearer(t.keys.organiser)).set('Content-Type', 'application/json').send({ a: 1 }).expect(415);
    await request(t.app).post(`/events/${eventId}/participants/import`).set(bearer(t.keys.company)).set('Content-Type', 'text/csv').send('company_id\ndemo-000005\n').expect(403);
  });
});
