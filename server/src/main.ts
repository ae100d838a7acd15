import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config';
import { createApp } from './app';
import { connectDb, IndexError, syncIndexes } from './lib/db';
import { startEmbeddedDb, type EmbeddedDb } from './lib/embedded-db';
import { dbClock } from './lib/db-clock';
import { gracefulStop } from './lifecycle';
import { createLogger } from './lib/logger';
import { scheduleAutoClose } from './jobs/auto-close';
import { scheduleWorkloadReconcile } from './jobs/reconcile-workloads';
import { outboxWorker } from './jobs/outbox-worker';
import { scheduleTranscription } from './jobs/transcribe-voice';
import { scheduleSupervision } from './jobs/supervise';
import { seedDemo } from './modules/demo/seed-demo';
import { firstAdminInvitation } from './modules/invitations/first-admin';
import { migrate } from './modules/maintenance/migrations';
import { scheduleRecount } from './jobs/recount-tallies';
import { scheduleRetention } from './jobs/retention';
import { createServices } from './services';

/**
 * Reads config, starts (or connects to) the database, listens, and stops gracefully on SIGTERM, SIGINT, SIGHUP or when
 * the parent that started it (npm start) goes away; exits non-zero when the embedded database cannot be brought back.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);

  let embedded: EmbeddedDb | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedDb({
      engine: config.EMBEDDED_DB,
      dataDir: config.DATA_DIR,
      port: config.EMBEDDED_DB_PORT,
      onEvent: (e) => (e.kind === 'restarted' ? logger.warn({ detail: e.detail }, 'embedded database restarted') : logger.error({ detail: e.detail }, `embedded database ${e.kind}`)),
    });
    uri = embedded.uri;
    logger.info({ engine: embedded.engine, uri, dataDir: embedded.dataDir }, 'embedded database started');
  }

  const db = await connectDb({ uri, dbName: config.MONGODB_DB });
  // Leases, retry times, report stamps and the feed cursor: one clock for every instance (docs/decisions.md).
  const clock = await dbClock(db, { logger });
  const deps = { config, db, logger, clock: clock.now, ...(embedded ? { dbState: embedded.state } : {}) };
  const services = createServices(deps);
  await syncIndexes(db);
  const migrated = await migrate(services, logger);
  if (migrated.length) logger.info({ migrated }, 'database migrated');
  await services.categories.seedDefaults();
  // Trained before the first request, not in it: about a second on the corpus kept in the repo.
  logger.info(await services.categories.warm(), 'category suggester trained');
  if (config.SEED_DEMO) logger.info(await seedDemo(services), 'demo data ready');
  if (config.FIRST_ADMIN_INVITE) {
    const first = await firstAdminInvitation(services, config.FIRST_ADMIN_INVITE);
    // Printed, not only logged: the operator reads it off the console once.
    if (!first) logger.warn('FIRST_ADMIN_INVITE ignored: an admin account exists; invite further admins from the console');
    else process.stdout.write(`\n  首位管理员邀请码（${config.FIRST_ADMIN_INVITE}）：${first.code}\n  在小程序“我的 → 工作人员绑定”中输入，${first.expiresAt} 前有效。\n`);
  }
  const stopJobs: (() => void | Promise<void>)[] = [
    scheduleAutoClose(services, config.AUTO_CLOSE_DAYS),
    scheduleWorkloadReconcile(services.models, logger),
    scheduleRecount(services),
    scheduleRetention(services.reportDeps, { reportDays: config.REPORT_RETENTION_DAYS, accessLogDays: config.ACCESS_LOG_RETENTION_DAYS }, () => services.consoleSessions.purge()),
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
      clock: services.clock,
    });
    worker.start();
    stopJobs.push(() => worker.stop());
  }

  const app = createApp(deps, services);
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  // Handlers first, the ready line after: whoever waits for it may signal at once.
  const stop = gracefulStop({ server, drain: services.drain, stopJobs: [...stopJobs, () => clock.stop()], db, embedded, timeoutMs: config.SHUTDOWN_TIMEOUT_MS, logger });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stop(signal, 0));
  // Started by npm start over an IPC channel: when that parent dies, however it died, this process stops too.
  if (process.send) process.on('disconnect', () => void stop('parent gone', 0));
  embedded?.onFailed(() => void stop('embedded database failed', 1));
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
