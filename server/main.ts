/** `npm start`: serves the API on PORT with the database in DATA_DIR (or DATABASE_URL). */
import { once } from 'node:events';
import { createApp } from './app.ts';
import { boot, closeContext } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

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
    rateLimits: { requestsPerMinute: config.requestsPerMinute, authFailuresPerMinute: config.authFailuresPerMinute },
    tuningThreads: config.tuningThreads,
    reportIntervalMinutes: config.reportIntervalMinutes,
    consentRule: config.consentRule,
    log,
  });
  const server = createApp(ctx).listen(config.port, config.host);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ url: `http://${config.host}:${port}`, database: ctx.database.location, ...seed, ms: Date.now() - started }, 'isa-match is serving');
  if (firstAdminSecret) {
    // This is a CLI entry point: the one secret goes to the operator's terminal, not to the log stream.
    process.stdout.write(
      `\nFirst start: created an admin API key. It is shown only this once; store it now.\n\n  ${firstAdminSecret}\n\n` +
        `Open http://${config.host}:${port}/ and sign in with it (the Keys page issues keys for companies, cities, organisers\n` +
        `and analysts), or send it as "Authorization: Bearer <key>". On the command line: npm run keys -- create --role organiser --name "…"\n\n`,
    );
  }
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close(() => {
      void closeContext(ctx).then(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  log.fatal({ err }, 'could not start');
  process.exit(1);
}
