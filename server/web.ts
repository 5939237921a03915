/**
 * The workbench (web/, built into web/dist by `npm run build:web`, which `npm install` runs): its page
 * is the route GET / (routes/service.ts), never cached since it names the current bundles; the hashed
 * bundles under /assets are cached for a year. Until it is built, GET / is a 503 saying how to build it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { AppError } from '../engine/errors.ts';

export const WEB_DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));

/**
 * What the page may load: only this server's scripts, styles and data. Inline style attributes stay
 * allowed (React sets widths of bars and charts that way); inline scripts do not.
 */
export const WORKBENCH_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** index.html as built now (read on each call: a rebuild shows without a restart). */
export function workbenchPage(dist = WEB_DIST): string {
  const index = `${dist}index.html`;
  if (!existsSync(index)) throw new AppError('unavailable', 'The web interface is not built: run `npm run build:web` (npm install runs it) and reload');
  return readFileSync(index, 'utf8');
}

/** The bundles index.html names, under /assets. */
export function workbenchAssets(dist = WEB_DIST): express.Router {
  const router = express.Router();
  router.use('/assets', express.static(`${dist}assets`, { index: false, immutable: true, maxAge: '365d' }));
  return router;
}
