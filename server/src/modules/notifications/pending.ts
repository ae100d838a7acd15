import type { NotificationEvent } from '@linli/shared';
import type { Types } from 'mongoose';
import type { Models } from '../../models';
import type { ReportRecord, TimelineEntry } from '../reports/report.types';
import type { Logger } from '../../lib/logger';

/** A notification owed, as carried inside the report document until it reaches the outbox. */
export interface PendingNotification {
  key: string;
  event: NotificationEvent;
  userId: string;
  reportId: string;
  round: number;
  at: string;
}

/** Which timeline entries a resident is told about (returns, closings and internal notes are not pushed). */
function eventOf(entry: TimelineEntry): NotificationEvent | null {
  switch (entry.action) {
    case 'route':
    case 'assign':
    case 'reassign':
      return entry.to === 'assigned' ? 'assigned' : null;
    case 'accept':
      return 'accepted';
    case 'resolve':
      return 'resolved';
    case 'reopen':
      return 'reopened';
    default:
      return null;
  }
}

/**
 * The notifications these new timeline entries owe the resident, keyed by report, round, event and timeline position:
 * the same change always yields the same key, so copying it to the outbox twice sends it once.
 */
export function pendingFor(
  report: { _id: Types.ObjectId; residentId: Types.ObjectId; followerIds?: Types.ObjectId[] | null },
  round: number,
  firstIndex: number,
  entries: TimelineEntry[],
): string[] {
  // Residents who joined with 我也遇到了 hear the same news; their keys carry their id, the reporter's stay as they were.
  const people = [{ id: String(report.residentId), suffix: '' }, ...(report.followerIds ?? []).map((f) => ({ id: String(f), suffix: `:${String(f)}` }))];
  return entries.flatMap((entry, i) => {
    const event = eventOf(entry);
    if (!event) return [];
    return people.map(({ id, suffix }) => {
      const p: PendingNotification = {
        key: `${String(report._id)}:${round}:${event}:${firstIndex + i}${suffix}`,
        event,
        userId: id,
        reportId: String(report._id),
        round,
        at: new Date(entry.at).toISOString(),
      };
      return JSON.stringify(p);
    });
  });
}

/** Notices to staff (supervision): the same keys rule, with the user in the key since several people are told. */
export function staffNotices(report: { _id: Types.ObjectId }, round: number, index: number, event: NotificationEvent, userIds: string[], at: Date): string[] {
  return [...new Set(userIds)].map((userId) => {
    const p: PendingNotification = { key: `${String(report._id)}:${round}:${event}:${index}:${userId}`, event, userId, reportId: String(report._id), round, at: at.toISOString() };
    return JSON.stringify(p);
  });
}

/** Copies a report's owed notifications into the outbox, then removes them from the report. Safe to repeat. */
export async function flushPending({ Outbox, Report }: Pick<Models, 'Outbox' | 'Report'>, report: Pick<ReportRecord, '_id' | 'pendingNotifications'>, now: Date): Promise<number> {
  for (const raw of report.pendingNotifications ?? []) {
    const p = JSON.parse(raw) as PendingNotification;
    await Outbox.updateOne(
      { _id: p.key },
      {
        $setOnInsert: {
          reportId: p.reportId,
          userId: p.userId,
          event: p.event,
          round: p.round,
          at: new Date(p.at),
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          leaseOwner: null,
          leaseUntil: null,
          quotaSpent: false,
          lastError: null,
          msgid: null,
          sentAt: null,
          createdAt: now,
        },
      },
      { upsert: true },
    );
    await Report.updateOne({ _id: report._id }, { $pull: { pendingNotifications: raw } });
  }
  return report.pendingNotifications?.length ?? 0;
}

/** Finds reports whose owed notifications never reached the outbox (a crash between the two writes) and finishes the copy. */
export async function sweepPending(models: Pick<Models, 'Outbox' | 'Report'>, now: Date, logger: Logger): Promise<number> {
  const stranded = await models.Report.find({ pendingNotifications: { $exists: true, $ne: [] } }, { pendingNotifications: 1 }).limit(200).lean<Pick<ReportRecord, '_id' | 'pendingNotifications'>[]>();
  let n = 0;
  for (const r of stranded) n += await flushPending(models, r, now);
  if (n) logger.info({ n }, 'copied stranded notifications to the outbox');
  return n;
}
