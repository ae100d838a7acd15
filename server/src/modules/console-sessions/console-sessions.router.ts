import Router from '@koa/router';
import { z } from 'zod';
import { consoleRoles, consoleSessionIdSchema, consoleSessionPollSchema, consoleSessionRequestSchema, consoleSessionViewSchema, createdConsoleSessionSchema } from '@linli/shared';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';

const idParams = z.strictObject({ id: consoleSessionIdSchema });
const secretSchema = z.string().regex(/^[A-Za-z0-9_-]{32}$/);

/** Console sign-in by scanning a QR code with the mini-program (docs/decisions.md). */
export function consoleSessionsRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/auth' });
  const cases = s.consoleSessions;

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/console-sessions',
      tag: 'auth',
      summary: 'A browser asks to sign in to the console: a QR code id (2 minutes), its link, and the poll secret only this browser holds',
      auth: 'public',
      responses: { 201: { description: 'Waiting for a staff member to scan and confirm', schema: createdConsoleSessionSchema } },
      errors: [429],
    },
    async (ctx) => {
      s.limiter.hit(`console-session:ip:${ctx.ip}`, 60);
      return { status: 201, body: await cases.create(ctx.get('user-agent'), ctx.ip, ctx.origin) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/console-sessions/:id',
      tag: 'auth',
      summary: "The browser's poll: pending, then the console token once after confirmation; 404 without this browser's secret",
      auth: 'public',
      params: idParams,
      headers: { 'X-Console-Secret': { schema: secretSchema, required: true, description: 'The secret answered when the session was created' } },
      responses: { 200: { description: 'The sign-in as it stands', schema: consoleSessionPollSchema } },
      errors: [404, 429],
    },
    async (ctx, { params }) => {
      s.limiter.hit(`console-poll:ip:${ctx.ip}`, 240);
      // A missing or wrong secret is the same 404 as an unknown id: the use case compares hashes of any string.
      return { body: await cases.poll(params.id, ctx.get('x-console-secret')) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/console-sessions/:id/request',
      tag: 'auth',
      summary: 'What a staff member is asked to confirm after scanning: the browser, its masked address, when it asked',
      // Any signed-in user reaches the use case, which says why the console is not for them.
      auth: 'user',
      params: idParams,
      responses: { 200: { description: 'The request', schema: consoleSessionRequestSchema } },
      errors: [401, 403, 404],
    },
    async (ctx, { params }) => ({ body: await cases.request(ctx.state.user, params.id) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/console-sessions/:id/confirm',
      tag: 'auth',
      summary: 'A signed-in staff member confirms: that browser signs in to the console as them, with their role and scope',
      // Any signed-in user reaches the use case, which says why the console is not for them.
      auth: 'user',
      params: idParams,
      responses: { 200: { description: 'Confirmed', schema: consoleSessionViewSchema } },
      errors: [401, 403, 404, 409, 410, 429],
    },
    async (ctx, { params }) => {
      s.limiter.hit(`console-confirm:user:${String(ctx.state.user._id)}`, 10);
      return { body: await cases.confirm(ctx.state.user, params.id) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/console-sessions',
      tag: 'auth',
      summary: "The signed-in user's consoles (device, masked address, since, until)",
      auth: [...consoleRoles],
      responses: { 200: { description: 'Signed-in consoles, newest first', schema: z.object({ items: z.array(consoleSessionViewSchema) }) } },
      errors: [401, 403],
    },
    async (ctx) => ({ body: { items: await cases.list(ctx.state.user, ctx.state.consoleSessionId) } }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'delete',
      path: '/console-sessions/:id',
      tag: 'auth',
      summary: 'Sign a console out (its owner; an admin any): its token is refused from the next request',
      auth: [...consoleRoles],
      params: idParams,
      responses: { 200: { description: 'Signed out', schema: consoleSessionViewSchema } },
      errors: [401, 403, 404],
    },
    async (ctx, { params }) => ({ body: await cases.signOut(ctx.state.user, params.id, ctx.state.consoleSessionId) }),
  );
  return router;
}
