import Router from '@koa/router';
import { z } from 'zod';
import type { Types } from 'mongoose';
import { acceptedResults, subscriptionReportSchema, subscriptionStateSchema, type SubscriptionState, type subscribeResults } from '@linli/shared';

type SubscribeResult = (typeof subscribeResults)[number];
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import type { SubscriptionRecord } from './subscription.model';

const view = (s: SubscriptionRecord): SubscriptionState => ({
  templateId: s.templateId,
  kind: s.kind,
  quota: s.quota,
  active: s.active,
  lastResult: s.lastResult,
  updatedAt: s.updatedAt.toISOString(),
});

/**
 * How one result changes the record: an accept of a one-time template adds a message of quota; a long-term
 * accept activates it; a ban (switched off in WeChat's settings) clears everything; a reject leaves one-time quota
 * earned earlier alone and turns a long-term subscription off.
 */
function subscriptionUpdate(userId: Types.ObjectId, templateId: string, kind: 'one_time' | 'long_term', result: SubscribeResult, now: Date) {
  const accepted = acceptedResults.includes(result);
  const base = { userId, templateId, kind, lastResult: result, updatedAt: now };
  if (result === 'ban') return { $set: { ...base, active: false, quota: 0 } };
  if (accepted && kind === 'one_time') return { $set: { ...base, active: true }, $inc: { quota: 1 } };
  if (kind === 'long_term') return { $set: { ...base, active: accepted }, $setOnInsert: { quota: 0 } };
  return { $set: base, $setOnInsert: { quota: 0, active: false } };
}

/** The mini-program reports each requestSubscribeMessage result; the server keeps the quota per template. */
export function subscriptionsRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });
  const { Subscription } = s.models;
  const list = async (userId: unknown) => (await Subscription.find({ userId }).lean()).map(view);

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/subscriptions',
      tag: 'subscriptions',
      summary: 'Record a requestSubscribeMessage result: each accept of a one-time template adds one message of quota',
      auth: 'user',
      body: subscriptionReportSchema,
      responses: { 200: { description: 'The caller’s subscriptions', schema: z.object({ items: z.array(subscriptionStateSchema) }) } },
      errors: [400, 401],
    },
    async (ctx, { body }) => {
      const user = ctx.state.user;
      const kind = s.config.SUBSCRIBE_KIND;
      const now = s.clock();
      for (const [templateId, result] of Object.entries(body.results)) {
        await Subscription.updateOne({ _id: `${String(user._id)}:${templateId}` }, subscriptionUpdate(user._id, templateId, kind, result, now), { upsert: true });
      }
      return { body: { items: await list(user._id) } };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/subscriptions',
      tag: 'subscriptions',
      summary: 'The caller’s subscription state per template',
      auth: 'user',
      responses: { 200: { description: 'Subscriptions', schema: z.object({ items: z.array(subscriptionStateSchema) }) } },
      errors: [401],
    },
    async (ctx) => ({ body: { items: await list(ctx.state.user._id) } }),
  );
  return router;
}
