/**
 * The workbench (web/, built into web/dist by `npm run build:web`, which `npm install` runs) served at
 * `/`: index.html never cached (it names the current bundles), the hashed bundles cached for a year.
 * Until it is built, `/` says how to build it instead of a bare 404.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express from 'express';

export const WEB_DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>ISA Match</title>
<h1>The web interface is not built</h1>
<p>Run <code>npm run build:web</code> (or <code>npm install</code>, which runs it) and reload. The API is described at <a href="/docs">/docs</a>.</p></html>`;

export function webInterface(dist = WEB_DIST): express.Router {
  const router = express.Router();
  const index = `${dist}index.html`;
  router.get('/', (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    if (existsSync(index)) res.sendFile(index);
    else res.status(503).type('html').send(NOT_BUILT);
  });
  router.use('/assets', express.static(`${dist}assets`, { index: false, immutable: true, maxAge: '365d', fallthrough: true }));
  return router;
}
