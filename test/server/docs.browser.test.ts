/**
 * The API reference at /docs in a real browser (Debian's Chromium, driven by playwright-core): it loads
 * from this server alone, renders every tag of the document, and "try it" with an API key answers.
 * Chromium must be installed (`bash .ci/chromium.sh`; CHROMIUM_PATH overrides where): without it the test fails.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the API reference at /docs', () => {
  let t: TestApp;
  let server: Server;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run 'bash .ci/chromium.sh' (or set CHROMIUM_PATH)`);
    t = await testApp({ demoCompanies: 5 });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The flags keep Chromium from calling home: on these machines any outside connection is refused.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await t?.close();
  });

  it('loads with no outside request, shows the operations, and tries one with an API key', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(`${origin}/docs`, { waitUntil: 'networkidle' });
    await page.locator('.opblock-tag').first().waitFor({ timeout: 90_000 });
    expect(await page.locator('.info .title').innerText()).toContain('isa-match');
    const tags = await page.locator('.opblock-tag').allInnerTexts();
    for (const tag of ['cities', 'companies', 'matches', 'events', 'keys', 'service']) expect(tags.join(' ')).toContain(tag);

    // Authorize with a key, then "Try it out" on GET /auth/me: the answer names the key's role.
    await page.getByRole('button', { name: /Authorize/ }).first().click();
    await page.locator('.auth-container input[type="text"], .auth-container input[type="password"]').first().fill(t.keys.analyst);
    await page.locator('.auth-container .btn.authorize').first().click();
    await page.locator('.modal-ux .btn-done').first().click();
    const operation = page.locator('#operations-service-getCaller');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const body = operation.locator('.responses-wrapper .live-responses-table .response-col_description pre').first();
    await body.waitFor({ timeout: 60_000 });
    expect(await body.innerText()).toContain('"role": "analyst"');

    expect(errors).toEqual([]);
    const outside = requested.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'));
    expect(outside).toEqual([]);
    expect(requested).toContain(`${origin}/openapi.json`);
  }, 240_000);
});
