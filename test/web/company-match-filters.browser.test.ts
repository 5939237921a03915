/**
 * The match page's filters in Chromium: a company leaves out the partner it already met at an event and
 * the one whose meeting request it declined, ticking boxes with the keyboard; the page says how many each
 * reason left out, and the choice survives a reload (it is in the address). A city office reading in
 * Chinese sees partner cities by their Chinese names. axe finds nothing serious; no page errors.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../helpers.ts';
import { startWorkbench, type Workbench } from './workbench.ts';

describe('the match page leaves out met and declined partners', () => {
  let wb: Workbench;
  let met: string;
  let declined: string;
  beforeAll(async () => {
    wb = await startWorkbench({ demoCompanies: 60 });
    const api = request(wb.t.app);
    const organiser = bearer(wb.t.keys.organiser);
    const top = (await api.get('/companies/demo-000001/matches?limit=2&lang=en').set(bearer(wb.t.keys.company)).expect(200)).body.items as { id: string; name: string }[];
    [met, declined] = [top[0]!.name, top[1]!.name];
    const event = await api
      .post('/events')
      .set(organiser)
      .send({ name: 'Filters Day', timeZone: 'Europe/Berlin', slotMinutes: 30, days: [{ date: '2027-06-01', sessions: [{ name: 'morning', start: '09:00', end: '11:00' }] }], tables: [{ name: 'T1' }] })
      .expect(201);
    const eventId = event.body.id as string;
    const added = await api
      .post(`/events/${eventId}/participants`)
      .set(organiser)
      .send({ participants: [{ companyId: 'demo-000001' }, { companyId: top[0]!.id }, { companyId: top[1]!.id }] })
      .expect(201);
    const [own, first, second] = added.body.items as { id: string }[];
    await api.post(`/events/${eventId}/locks`).set(organiser).send({ a: own!.id, b: first!.id, slot: 1 }).expect(201);
    const asked = await api.post(`/events/${eventId}/requests`).set(organiser).send({ from: second!.id, to: own!.id }).expect(201);
    await api.post(`/events/${eventId}/requests/${asked.body.id}/decline`).set(bearer(wb.t.keys.company)).expect(200);
  }, 120_000);
  afterAll(async () => wb?.close());

  it('a company ticks "already met" and "declined request", sees what was left out, and keeps the choice on reload', async () => {
    const wp = await wb.open({ lang: 'en', key: wb.t.keys.company, path: '/my/company/demo-000001/matches' });
    const { page } = wp;
    const names = () => page.locator('.match-card h3').allInnerTexts();
    await page.locator('.match-card').first().waitFor();
    expect((await names()).slice(0, 2).map((n) => n.replace(/^\d+\.\s*/, ''))).toEqual([met, declined]);
    expect(await page.locator('.left-out').count()).toBe(0);

    const group = page.getByRole('group', { name: 'Leave out partners' });
    const metBox = group.getByRole('checkbox', { name: 'already met at an event' });
    await metBox.focus();
    await page.keyboard.press('Space');
    await page.getByText('Left out of this list: 1 already met.').waitFor();
    await expect.poll(names).not.toContainEqual(expect.stringContaining(met));
    expect((await names()).some((n) => n.includes(declined))).toBe(true);

    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.getByText('Left out of this list: 1 already met, 1 with a declined request.').waitFor();
    await expect.poll(names).not.toContainEqual(expect.stringContaining(declined));
    expect(page.url()).toMatch(/exclude=met(%2C|,)declined/);
    await wp.screenshot('company-match-filters-both');
    expect(await wp.seriousViolations()).toEqual([]);

    await page.reload();
    await page.getByText('Left out of this list: 1 already met, 1 with a declined request.').waitFor();
    expect(await group.getByRole('checkbox', { name: 'with a declined meeting request' }).isChecked()).toBe(true);
    await metBox.uncheck();
    await page.getByText('Left out of this list: 1 with a declined request.').waitFor();
    await expect.poll(async () => (await names())[0]).toContain(met);
    expect(wp.errors).toEqual([]);
  }, 60_000);

  it('a city office reading Chinese sees partner cities by their Chinese names, and the filters in Chinese', async () => {
    const cities = (await request(wb.t.app).get('/cities?country=DE&limit=200').expect(200)).body.items as { name: { zh: string | null } }[];
    const chinese = new Set(cities.map((c) => c.name.zh).filter(Boolean));
    const wp = await wb.open({ lang: 'zh', key: wb.t.keys.city, path: '/my/city/cn-foshan/matches' });
    const { page } = wp;
    await page.locator('.match-card').first().waitFor();
    await page.getByLabel('推荐对象').selectOption('cities');
    await expect.poll(async () => chinese.has((await page.locator('.match-card h3').first().innerText()).replace(/^\d+\.\s*/, ''))).toBe(true);
    const shown = (await page.locator('.match-card h3').allInnerTexts()).map((n) => n.replace(/^\d+\.\s*/, ''));
    for (const name of shown) expect(name).toMatch(/\p{Script=Han}/u);
    await page.getByRole('group', { name: '不显示以下伙伴' }).getByRole('checkbox', { name: '已在活动中会面的' }).check();
    await expect.poll(() => page.url()).toContain('exclude=met');
    await wp.screenshot('company-match-filters-zh');
    expect(await wp.seriousViolations()).toEqual([]);
    expect(wp.errors).toEqual([]);
  }, 60_000);
});
