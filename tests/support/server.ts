import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/src/app';
import { loadConfig, type Config } from '../../server/src/config';
import { createLogger } from '../../server/src/lib/logger';
import type { TestDb } from './db';

export interface TestServer {
  url: string;
  config: Config;
  close(): Promise<void>;
}

/** Runs the real Koa app on an ephemeral port against the test file's database. */
export async function startTestServer(db: TestDb, env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const app = createApp({ config, db: db.conn, logger: createLogger(config.LOG_LEVEL) });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
