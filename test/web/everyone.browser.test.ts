/**
 * What everyone sees, in Chromium: the start page, the map of both countries (cities drawn, and the
 * same cities as a keyboard list), the directory with filters and a name search, a city's profile in
 * Chinese, full-text search in German and Chinese, and the admin's Keys page, where a company key is
 * issued and then used to sign in in a new tab. Each page: a screenshot, axe finds nothing serious, no
 * page errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBudget } from './budgets.ts';
import { startWorkbench, type Workbench } from './workbench.ts';

/** What the page functions below use of a canvas (the tests compile without the DOM's types). */
interface CanvasLike {
  width: number;
  height: number;
  clientWidth: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}

/** How many pixels of a canvas are painted (runs in the page). */
function inkedPixels(node: unknown): number {
  const canvas = node as CanvasLike;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
  return inked;
}

/** Where on a map canvas (CSS pixels) the first pixel in the members' blue (#0b5cad) lies, or null (runs in the page). */
function firstMemberPoint(node: unknown): { x: number; y: number } | null {
  const canvas = node as CanvasLike;
  const { width, height } = canvas;
  const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i]! - 11) < 8 && Math.abs(data[i + 1]! - 92) < 8 && Math.abs(data[i + 2]! - 173) < 8 && data[i + 3]! > 240) {
      const scale = canvas.clientWidth / width;
      return { x: ((i / 4) % width) * scale + 2, y: Math.floor(i / 4 / width) * scale + 3 };
    }
  }
  return null;
}

