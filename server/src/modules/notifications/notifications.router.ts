import Router from '@koa/router';
import { z } from 'zod';
import { notificationSchema, type NotificationView } from '@linli/shared';
import { NotFoundError } from '../../lib/errors';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import type { NotificationRecord } from './notification.model';
import { outboxStatuses, type OutboxRecord } from './outbox.model';

const view = (n: NotificationRecord): NotificationView => ({
  id: n._id,
  reportId: String(n.reportId),
  event: n.event,
  title: n.title,
  body: n.body,
  read: n.read,
  createdAt: n.createdAt.toISOString(),
});

const outboxView = z.object({
  id: z.string(),
  reportId: z.string(),
  event: z.string(),
  status: z.enum(outboxStatuses),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string(),
  createdAt: z.string(),
});
const toOutboxView = (o: OutboxRecord) => ({
  id: o._id,
  reportId: String(o.reportId),
  event: o.event,
  status: o.status,
  attempts: o.attempts,
  lastError: o.lastError,
  nextAttemptAt: o.nextAttemptAt.toISOString(),
  createdAt: o.createdAt.toISOString(),
});

/** The in-app notification centre, and the admin view of the delivery outbox. */
export function notificationsRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });
  const { Notification, Outbox } = s.models;

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/notifications',
      tag: 'notifications',
      summary: 'My notifications, newest first, with the unread count',
      auth: 'user',
      query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20), before: z.iso.datetime({ offset: true }).optional() }),
      responses: { 200: { description: 'Notifications', schema: z.object({ items: z.array(notificationSchema), unread: z.number().int() }) } },
      errors: [400, 401],
    },
    async (ctx, { query }) => {
      const userId = ctx.state.user._id;
      const items = await Notification.find({ userId, ...(query.before ? { createdAt: { $lt: new Date(query.before) } } : {}) })
        .sort({ createdAt: -1 })
        .limit(query.limit)
        .lean<NotificationRecord[]>();
      const unread = await Notification.countDocuments({ userId, read: false });
      return { body: { items: items.map(view), unread } };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/notifications/read',
      tag: 'notifications',
      summary: 'Mark some of my notifications read, or all of them',
      auth: 'user',
      body: z.union([z.strictObject({ ids: z.array(z.string().max(120)).min(1).max(200) }), z.strictObject({ all: z.literal(true) })]),
      responses: { 200: { description: 'Unread count after', schema: z.object({ unread: z.number().int() }) } },
      errors: [400, 401],
    },
    async (ctx, { body }) => {
      const userId = ctx.state.user._id;
      await Notification.updateMany({ userId, ...('ids' in body ? { _id: { $in: body.ids } } : {}) }, { $set: { read: true } });
      return { body: { unread: await Notification.countDocuments({ userId, read: false }) } };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/admin/outbox',
      tag: 'admin',
      summary: 'Outbox entries by status (dead letters by default), newest first',
      auth: ['admin'],
      query: z.strictObject({ status: z.enum(outboxStatuses).default('dead'), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      responses: { 200: { description: 'Entries', schema: z.object({ items: z.array(outboxView) }) } },
      errors: [400, 401, 403],
    },
    async (_ctx, { query }) => ({
      body: { items: (await Outbox.find({ status: query.status }).sort({ createdAt: -1 }).limit(query.limit).lean<OutboxRecord[]>()).map(toOutboxView) },
    }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/admin/outbox/:id/retry',
      tag: 'admin',
      summary: 'Send a dead-lettered notification again (attempts start over)',
      auth: ['admin'],
      params: z.strictObject({ id: z.string().min(1).max(120) }),
      responses: { 200: { description: 'Queued again', schema: outboxView } },
      errors: [401, 403, 404],
    },
    async (ctx, { params }) => {
      const entry = await Outbox.findOneAndUpdate(
        { _id: params.id, status: 'dead' },
        { $set: { status: 'pending', attempts: 0, nextAttemptAt: s.clock(), leaseOwner: null, leaseUntil: null } },
        { new: true },
      ).lean<OutboxRecord>();
      if (!entry) throw new NotFoundError('outbox_entry');
      const after = toOutboxView(entry);
      await s.audit.record(ctx.state.user, 'outbox.retry', params.id, { ...after, status: 'dead' }, after);
      return { body: after };
    },
  );
  return router;
}
