import type { Middleware } from 'koa';
import { UnauthenticatedError } from '../lib/errors';
import type { SessionTokens } from '../lib/tokens';
import type { UsersRepository } from '../modules/users/users.repository';
import type { ConsoleSessions } from '../modules/console-sessions/console-sessions';
import type { AppState } from '../app-types';

/** Resolves `Authorization: Bearer <token>` to a user; routes decide whether one is required. */
export function authenticate(tokens: SessionTokens, users: UsersRepository, consoles: Pick<ConsoleSessions, 'isActive'>): Middleware<AppState> {
  return async (ctx, next) => {
    // <image src> cannot send headers, so media downloads may carry the token as ?access_token= instead.
    const queryToken = ctx.method === 'GET' && ctx.path.startsWith('/api/v1/media/') && typeof ctx.query.access_token === 'string' ? ctx.query.access_token : '';
    const header = ctx.get('authorization') || (queryToken ? `Bearer ${queryToken}` : '');
    if (header) {
      const match = /^Bearer ([A-Za-z0-9._-]{10,2048})$/.exec(header);
      const result = match ? await tokens.verify(match[1]!) : ({ ok: false, reason: 'invalid' } as const);
      if (result.ok && result.claims.sid && !(await consoles.isActive(result.claims.sid, result.claims.userId))) {
        // A console token lives only as long as its sign-in: signed out (here or from the phone) means refused.
        ctx.state.authFailure = new UnauthenticatedError('电脑端已退出登录，请重新扫码登录', 'SESSION_ENDED');
      } else if (result.ok) {
        ctx.state.consoleSessionId = result.claims.sid;
        // Staff from the directory (a changed role or scope applies within a second on every instance),
        // residents from a short per-instance cache (docs/decisions.md).
        const user = await users.forSession(result.claims.userId);
        if (user) ctx.state.user = user;
        else ctx.state.authFailure = new UnauthenticatedError('登录已失效，请重新登录', 'TOKEN_INVALID');
      } else {
        ctx.state.authFailure =
          result.reason === 'expired'
            ? new UnauthenticatedError('登录已过期，请重新登录', 'TOKEN_EXPIRED')
            : new UnauthenticatedError('登录凭证无效，请重新登录', 'TOKEN_INVALID');
      }
    }
    await next();
  };
}