describe('what everyone sees', () => {
  let wb: Workbench;
  beforeAll(async () => {
    wb = await startWorkbench({ demoCompanies: 60 });
    // The search index builds after start; the search pages need it.
    await wb.t.ctx.search.build(wb.t.ctx.db);
  }, 120_000);
  afterAll(async () => wb?.close());

  it('starts with what this is, a search box and where to go', async () => {
    const wp = await wb.open();
    await wp.go('/');
    expect(await wp.page.locator('h1').innerText()).toBe('Partners across the Sino-German Industrial City Alliance');
    await wp.page.getByRole('link', { name: 'Browse the directory' }).waitFor();
    await wp.page.getByRole('link', { name: 'See the map' }).waitFor();
    for (const entry of ['Directory', 'Map', 'Search']) await wp.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: entry }).waitFor();
    // The search box leads to the search page with the words.
    await wp.page.getByLabel('Search cities and companies').fill('Foshan');
    await wp.page.getByLabel('Search cities and companies').press('Enter');
    await wp.page.getByRole('heading', { name: 'Search', level: 1 }).waitFor();
    await wp.page.locator('.hits').getByRole('link', { name: 'Foshan' }).waitFor();
    await wp.go('/');
    await wp.screenshot('everyone-home');
    expect(await wp.seriousViolations()).toEqual([]);
    expect(wp.errors).toEqual([]);
  });

  it('draws the cities on maps of Germany and China, lists them for the keyboard, and opens a profile from the list', async () => {
    const wp = await wb.open();
    const started = Date.now();
    await wp.go('/map');
    const maps = wp.page.locator('.map-canvas');
    await expect.poll(() => maps.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-state'))), { timeout: 30_000 }).toEqual(['drawn', 'drawn']);
    recordBudget('map page drawn (ms)', Date.now() - started, 2000);
    const canvases = wp.page.getByRole('img', { name: /^Map of (Germany|China) with \d+ cities of the alliance$/ });
    expect(await canvases.count()).toBe(2);
    // Something was painted: the canvas is not blank.
    const painted = await wp.page.locator('.map-canvas canvas').first().evaluate(inkedPixels);
    expect(painted).toBeGreaterThan(1000);
    const germany = wp.page.getByRole('navigation', { name: 'Cities in Germany' });
    const china = wp.page.getByRole('navigation', { name: 'Cities in China' });
    expect(await germany.getByRole('link').count()).toBeGreaterThanOrEqual(25);
    expect(await china.getByRole('link').count()).toBeGreaterThanOrEqual(25);
    expect(await china.getByRole('listitem').filter({ hasText: 'Foshan' }).innerText()).toContain('member');
    await wp.screenshot('everyone-map');
    expect(await wp.seriousViolations()).toEqual([]);
    // A click on a point of the map opens that city's profile.
    const chinaCanvas = wp.page.locator('.map-canvas canvas').nth(1);
    const point = await chinaCanvas.evaluate(firstMemberPoint);
    expect(point).not.toBeNull();
    await chinaCanvas.click({ position: point! });
    // Waits on the browser's own navigation events: a polled expression would be evaluated in the page, which its CSP forbids.
    await wp.page.waitForURL(/\/#\/cities\/cn-/);
    await wp.page.getByRole('heading', { name: 'Key data' }).waitFor();
    await wp.go('/map');
    // Keyboard alone: focus the list's link and press Enter.
    await china.getByRole('link', { name: 'Foshan' }).focus();
    await wp.page.keyboard.press('Enter');
    await wp.page.getByRole('heading', { name: 'Foshan', level: 1 }).waitFor();
    expect(wp.errors).toEqual([]);
  });

  it('lists the directory with filters and a name search', async () => {
    const wp = await wb.open();
    await wp.go('/directory');
    await wp.page.getByText('56 found').waitFor();
    await wp.page.getByLabel('Country').selectOption('CN');
    await wp.page.getByLabel('Status').selectOption('member');
    const status = wp.page.getByRole('status').filter({ hasText: 'found' });
    await expect.poll(async () => Number((await status.innerText()).split(' ')[0]), { timeout: 10_000 }).toBeLessThan(56);
    const rows = wp.page.locator('tbody tr');
    for (const country of await rows.locator('td:nth-child(2)').allInnerTexts()) expect(country).toBe('China');
    await wp.page.getByLabel('Name').fill('Fo');
    await wp.page.getByRole('button', { name: 'Apply' }).click();
    await wp.page.getByText('1 found').waitFor();
    expect(await rows.locator('th a').allInnerTexts()).toEqual(['Foshan']);
    await wp.screenshot('everyone-directory');
    expect(await wp.seriousViolations()).toEqual([]);
    await rows.locator('th a').first().click();
    await wp.page.getByRole('heading', { name: 'Foshan', level: 1 }).waitFor();
    expect(wp.errors).toEqual([]);
  });

  it("shows a signed-in user the directory's companies, filtered by city, with the city named in the chosen language", async () => {
    const wp = await wb.open({ lang: 'zh', key: wb.t.keys.analyst });
    await wp.go('/directory');
    await wp.page.getByRole('tab', { name: '企业' }).click();
    await wp.page.getByRole('tab', { name: '企业', selected: true }).waitFor();
    await wp.page.getByLabel('城市').selectOption('cn-foshan');
    await expect.poll(async () => [...new Set(await wp.page.locator('tbody tr td:nth-child(2)').allInnerTexts())], { timeout: 10_000 }).toEqual(['佛山市']);
    await wp.screenshot('everyone-directory-companies-zh');
    expect(await wp.seriousViolations()).toEqual([]);
    await wp.page.locator('tbody tr th a').first().click();
    await wp.page.locator('.facts').waitFor();
    expect(await wp.page.locator('.facts').innerText()).toContain('佛山市');
    await wp.screenshot('everyone-company-zh');
    expect(await wp.seriousViolations()).toEqual([]);
    expect(wp.errors).toEqual([]);
  });

  it('shows a city in Chinese with its Chinese name and cluster labels', async () => {
    const wp = await wb.open({ lang: 'zh' });
    await wp.go('/cities/cn-foshan');
    await wp.page.getByRole('heading', { name: '佛山市', level: 1 }).waitFor();
    const page = await wp.page.locator('main').innerText();
    expect(page).toContain('基本数据');
    expect(page).toContain('成员');
    // Cluster names are Chinese.
    const clusters = await wp.page.locator('main h2:has-text("产业集群") + ul strong').allInnerTexts();
    expect(clusters.length).toBeGreaterThan(0);
    for (const name of clusters) expect(name).toMatch(/\p{Script=Han}/u);
    await wp.screenshot('everyone-city-zh');
    expect(await wp.seriousViolations()).toEqual([]);
    expect(wp.errors).toEqual([]);
  });

  it('searches in German and in Chinese and names the cities in that language', async () => {
    const de = await wb.open({ lang: 'de' });
    await de.go('/search');
    await de.page.getByLabel('Suchbegriffe').fill('Köln');
    await de.page.getByRole('button', { name: 'Suchen' }).click();
    await de.page.locator('.hits').getByRole('link', { name: 'Köln' }).waitFor();
    expect(await de.page.getByRole('status').filter({ hasText: 'Treffer' }).innerText()).toMatch(/Treffer für „Köln“/);
    await de.screenshot('everyone-search-de');
    expect(await de.seriousViolations()).toEqual([]);
    expect(de.errors).toEqual([]);

    const zh = await wb.open({ lang: 'zh' });
    await zh.go('/search');
    await zh.page.getByLabel('搜索词').fill('科隆');
    await zh.page.getByRole('button', { name: '搜索' }).click();
    await zh.page.locator('.hits').getByRole('link', { name: '科隆' }).waitFor();
    // A German name finds the city too, named in Chinese.
    await zh.page.getByLabel('搜索词').fill('Foshan');
    await zh.page.getByRole('button', { name: '搜索' }).click();
    await zh.page.locator('.hits').getByRole('link', { name: '佛山市' }).waitFor();
    await zh.screenshot('everyone-search-zh');
    expect(await zh.seriousViolations()).toEqual([]);
    expect(zh.errors).toEqual([]);
  });

  it('lets the admin issue a company key, which signs in in a new tab', async () => {
    const admin = await wb.open({ key: wb.t.keys.admin });
    await admin.go('/keys');
    await admin.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Keys' }).waitFor();
    await admin.page.getByLabel('Name (who holds the key)').fill('Sales office, demo company');
    await admin.page.getByLabel('Role').selectOption('company');
    const choose = admin.page.getByLabel('Choose a company');
    await expect.poll(() => choose.locator('option').count()).toBeGreaterThan(1);
    const companyId = (await choose.locator('option').nth(1).getAttribute('value'))!;
    await choose.selectOption(companyId);
    await admin.page.getByRole('button', { name: 'Issue the key' }).click();
    await admin.page.getByText('Key for Sales office, demo company issued.').waitFor();
    const secret = await admin.page.locator('#issued-secret').innerText();
    expect(secret.length).toBeGreaterThan(20);
    await admin.page.getByRole('button', { name: 'Copy' }).waitFor();
    await admin.page.getByRole('row', { name: /Sales office, demo company/ }).waitFor();
    await admin.screenshot('everyone-keys');
    expect(await admin.seriousViolations()).toEqual([]);
    expect(admin.errors).toEqual([]);

    const holder = await wb.open();
    await holder.signIn(secret);
    expect(await holder.page.locator('.who').innerText()).toContain('Sales office, demo company');
    await holder.go('/');
    await holder.page.getByRole('link', { name: 'My matches' }).waitFor();
    expect(await holder.page.getByRole('link', { name: 'My matches' }).getAttribute('href')).toBe(`#/my/company/${companyId}/matches`);
    await holder.screenshot('everyone-home-company');
    expect(await holder.seriousViolations()).toEqual([]);
    // The Keys page is the admin's only.
    expect(await holder.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Keys' }).count()).toBe(0);
    expect(holder.errors).toEqual([]);
  });
});
