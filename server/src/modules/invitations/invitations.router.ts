import Router from '@koa/router';
import { z } from 'zod';
import { authResultSchema, bindSchema, createdInvitationSchema, createInvitationSchema, invitationViewSchema } from '@linli/shared';
import { ForbiddenError } from '../../lib/errors';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import { toUserView } from '../users/users.repository';
import { invitationsFor } from './invitations';

const idParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{64}$/, '邀请 ID 格式不正确') });

/** Staff invitations (admin, or a leader for their own grids) and binding a WeChat account with a code. */
export function invitationsRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });
  const cases = invitationsFor(s);
  const inviters = ['admin', 'grid_leader'] as const;

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/admin/invitations',
      tag: 'admin',
      summary: 'Invite a staff member: a one-time code (shown once) and the mini-program page that redeems it; a leader may invite grid workers of their own grids',
      auth: [...inviters],
      body: createInvitationSchema,
      responses: { 201: { description: 'Invited', schema: createdInvitationSchema } },
      errors: [400, 401, 403],
    },
    async (ctx, { body }) => ({ status: 201, body: await cases.create(ctx.state.user, body) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/admin/invitations',
      tag: 'admin',
      summary: 'Invitations with their status (待使用/已使用/已过期/已撤销): an admin sees all, a leader their own',
      auth: [...inviters],
      responses: { 200: { description: 'Invitations, newest first', schema: z.object({ items: z.array(invitationViewSchema) }) } },
      errors: [401, 403],
    },
    async (ctx) => ({ body: { items: await cases.list(ctx.state.user) } }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'delete',
      path: '/admin/invitations/:id',
      tag: 'admin',
      summary: 'Revoke an invitation not yet used',
      auth: [...inviters],
      params: idParams,
      responses: { 200: { description: 'Revoked', schema: invitationViewSchema } },
      errors: [400, 401, 403, 404, 409],
    },
    async (ctx, { params }) => ({ body: await cases.revoke(ctx.state.user, params.id) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/auth/bind',
      tag: 'auth',
      summary:
        "Redeem an invitation: the signed-in WeChat account becomes the invited staff account; answers a new token for it. By `code`, or by `phoneCode` (getPhoneNumber) matched against the invitation's phone where WECHAT_PHONE_BINDING is on",
      auth: 'user',
      body: bindSchema,
      responses: { 200: { description: 'Bound', schema: authResultSchema } },
      errors: [400, 401, 403, 404, 409, 410, 429, 503],
    },
    async (ctx, { body }) => {
      // Codes are short enough to be read out: guessing is slowed per account and per address.
      s.limiter.hit(`bind:user:${String(ctx.state.user._id)}`, 5);
      s.limiter.hit(`bind:ip:${ctx.ip}`, 30);
      let user;
      if ('code' in body) user = await cases.redeem(ctx.state.user, body.code);
      else {
        if (!s.config.WECHAT_PHONE_BINDING) throw new ForbiddenError('本小程序未开通手机号绑定，请输入邀请码', 'PHONE_BINDING_OFF');
        const { phone } = await s.phone.numberOf(body.phoneCode);
        user = await cases.redeemByPhone(ctx.state.user, phone);
      }
      const { token, expiresAt } = await s.tokens.sign({ userId: String(user._id), role: user.role }, s.clock());
      return { body: { token, expiresAt: expiresAt.toISOString(), user: toUserView(user) } };
    },
  );
  return router;
}
