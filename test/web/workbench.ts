/**
 * The workbench in a real browser: the built interface (web/dist) served by the whole app on
 * 127.0.0.1, Debian's Chromium driven by playwright-core, screenshots kept under var/screenshots/
 * (the artefacts of a run), axe-core's audit, and timings for the budgets. Without Chromium or without
 * the built interface the tests fail and say how to get them.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { WEB_DIST } from '../../server/web.ts';
import { testApp, type TestApp } from '../helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'var', 'screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type Lang = 'de' | 'en' | 'zh';

export interface Workbench {
  t: TestApp;
  origin: string;
  browser: Browser;
  /** A new tab in its own context (its own sessionStorage), in a language, with page errors collected. */
  open(options?: { lang?: Lang; key?: string; path?: string }): Promise<WorkbenchPage>;
  close(): Promise<void>;
}

export interface WorkbenchPage {
  page: Page;
  /** Uncaught errors and console errors of the page so far. */
  errors: string[];
  /** Goes to a workbench path (the part after #), waiting for the page's heading. */
  go(path: string): Promise<void>;
  /** Signs in through the form with a key. */
  signIn(key: string): Promise<void>;
  /** Saves a full-page screenshot as var/screenshots/<name>.png. */
  screenshot(name: string): Promise<string>;
  /** axe-core's violations of impact serious or critical on the page as it is now. */
  seriousViolations(): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]>;
}

export async function startWorkbench(options: { demoCompanies?: number; demoPastEvents?: number } = {}): Promise<Workbench> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run 'bash .ci/chromium.sh' (or set CHROMIUM_PATH)`);
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error(`The workbench is not built (${WEB_DIST}): run 'npm run build:web'`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const t = await testApp({ demoCompanies: options.demoCompanies ?? 60, demoPastEvents: options.demoPastEvents ?? 0 });
  const server: Server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The flags keep Chromium from calling home: on these machines any outside connection is refused.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

  async function open(opts: { lang?: Lang; key?: string; path?: string } = {}): Promise<WorkbenchPage> {
    const lang = opts.lang ?? 'en';
    const context = await browser.newContext({ locale: lang === 'zh' ? 'zh-CN' : lang, viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    // The language the interface starts in; a choice made in the page afterwards is kept.
    await context.addInitScript(`localStorage.getItem('isa.lang') ?? localStorage.setItem('isa.lang', ${JSON.stringify(lang)})`);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const wp: WorkbenchPage = {
      page,
      errors,
      async go(path) {
        await page.goto(`${origin}/#${path}`);
        await page.locator('h1').first().waitFor();
      },
      async signIn(key) {
        await wp.go('/sign-in');
        await page.locator('input[type="password"]').fill(key);
        await page.locator('form button[type="submit"]').click();
        await page.locator('.who').waitFor();
      },
      async screenshot(name) {
        const path = join(SCREENSHOTS, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      async seriousViolations() {
        await page.evaluate(AXE_SOURCE);
        const results = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
          violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
        };
        return results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
      },
    };
    if (opts.key) await wp.signIn(opts.key);
    if (opts.path) await wp.go(opts.path);
    return wp;
  }

  return {
    t,
    origin,
    browser,
    open,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    },
  };
}
