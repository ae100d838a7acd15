import type { Connection } from 'mongoose';
import type { Config } from './config';
import type { AppError } from './lib/errors';
import type { Logger } from './lib/logger';
import type { User } from './modules/users/users.repository';

/** What every request's `ctx.state` carries. */
export interface AppState {
  requestId: string;
  log: Logger;
  /** The signed-in user, when a valid token came with the request. */
  user?: User;
  /** Why a token that came with the request was refused (expired, forged), for routes that need a user. */
  authFailure?: AppError;
  /** The console sign-in a console token belongs to (modules/console-sessions). */
  consoleSessionId?: string;
}

export interface AuthedState extends AppState {
  user: User;
}

/** Everything the app needs from outside; tests build these themselves. */
export interface AppDeps {
  config: Config;
  db: Connection;
  logger: Logger;
  /** Injected so tests can move time (SLA, auto-close, token expiry); in production, the database's clock. */
  clock?: () => Date;
  /** The embedded database's state, when this process supervises one: requests fail fast while it is not up. */
  dbState?: () => 'up' | 'restarting' | 'failed';
}
