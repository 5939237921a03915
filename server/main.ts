/** `npm start`: serves the API on PORT with the database in DATA_DIR (or DATABASE_URL). */
import { once } from 'node:events';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './app.ts';
import { boot, closeContext } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

/** A stop that takes longer (a thread that will not end) is cut short. */
const SHUTDOWN_LIMIT_MS = 10_000;

/** Writes the first admin key to DATA_DIR, readable by this user only; gives the file's path. */
function saveFirstAdminKey(dataDir: string, secret: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'first-admin-key.txt');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

const config = loadConfig();
const log = createLogger(config.logLevel);

try {
  const started = Date.now();
  const { ctx, seed, firstAdminSecret } = await boot({
    databaseUrl: config.databaseUrl,
    ...(config.databaseSchema ? { pgSchema: config.databaseSchema } : {}),
    dataDir: config.dataDir,
    demoCompanies: config.demoCompanies,
    demoPastEvents: config.demoPastEvents,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    poolSize: config.databasePoolSize,
    rateLimits: { requestsPerMinute: config.requestsPerMinute, authFailuresPerMinute: config.authFailuresPerMinute },
    tuningThreads: config.tuningThreads,
    reportIntervalMinutes: config.reportIntervalMinutes,
    consentRule: config.consentRule,
    log,
  });
  if (firstAdminSecret) {
    // Kept before the server listens, so that a start that fails now (a busy port) does not lose it.
    const file = saveFirstAdminKey(config.dataDir, firstAdminSecret);
    // This is a CLI entry point: the one secret goes to the operator's terminal (stderr) and a file only
    // the operator may read, never to the JSON log on stdout that log collectors keep.
    process.stderr.write(
      `\nFirst start: created an admin API key, also written to ${file} (readable by this user only; delete it once stored):\n\n  ${firstAdminSecret}\n\n` +
        `Sign in with it on the web page, or send it as "Authorization: Bearer <key>". Another admin key: npm run keys -- create --role admin --name "…"\n\n`,
    );
  }
  const server = createApp(ctx).listen(config.port, config.host);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ url: `http://${config.host}:${port}`, database: ctx.database.location, ...seed, ms: Date.now() - started }, 'isa-match is serving');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // No new connections, idle keep-alive ones closed; running jobs go back to the queue for another
    // instance (or this one after a restart), then the database closes.
    server.close();
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
    void closeContext(ctx)
      .catch((err: unknown) => log.error({ err }, 'could not shut down cleanly'))
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  log.fatal({ err }, 'could not start');
  process.exit(1);
}
