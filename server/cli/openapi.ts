/** `npm run openapi -- [--out file]`: writes the OpenAPI document (for the linter, for client generators). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { apiDocument } from '../app.ts';

const outAt = process.argv.indexOf('--out');
const text = `${JSON.stringify(apiDocument(), null, 2)}\n`;
const out = outAt > 0 ? process.argv[outAt + 1] : undefined;
if (out) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
}
else process.stdout.write(text);
