import type { NotificationEvent } from '@linli/shared';
import { Types } from 'mongoose';
import type { Models } from '../../models';
import type { ReportRecord, TimelineEntry } from '../reports/report.types';
import type { Logger } from '../../lib/logger';

/** A notification owed for one change to one person; `key` is its outbox _id. */
export interface PendingNotification {
  key: string;
  event: NotificationEvent;
  userId: string;
  reportId: string;
  round: number;
  at: string;
  /** The timeline position of the entry that announces the change, checked before delivery. */
  index?: number;
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
 * the same change always yields the same key, so queueing it twice sends it once.
 */
export function pendingFor(
  report: { _id: Types.ObjectId; residentId: Types.ObjectId; followerIds?: Types.ObjectId[] | null },
  round: number,
  firstIndex: number,
  entries: TimelineEntry[],
): PendingNotification[] {
  // Residents who joined with 我也遇到了 hear the same news; their keys carry their id, the reporter's stay as they were.
  const people = [{ id: String(report.residentId), suffix: '' }, ...(report.followerIds ?? []).map((f) => ({ id: String(f), suffix: `:${String(f)}` }))];
  return entries.flatMap((entry, i) => {
    const event = eventOf(entry);
    if (!event) return [];
    return people.map(({ id, suffix }) => ({
      key: `${String(report._id)}:${round}:${event}:${firstIndex + i}${suffix}`,
      event,
      userId: id,
      reportId: String(report._id),
      round,
      at: new Date(entry.at).toISOString(),
      index: firstIndex + i,
    }));
  });
}

/** Notices to staff (supervision): the same keys rule, with the user in the key since several people are told. */
export function staffNotices(report: { _id: Types.ObjectId }, round: number, index: number, event: NotificationEvent, userIds: string[], at: Date): PendingNotification[] {
  return [...new Set(userIds)].map((userId) => ({ key: `${String(report._id)}:${round}:${event}:${index}:${userId}`, event, userId, reportId: String(report._id), round, at: at.toISOString(), index }));
}

/**
 * Writes owed notifications into the outbox — before the change they announce, so that a crash cannot lose them. An
 * entry whose change never happened (the write lost a race, or the process died in between) is recognised at
 * delivery, because the report's timeline has no such entry, and is dropped (deliver.ts).
 */
export async function queueNotifications({ Outbox }: Pick<Models, 'Outbox'>, owed: PendingNotification[], now: Date): Promise<void> {
  if (owed.length === 0) return;
  // The driver's own collection: entries are written as they are, without mongoose's casting.
  await Outbox.collection.bulkWrite(
    owed.map((p) => ({
      updateOne: {
        filter: { _id: p.key },
        update: {
          $setOnInsert: {
            reportId: new Types.ObjectId(p.reportId),
            userId: new Types.ObjectId(p.userId),
            event: p.event,
            round: p.round,
            at: new Date(p.at),
            ...(p.index !== undefined ? { index: p.index } : {}),
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
        upsert: true,
      },
    })) as never[],
    { ordered: false },
  );
}

/** Copies owed notifications that an older version left inside a report document into the outbox. Safe to repeat. */
export async function flushPending({ Outbox, Report }: Pick<Models, 'Outbox' | 'Report'>, report: Pick<ReportRecord, '_id' | 'pendingNotifications'>, now: Date): Promise<number> {
  const raw = report.pendingNotifications ?? [];
  if (raw.length === 0) return 0;
  await queueNotifications({ Outbox }, raw.map((r) => JSON.parse(r) as PendingNotification), now);
  await Report.updateOne({ _id: report._id }, { $pull: { pendingNotifications: { $in: raw } } }, { timestamps: false });
  return raw.length;
}

/**
 * Finishes copying notifications that versions before the outbox-first write (docs/decisions.md) left inside report
 * documents. It reads every report once (an array field cannot be indexed on the embedded database), so it runs as a
 * one-time migration, not on a timer.
 */
export async function sweepPending(models: Pick<Models, 'Outbox' | 'Report'>, now: Date, logger: Logger): Promise<number> {
  const stranded = await models.Report.find({ pendingNotifications: { $exists: true, $ne: [] } }, { pendingNotifications: 1 }).lean<Pick<ReportRecord, '_id' | 'pendingNotifications'>[]>();
  let n = 0;
  for (const r of stranded) n += await flushPending(models, r, now);
  if (n) logger.info({ n }, 'copied stranded notifications to the outbox');
  return n;
}
