import Router from '@koa/router';
import { z } from 'zod';
import { authResultSchema, clientConfigSchema, devLoginSchema, devUserSchema, profileUpdateSchema, roleSchema, userSchema, wechatLoginSchema } from '@linli/shared';
import { ForbiddenError, NotFoundError } from '../../lib/errors';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import { toUserView, type User } from './users.repository';

/** The template ids the app asks residents to accept: configured explicitly, or those the events use (≤ 3). */
function clientTemplateIds(config: Services['config']): string[] {
  if (config.SUBSCRIBE_TEMPLATE_IDS.length) return config.SUBSCRIBE_TEMPLATE_IDS;
  return [...new Set(Object.values(config.SUBSCRIBE_TEMPLATES).map((t) => t.templateId))].slice(0, 3);
}

/** Logins (WeChat, and the demo/test dev login) and the signed-in user's profile. */
export function authRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });
  const issue = async (user: User) => {
    // A disabled staff account is told so at sign-in, not with a token every request then refuses.
    if (user.disabledAt) throw new ForbiddenError('该工作人员账号已停用，请联系街道管理员', 'ACCOUNT_DISABLED');
    const { token, expiresAt } = await s.tokens.sign({ userId: String(user._id), role: user.role }, s.clock());
    return { token, expiresAt: expiresAt.toISOString(), user: toUserView(user) };
  };

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/auth/wechat',
      tag: 'auth',
      summary: 'Log in with a wx.login code (jscode2session); creates the resident on first login',
      auth: 'public',
      body: wechatLoginSchema,
      responses: { 200: { description: 'Signed in', schema: authResultSchema } },
      errors: [400, 403, 429, 503],
    },
    async (ctx, { body }) => {
      s.limiter.hit(`login:ip:${ctx.ip}`, s.config.RATE_LIMIT_LOGIN_PER_MIN);
      const session = await s.wechat.code2Session(body.code);
      // session_key stays here: it is not stored, returned or logged.
      const user = await s.users.findOrCreateResident(session.openid);
      return { body: await issue(user) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/auth/dev',
      tag: 'auth',
      summary: 'Demo and test login as any role; 404 unless DEV_LOGIN is on',
      auth: 'public',
      body: devLoginSchema,
      responses: { 200: { description: 'Signed in', schema: authResultSchema } },
      errors: [400, 403, 404, 429],
    },
    async (ctx, { body }) => {
      if (!s.config.DEV_LOGIN) throw new NotFoundError();
      s.limiter.hit(`login:ip:${ctx.ip}`, s.config.RATE_LIMIT_LOGIN_PER_MIN * 50);
      // Signing in as an existing account of the same role keeps its grids and specialty unless new ones are given.
      const existing = await s.users.findByOpenid(body.openid);
      const keep = existing?.role === body.role ? existing : null;
      const { user } = await s.users.upsertByOpenid({
        openid: body.openid,
        role: body.role,
        name: body.name,
        specialty: body.role === 'grid_worker' ? (body.specialty ?? keep?.specialty ?? 'social') : undefined,
        gridCodes: body.gridCodes ?? keep?.gridCodes ?? [],
        unitCode: body.role === 'unit_handler' ? (body.unitCode ?? keep?.unitCode ?? undefined) : undefined,
      });
      return { body: await issue(user) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/client-config',
      tag: 'auth',
      summary: 'What the mini-program needs before signing in: dev login on or off, subscribe template ids',
      auth: 'public',
      responses: { 200: { description: 'Client configuration', schema: clientConfigSchema } },
      errors: [],
    },
    async () => ({
      body: { devLogin: s.config.DEV_LOGIN, subscribeTemplateIds: clientTemplateIds(s.config), subscribeKind: s.config.SUBSCRIBE_KIND, autoCloseDays: s.config.AUTO_CLOSE_DAYS, phoneBinding: s.config.WECHAT_PHONE_BINDING },
    }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/auth/dev/users',
      tag: 'auth',
      summary: 'Demo users to pick from in the H5 demo login; 404 unless DEV_LOGIN is on',
      auth: 'public',
      query: z.strictObject({ role: roleSchema.default('resident') }),
      responses: { 200: { description: 'Demo users', schema: z.object({ items: z.array(devUserSchema) }) } },
      errors: [404],
    },
    async (_ctx, { query }) => {
      if (!s.config.DEV_LOGIN) throw new NotFoundError();
      // The sample accounts by their openid prefix, through the openid index (not every resident).
      const users = await s.models.User.find({ openid: { $gte: 'demo-', $lt: 'demo.' }, role: query.role }, { openid: 1, name: 1, role: 1 }).sort({ _id: 1 }).limit(50).lean();
      return { body: { items: users.filter((u) => u.openid.startsWith('demo-')).map((u) => ({ openid: u.openid, name: u.name ?? null, role: u.role })) } };
    },
  );

  defineRoute(
    router,
    registry,
    { method: 'get', path: '/me', tag: 'auth', summary: 'The signed-in user', auth: 'user', responses: { 200: { description: 'Me', schema: userSchema } }, errors: [401] },
    async (ctx) => ({ body: toUserView(ctx.state.user) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'patch',
      path: '/me',
      tag: 'auth',
      summary: 'Update my profile (care mode, display name)',
      auth: 'user',
      body: profileUpdateSchema,
      responses: { 200: { description: 'Updated', schema: userSchema } },
      errors: [400, 401],
    },
    async (ctx, { body }) => ({ body: toUserView((await s.users.updateProfile(String(ctx.state.user._id), body))!) }),
  );
  return router;
}
