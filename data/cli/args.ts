import { parseArgs, type ParseArgsConfig } from 'node:util';

/** node:util parseArgs with a usage line on error; CLIs print to the terminal, not through pino. */
export function cliArgs<T extends ParseArgsConfig['options']>(options: T, usage: string) {
  try {
    return parseArgs({ options, allowPositionals: true, strict: true });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}

/** The server's variables (server/config.ts), so that a CLI works on the database the server does. */
export const databaseOptions = () => ({
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATA_DIR || './var',
  pgSchema: process.env.DATABASE_SCHEMA || undefined,
});
