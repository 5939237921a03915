/**
 * An event's papers: agendas in each participant's language, the booklet of every agenda, the table
 * plan, and the master list as CSV (BOM, formulas made inert) and as .xlsx; names are escaped on paper.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { bearer, testApp, type TestApp } from '../helpers.ts';

const EVENT = {
  name: 'Papers <test>',
  timeZone: 'Europe/Berlin',
  slotMinutes: 30,
  days: [{ date: '2027-04-13', sessions: [{ name: 'morning', start: '09:00', end: '11:00' }] }],
  tables: [{ name: 'A1' }, { name: 'A2' }],
};

describe('an event on paper', () => {
  let t: TestApp;
  let eventId: string;
  const pid: Record<string, string> = {};
  const get = (path: string, headers: Record<string, string> = {}) => request(t.app).get(path).set(bearer(t.keys.organiser)).set(headers).expect(200);

  beforeAll(async () => {
    t = await testApp({ demoCompanies: 5 });
    eventId = (await request(t.app).post('/events').set(bearer(t.keys.organiser)).send(EVENT).expect(201)).body.id;
    const added = await request(t.app)
      .post(`/events/${eventId}/participants`)
      .set(bearer(t.keys.organiser))
      .send({
        participants: [
          { name: '=HYPERLINK("http://x")', side: 'DE', languages: ['de', 'en'] },
          { name: '<script>alert(1)</script> Ltd', side: 'CN', languages: ['zh'] },
          { name: 'Lonely GmbH', side: 'DE' },
        ],
      })
      .expect(201);
    [pid.de, pid.cn, pid.lonely] = added.body.items.map((p: { id: string }) => p.id);
    await request(t.app).post(`/events/${eventId}/locks`).set(bearer(t.keys.organiser)).send({ a: pid.de, b: pid.cn, slot: 2, tableId: 't2' }).expect(201);
  }, 60_000);
  afterAll(async () => t?.close());

  it("prints each agenda in its participant's language, or the one asked for", async () => {
    const de = (await get(`/events/${eventId}/participants/${pid.de}/agenda.html`)).text;
    expect(de).toContain('<html lang="de">');
    expect(de).toContain('<th scope="col">Gesprächspartner</th>');
    expect(de).toContain('Dienstag, 13. April 2027');
    expect(de).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ltd');
    expect(de).not.toContain('<script>');
    const zh = (await get(`/events/${eventId}/participants/${pid.cn}/agenda.html`)).text;
    expect(zh).toContain('<html lang="zh-Hans">');
    expect(zh).toContain('洽谈对象');
    const en = (await get(`/events/${eventId}/participants/${pid.cn}/agenda.html?lang=en`)).text;
    expect(en).toContain('<th scope="col">Partner</th>');
    expect(en).toContain('1 meetings');
  });

  it("writes each calendar in its participant's language, or the one asked for", async () => {
    const de = (await get(`/events/${eventId}/participants/${pid.de}/agenda.ics`)).text;
    expect(de).toContain('SUMMARY:Gespräch: <script>alert(1)</script> Ltd (Tisch A2)');
    const zh = (await get(`/events/${eventId}/participants/${pid.cn}/agenda.ics`)).text;
    expect(zh).toContain('SUMMARY:洽谈：=HYPERLINK("http://x") (A2 号桌)');
    const en = (await get(`/events/${eventId}/participants/${pid.cn}/agenda.ics?lang=en`)).text;
    expect(en).toContain('Interpreter needed.');
  });

  it('prints the booklet (a page per participant) and the table plan', async () => {
    const booklet = await get(`/events/${eventId}/booklet.html`, { 'Accept-Language': 'de' });
    expect(booklet.headers['content-security-policy']).toContain("default-src 'none'");
    expect(booklet.text).toContain('<h1>Papers &lt;test&gt;: Terminpläne</h1>');
    expect(booklet.text.match(/<section class="agenda"/g)).toHaveLength(3);
    expect(booklet.text).toContain('break-before:page');
    expect(booklet.text).toContain('<section class="agenda" lang="zh-Hans">');
    const plan = (await get(`/events/${eventId}/table-plan.html?lang=zh`)).text;
    expect(plan).toContain('桌位安排');
    expect(plan).toContain('<tr><th scope="row">09:30–10:00</th><td></td><td>=HYPERLINK(&quot;http://x&quot;)<br>&lt;script&gt;alert(1)&lt;/script&gt; Ltd</td></tr>');
    // A stranger to the event (this company takes no part) is answered as if there were no such event.
    await request(t.app).get(`/events/${eventId}/table-plan.html`).set(bearer(t.keys.company)).expect(404);
  });

  it('lists the meetings as CSV (BOM, inert formulas) and as a workbook', async () => {
    const csv = await get(`/events/${eventId}/meetings.csv`);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv.text, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ slot: '2', table: 'A2', a_name: `'=HYPERLINK("http://x")` });
    const res = await request(t.app)
      .get(`/events/${eventId}/meetings.xlsx`)
      .set(bearer(t.keys.organiser))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/meetings\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).text).toBe('slot');
    const names = [sheet.getRow(2).getCell(7).value, sheet.getRow(2).getCell(11).value];
    expect(names).toContain(`'=HYPERLINK("http://x")`);
    expect(sheet.getRow(2).getCell(1).value).toBe(2);
  });
});
