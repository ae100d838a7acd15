import Router from '@koa/router';
import { z } from 'zod';
import { Types, type FilterQuery } from 'mongoose';
import { objectIdSchema } from '@linli/shared';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import { accessActions } from './access-log.model';
import { deleteMyAccount, myData } from './my-data';
import { revealPhone } from './reveal-phone';
import { logAccess } from './access-log';

const entrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorRole: z.string(),
  action: z.enum(accessActions),
  subjectIds: z.array(z.string()),
  residentIds: z.array(z.string()),
  reason: z.string().optional(),
  count: z.number().optional(),
});
const myDataSchema = z.object({
  account: z.object({ id: z.string(), name: z.string().nullable(), careMode: z.boolean(), createdAt: z.string().nullable() }),
  reports: z.array(z.unknown()),
  following: z.array(z.string()),
  subscriptions: z.array(z.object({ templateId: z.string(), kind: z.string(), quota: z.number(), active: z.boolean() })),
  notifications: z.array(z.object({ title: z.string(), body: z.string(), createdAt: z.string() })),
  note: z.string(),
});

/** Personal information under PIPL: audited phone reveals, the access log, and a resident's own data and account. */
export function privacyRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });
  const deps = s.reportDeps;

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/reports/:id/reveal-phone',
      tag: 'privacy',
      summary: "The report's call-back number in full, for staff in its scope who say why; written to the access log",
      auth: ['grid_worker', 'grid_leader', 'dispatcher', 'unit_handler', 'admin'],
      params: z.strictObject({ id: objectIdSchema }),
      body: z.strictObject({ reason: z.string().trim().min(2, '请说明查看原因').max(200) }),
      responses: { 200: { description: 'The number', schema: z.object({ phone: z.string() }) } },
      errors: [400, 401, 403, 404, 409],
    },
    async (ctx, { params, body }) => ({ body: await revealPhone(deps, ctx.state.user, params.id, body.reason) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/admin/access-log',
      tag: 'privacy',
      summary: 'Who read whose personal information, newest first (admins); filter by time, action, actor or subject',
      auth: ['admin'],
      query: z.strictObject({
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        action: z.enum(accessActions).optional(),
        actorId: objectIdSchema.optional(),
        subjectId: z.string().max(40).optional(),
        cursor: objectIdSchema.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: { 200: { description: 'Entries', schema: z.object({ items: z.array(entrySchema), nextCursor: z.string().nullable() }) } },
      errors: [400, 401, 403],
    },
    async (_ctx, { query }) => {
      // Walked by _id (time): the filter narrows a window the index already bounds.
      const idRange: Record<string, Types.ObjectId> = {};
      if (query.cursor) idRange.$lt = new Types.ObjectId(query.cursor);
      else if (query.to) idRange.$lt = Types.ObjectId.createFromTime(Math.ceil(Date.parse(query.to) / 1000));
      if (query.from) idRange.$gte = Types.ObjectId.createFromTime(Math.floor(Date.parse(query.from) / 1000));
      const filter: FilterQuery<unknown> = {
        ...(Object.keys(idRange).length ? { _id: idRange } : {}),
        ...(query.action ? { action: { $eq: query.action } } : {}),
        ...(query.actorId ? { actorId: { $eq: new Types.ObjectId(query.actorId) } } : {}),
        ...(query.subjectId ? { subjectIds: { $eq: query.subjectId } } : {}),
      };
      const rows = await s.models.AccessLog.find(filter).sort({ _id: -1 }).limit(query.limit + 1).lean();
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map((r) => ({
            id: String(r._id),
            at: new Date(r.at).toISOString(),
            actorId: r.actorId ? String(r.actorId) : null,
            actorRole: r.actorRole,
            action: r.action as (typeof accessActions)[number],
            subjectIds: r.subjectIds,
            residentIds: r.residentIds,
            ...(r.reason ? { reason: r.reason } : {}),
            ...(r.count !== undefined && r.count !== null ? { count: r.count } : {}),
          })),
          nextCursor: rows.length > query.limit ? String(page[page.length - 1]!._id) : null,
        },
      };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/me/data',
      tag: 'privacy',
      summary: 'Everything held about me (查阅): account, my reports with their timelines, follows, subscriptions, notifications',
      auth: ['resident'],
      responses: { 200: { description: 'My data', schema: myDataSchema } },
      errors: [401],
    },
    async (ctx) => ({ body: await myData(deps, ctx.state.user) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/me/export',
      tag: 'privacy',
      summary: 'The same as a JSON file to keep (复制)',
      auth: ['resident'],
      responses: { 200: { description: 'A JSON attachment', schema: myDataSchema } },
      errors: [401],
    },
    async (ctx) => {
      const data = await myData(deps, ctx.state.user);
      await logAccess(s.models, ctx.state.user, { action: 'me.export', subjectIds: [String(ctx.state.user._id)], residentIds: [String(ctx.state.user._id)] }, s.clock());
      ctx.set('Content-Disposition', `attachment; filename="linli-my-data-${s.clock().toISOString().slice(0, 10)}.json"`);
      return { body: data };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'delete',
      path: '/me',
      tag: 'privacy',
      summary: '注销: ends my account; my reports stay for the street, anonymised (no address, number or voice); my follows and notifications are deleted',
      auth: ['resident'],
      query: z.strictObject({ confirm: z.literal('true', { error: '请确认注销（confirm=true）' }) }),
      responses: { 200: { description: 'Done', schema: z.object({ reports: z.number().int() }) } },
      errors: [400, 401],
    },
    async (ctx) => ({ body: await deleteMyAccount(deps, ctx.state.user) }),
  );
  return router;
}
