import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config';
import { createApp } from './app';
import { connectDb, IndexError, syncIndexes } from './lib/db';
import { startEmbeddedDb, type EmbeddedDb } from './lib/embedded-db';
import { createLogger } from './lib/logger';
import { scheduleAutoClose } from './jobs/auto-close';
import { scheduleWorkloadReconcile } from './jobs/reconcile-workloads';
import { outboxWorker } from './jobs/outbox-worker';
import { scheduleTranscription } from './jobs/transcribe-voice';
import { scheduleSupervision } from './jobs/supervise';
import { seedDemo } from './modules/demo/seed-demo';
import { migrate } from './modules/maintenance/migrations';
import { scheduleRecount } from './jobs/recount-tallies';
import { createServices } from './services';

/** Reads config, starts (or connects to) the database, listens, and shuts down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);

  let embedded: EmbeddedDb | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedDb({ engine: config.EMBEDDED_DB, dataDir: config.DATA_DIR, port: config.EMBEDDED_DB_PORT });
    uri = embedded.uri;
    logger.info({ engine: embedded.engine, uri, dataDir: embedded.dataDir }, 'embedded database started');
  }

  const db = await connectDb({ uri, dbName: config.MONGODB_DB });
  const deps = { config, db, logger };
  const services = createServices(deps);
  await syncIndexes(db);
  const migrated = await migrate(services, logger);
  if (migrated.length) logger.info({ migrated }, 'database migrated');
  await services.categories.seedDefaults();
  if (config.SEED_DEMO) logger.info(await seedDemo(services), 'demo data ready');
  const stopJobs = [
    scheduleAutoClose(services, config.AUTO_CLOSE_DAYS),
    scheduleWorkloadReconcile(services.models, logger),
    scheduleRecount(services),
    scheduleSupervision(services, config.SUPERVISE_EVERY_MS, { yellowAt: config.SUPERVISE_YELLOW_AT, escalateEveryHours: config.SUPERVISE_ESCALATE_EVERY_HOURS }),
  ];
  if (services.speech.enabled) {
    stopJobs.push(scheduleTranscription(services, config.STT_POLL_MS));
    logger.info({ engine: services.speech.name }, 'speech recognition on');
  }
  if (config.OUTBOX_ENABLED) {
    // Delivery runs beside intake and never blocks it: a slow WeChat API only delays the outbox.
    const worker = outboxWorker(services.deliverDeps, {
      pollMs: config.OUTBOX_POLL_MS,
      maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
      baseDelayMs: config.OUTBOX_BASE_DELAY_MS,
      retentionDays: config.OUTBOX_RETENTION_DAYS,
    });
    worker.start();
    stopJobs.push(() => void worker.stop());
  }

  const app = createApp(deps, services);
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const { port } = server.address() as AddressInfo;
  const shownHost = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  logger.info({ url: `http://${shownHost}:${port}/`, database: embedded ? embedded.engine : 'MONGODB_URI' }, 'listening');
  const base = `http://${shownHost}:${port}`;
  const where = embedded
    ? `embedded ${embedded.engine === 'ferretdb' ? 'FerretDB (SQLite backend)' : 'mongodb-memory-server'}, data in ${embedded.dataDir}`
    : `MONGODB_URI (database "${config.MONGODB_DB}")`;
  process.stdout.write(
    [
      '',
      '  邻里报事 Linli is running',
      `  H5 app     ${base}/`,
      `  Health     ${base}/healthz`,
      `  Console    ${base}/console/`,
      `  Database   ${where}`,
      '  Stop with Ctrl+C.',
      '',
      // One plain line for scripts that wait for start-up.
      `LINLI_READY ${base}/`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    // Stop accepting, let in-flight requests finish, then close idle keep-alive sockets.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    for (const stop of stopJobs) stop();
    await db.close();
    await embedded?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
  } else if (err instanceof IndexError) {
    process.stderr.write(`Failed to start: ${err.message}\nEvery index is required (docs/database.md); fix or drop the conflicting one and start again.\n`);
  } else {
    process.stderr.write(`Failed to start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
