/** `npm run openapi -- [--out file]`: writes the OpenAPI document (for the linter, for client generators). */
import { writeFileSync } from 'node:fs';
import { apiDocument } from '../app.ts';

const outAt = process.argv.indexOf('--out');
const text = `${JSON.stringify(apiDocument(), null, 2)}\n`;
if (outAt > 0 && process.argv[outAt + 1]) writeFileSync(process.argv[outAt + 1]!, text);
else process.stdout.write(text);
