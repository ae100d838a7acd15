import { z } from 'zod';

/** What wx.requestSubscribeMessage answers per template id. */
export const subscribeResults = ['accept', 'reject', 'ban', 'filter', 'acceptWithAlert', 'acceptWithAudio', 'acceptWithForcePush'] as const;
export const acceptedResults: readonly string[] = ['accept', 'acceptWithAlert', 'acceptWithAudio', 'acceptWithForcePush'];

export const subscriptionReportSchema = z.strictObject({
  results: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), z.enum(subscribeResults)).refine((r) => Object.keys(r).length > 0 && Object.keys(r).length <= 5, '一次最多5个模板'),
});

export const subscriptionStateSchema = z.object({
  templateId: z.string(),
  kind: z.enum(['one_time', 'long_term']),
  quota: z.number().int().describe('Messages that may still be sent (one-time); long-term subscriptions ignore it'),
  active: z.boolean(),
  lastResult: z.enum(subscribeResults),
  updatedAt: z.string(),
});
export type SubscriptionState = z.infer<typeof subscriptionStateSchema>;
