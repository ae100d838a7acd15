import type { Connection } from 'mongoose';
import type { Config } from './config';
import type { Logger } from './lib/logger';

/** What every request's `ctx.state` carries. */
export interface AppState {
  requestId: string;
  log: Logger;
}

/** Everything the app needs from outside; tests build these themselves. */
export interface AppDeps {
  config: Config;
  db: Connection;
  logger: Logger;
}
