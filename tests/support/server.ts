import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/src/app';
import { loadConfig, type Config } from '../../server/src/config';
import { createLogger } from '../../server/src/lib/logger';
import { dbClock } from '../../server/src/lib/db-clock';
import { createServices, type Plugins, type Services } from '../../server/src/services';
import type { TestDb } from './db';

export interface TestServer {
  url: string;
  config: Config;
  services: Services;
  /** Moves this server's clock; the real time otherwise. */
  clock: TestClock;
  close(): Promise<void>;
}

export class TestClock {
  private offsetMs = 0;
  private fixedMs: number | null = null;
  now = (): Date => new Date(this.fixedMs ?? Date.now() + this.offsetMs);
  advance(ms: number): void {
    if (this.fixedMs !== null) this.fixedMs += ms;
    else this.offsetMs += ms;
  }
  /** Stops the server's clock at this moment; advance() still moves it. */
  setTo(at: Date): void {
    this.fixedMs = at.getTime();
  }
}

/** Runs the real Koa app on an ephemeral port against the test file's database, with categories seeded. */
export async function startTestServer(
  db: TestDb,
  env: Record<string, string> = {},
  plugins: Plugins = {},
  /** An instance whose own clock is this far off, running on the database's clock as main.ts does. */
  opts: { skewMs?: number } = {},
): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEV_LOGIN: 'true',
    RATE_LIMIT_REPORTS_PER_MIN: '1000',
    RATE_LIMIT_REPORTS_PER_IP_PER_MIN: '10000',
    RATE_LIMIT_LOGIN_PER_MIN: '1000',
    RATE_LIMIT_SUGGEST_PER_MIN: '10000',
    OUTBOX_ENABLED: 'false',
    // Tests change reports and read statistics at once: only concurrent calls share a read.
    STATS_CACHE_MS: '0',
    ...env,
  });
  const clock = new TestClock();
  const skewed = opts.skewMs === undefined ? null : await dbClock(db.conn, { local: () => new Date(clock.now().getTime() + opts.skewMs!) });
  const deps = { config, db: db.conn, logger: createLogger(config.LOG_LEVEL), clock: skewed ? skewed.now : clock.now };
  const services = createServices(deps, plugins);
  await services.categories.seedDefaults();
  const app = createApp(deps, services);
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    services,
    clock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        skewed?.stop();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
