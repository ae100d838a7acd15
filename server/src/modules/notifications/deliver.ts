import { fitKeyword, notificationEventNames, statusNames, type MessageField, type TemplatesConfig } from '@linli/shared';
import type { Logger } from '../../lib/logger';
import type { WechatMessaging } from '../../lib/wechat-messages';
import type { Models } from '../../models';
import type { ReportRecord } from '../reports/report.types';
import type { OutboxRecord } from './outbox.model';

export interface DeliverDeps {
  models: Models;
  /** Category and grid names for message text, from the in-memory catalogue and layout. */
  names: { category(code: string): Promise<string>; grid(code: string): Promise<string | undefined> };
  messaging: WechatMessaging;
  templates: TemplatesConfig;
  miniprogramState: 'developer' | 'trial' | 'formal';
  logger: Logger;
}

/** How one attempt ended; the worker turns it into the entry's next state. */
export type Attempt =
  | { status: 'sent'; msgid: string | null; note?: string }
  | { status: 'skipped'; reason: string }
  | { status: 'retry'; error: string }
  | { status: 'dead'; error: string }
  | { status: 'wait'; reason: string };

/** The report facts a template can show, in plain words. */
async function factsOf(deps: DeliverDeps, report: ReportRecord, entry: OutboxRecord, audience: Audience): Promise<Record<MessageField, string | Date>> {
  const category = await deps.names.category(report.categoryCode);
  return {
    category,
    status: statusNames[report.status],
    event: notificationEventNames[entry.event],
    reply: report.lastReply ?? notificationEventNames[entry.event],
    no: report.no,
    at: entry.at,
    grid: (report.gridCode ? await deps.names.grid(report.gridCode) : undefined) ?? '街道指挥中心',
    // A resident who joined never receives the reporter's words.
    description: audience === 'follower' ? category : report.description,
  };
}

type Audience = 'reporter' | 'follower' | 'staff';
const audienceOf = (report: ReportRecord, userId: string): Audience =>
  String(report.residentId) === userId ? 'reporter' : (report.followerIds ?? []).some((f) => String(f) === userId) ? 'follower' : 'staff';

// An entry is written before the change it announces; one whose change has not landed this long after is dropped.
export const ORPHAN_AFTER_MS = 10 * 60_000;

/**
 * Whether the change an entry announces is in the report: its timeline holds the announcing entry, at the same
 * moment. 'not-yet' while the write may still be on its way; 'never' when another change took that place or too
 * long has passed.
 */
export function landed(report: Pick<ReportRecord, 'timeline'> | null, entry: Pick<OutboxRecord, 'index' | 'at'>, now: Date): 'yes' | 'not-yet' | 'never' {
  if (entry.index === undefined || entry.index === null) return report ? 'yes' : 'never';
  const t = report?.timeline[entry.index];
  if (t) return new Date(t.at).getTime() === new Date(entry.at).getTime() ? 'yes' : 'never';
  return now.getTime() - new Date(entry.at).getTime() > ORPHAN_AFTER_MS ? 'never' : 'not-yet';
}

/** Spends one message of the user's quota for a template; long-term subscriptions have no count. */
async function spendQuota({ Subscription }: Models, userId: string, templateId: string): Promise<boolean> {
  const _id = `${userId}:${templateId}`;
  const sub = await Subscription.findById(_id).lean();
  if (!sub || !sub.active) return false;
  if (sub.kind === 'long_term') return true;
  const spent = await Subscription.findOneAndUpdate({ _id, quota: { $gt: 0 } }, { $inc: { quota: -1 } }, { new: true }).lean();
  return !!spent;
}

/**
 * One delivery attempt: the in-app notification (always, once), then — when the event has a template and the
 * user has quota — a WeChat subscribe message with values fitted to each keyword's limits.
 */
export async function deliver(deps: DeliverDeps, entry: OutboxRecord, now: Date = new Date()): Promise<Attempt> {
  const { models } = deps;
  const report = await models.Report.findById(entry.reportId).lean<ReportRecord>();
  const state = landed(report, entry, now);
  if (state === 'not-yet') return { status: 'wait', reason: 'change not written yet' };
  if (state === 'never' || !report) return { status: 'skipped', reason: report ? 'change not made' : 'report gone' };
  const audience = audienceOf(report, String(entry.userId));
  const facts = await factsOf(deps, report, entry, audience);

  await models.Notification.updateOne(
    { _id: entry._id },
    {
      $setOnInsert: {
        userId: entry.userId,
        reportId: entry.reportId,
        event: entry.event,
        title: `${facts.category as string}：${notificationEventNames[entry.event]}`,
        body:
          entry.event === 'resolved'
            ? `办理回复：${report.lastReply ?? ''}`
            : audience === 'reporter'
              ? `您的报事（编号${report.no}）${notificationEventNames[entry.event]}`
              : audience === 'follower'
                ? `您也反映过的问题${notificationEventNames[entry.event]}`
                : entry.event === 'overdue'
                  ? `报事（编号${report.no}）${notificationEventNames[entry.event]}：${report.supervisionLevel === 'red' ? '已超时，请尽快处理' : '即将到期，请抓紧处理'}`
                  : `报事（编号${report.no}）${notificationEventNames[entry.event]}${entry.event === 'instructed' && report.instruction ? `：${report.instruction.note}` : ''}`,
        read: false,
        createdAt: entry.at,
      },
    },
    { upsert: true },
  );

  const template = deps.templates[entry.event];
  if (!template) return { status: 'sent', msgid: null, note: 'in-app only' };
  const user = await models.User.findById(entry.userId, { openid: 1 }).lean();
  if (!user) return { status: 'skipped', reason: 'user gone' };

  if (!entry.quotaSpent) {
    if (!(await spendQuota(models, String(entry.userId), template.templateId))) return { status: 'skipped', reason: 'no subscription quota' };
    // Remembered, so a retry after a network error does not spend a second message.
    await models.Outbox.updateOne({ _id: entry._id }, { $set: { quotaSpent: true } });
  }

  const data = Object.fromEntries(template.keywords.map((k) => [k.key, { value: fitKeyword(k.type, facts[k.field]) }]));
  const outcome = await deps.messaging.send({
    touser: user.openid,
    template_id: template.templateId,
    page: `package-report/detail/index?id=${String(entry.reportId)}`,
    data,
    miniprogram_state: deps.miniprogramState,
    lang: 'zh_CN',
  });
  switch (outcome.kind) {
    case 'sent':
      return { status: 'sent', msgid: outcome.msgid };
    case 'refused':
      // The user refused or has no quota left on WeChat's side: our count was wrong, so it becomes zero.
      await models.Subscription.updateOne({ _id: `${String(entry.userId)}:${template.templateId}` }, { $set: { quota: 0 } });
      return { status: 'skipped', reason: '43101 refused by user' };
    case 'retry':
      return { status: 'retry', error: outcome.error };
    case 'fatal':
      return { status: 'dead', error: outcome.error };
  }
}
