import type { Types, UpdateQuery } from 'mongoose';
import { AppError, ConflictError, isDuplicateKeyError, NotFoundError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Models } from '../../models';
import { queueNotifications, type PendingNotification, pendingFor } from '../notifications/pending';
import type { WorkCalendarRepository } from '../supervision/work-calendar.repository';
import type { MediaStore } from '../media/media.store';
import { tallyDelta } from '../stats/tally';
import { dayTallyOps } from '../stats/day-tally-ops';
import type { ReportDoc } from './report.model';
import type { Report } from './report-view';
import type { TimelineEntry } from './report.types';
import { workloadOps } from './workload';

export type { TimelineEntry };

/**
 * The one module that writes reports. Every write carries what it owes: the notifications go to the outbox first
 * (deliver.ts drops those whose change never landed), then the report itself in one single-document write, then
 * every counter it moves — workload and the statistics' day buckets — in one bulk write (repaired by recounts if a
 * crash falls between the two; docs/decisions.md).
 */
export interface WriteDeps {
  models: Pick<Models, 'Report' | 'Outbox' | 'Workload' | 'User'>;
  calendar: Pick<WorkCalendarRepository, 'get'>;
  clock: () => Date;
  logger: Logger;
}

/** Loads a report by id; a malformed or unknown id is the same 404. */
export async function loadReport({ Report }: Pick<Models, 'Report'>, id: string): Promise<Report> {
  const report = /^[0-9a-f]{24}$/.test(id) ? await Report.findById(id).lean<Report>() : null;
  if (!report) throw new NotFoundError('report');
  return report;
}

/** Moves every counter a change of one report moves, in one bulk write; a failure is logged and left to the recount. */
async function count(deps: WriteDeps, before: Report | null, after: Report | null): Promise<void> {
  try {
    const offset = (await deps.calendar.get()).utcOffsetMinutes;
    const ops = [...workloadOps(before, after), ...dayTallyOps(tallyDelta(before, after, offset))];
    if (ops.length) await deps.models.Workload.collection.bulkWrite(ops as never[], { ordered: false });
  } catch (err) {
    deps.logger.error({ err, reportId: String((after ?? before)?._id) }, 'counters not updated; the recount will repair them');
  }
}

/** Best effort: outbox entries for a change that did not happen need not wait for delivery to drop them. */
async function dropQueued(deps: WriteDeps, owed: PendingNotification[]): Promise<void> {
  if (owed.length) await deps.models.Outbox.deleteMany({ _id: { $in: owed.map((p) => p.key) }, status: 'pending', attempts: 0 }).catch(() => undefined);
}

/**
 * Inserts a new report with its first timeline entries. The (resident, Idempotency-Key) pair is unique, so a retry —
 * or a racing twin — finds the first report instead of making a second: `created` is false then.
 */
export async function insertReport(
  deps: WriteDeps,
  doc: Pick<Report, '_id' | 'residentId' | 'idempotencyKey' | 'timeline'> & Record<string, unknown>,
): Promise<{ report: Report; created: boolean }> {
  const owed = pendingFor(doc, 1, 0, doc.timeline);
  await queueNotifications(deps.models, owed, deps.clock());
  let report: Report;
  try {
    // Stamped from the deployment's one clock (the database's, in production), never each instance's own.
    const now = deps.clock();
    report = (await new deps.models.Report({ ...doc, createdAt: now, updatedAt: now }).save({ timestamps: false })).toObject() as Report;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const first = await deps.models.Report.findOne({ residentId: doc.residentId, idempotencyKey: { $eq: doc.idempotencyKey } }).lean<Report>();
    if (!first) throw err;
    await dropQueued(deps, owed);
    return { report: first, created: false };
  }
  await count(deps, null, report);
  return { report, created: true };
}

/**
 * Applies a change only if the report is still in the state it was read in (status, round, assignee),
 * so two people acting at once cannot both win; the timeline entries go in with the same single-document write.
 */
export async function guardedUpdate(
  deps: WriteDeps,
  report: Report,
  update: UpdateQuery<ReportDoc>,
  entries: TimelineEntry[],
  /** More state the change depends on (e.g. the supervision level a job saw). */
  extraGuard: Record<string, unknown> = {},
  /** Notices beyond the resident's (e.g. supervision's to staff). */
  notices: PendingNotification[] = [],
): Promise<Report> {
  const guard = { ...extraGuard, _id: report._id as Types.ObjectId, status: report.status, round: report.round, assigneeId: report.assigneeId ?? null };
  const round = report.round + Number((update.$inc as { round?: number } | undefined)?.round ?? 0);
  const owed = [...pendingFor(report, round, report.timeline.length, entries), ...notices];
  await queueNotifications(deps.models, owed, deps.clock());
  const push = { ...(update.$push ?? {}), timeline: { $each: entries } };
  const set = { ...(update.$set ?? {}), updatedAt: deps.clock() };
  const updated = await deps.models.Report.findOneAndUpdate(guard, { ...update, $set: set, $push: push }, { new: true, timestamps: false }).lean<Report>();
  if (!updated) {
    await dropQueued(deps, owed);
    throw new ConflictError('该报事刚刚被他人处理，请刷新后重试', 'REPORT_CHANGED');
  }
  await count(deps, report, updated);
  return updated;
}

/**
 * Adds residents as followers of a report (a merge brings the duplicate's people to the original). Their own lists
 * find followed reports through `users.following`, written first: a crash in between leaves a list entry that the
 * report's own check hides, never a follower who cannot find the report.
 */
export async function addFollowers(deps: WriteDeps, reportId: Types.ObjectId, residentIds: Types.ObjectId[], entry: TimelineEntry): Promise<void> {
  if (residentIds.length) await deps.models.User.updateMany({ _id: { $in: residentIds } }, { $addToSet: { following: reportId } });
  const before = await deps.models.Report.findOneAndUpdate(
    { _id: reportId },
    { $addToSet: { followerIds: { $each: residentIds } }, $push: { timeline: entry }, $set: { updatedAt: deps.clock() } },
    { new: false, timestamps: false },
  ).lean<Report>();
  if (!before) return;
  const followers = new Map([...(before.followerIds ?? []), ...residentIds].map((f) => [String(f), f]));
  await count(deps, before, { ...before, followerIds: [...followers.values()] });
}

/**
 * Checks that media belong to the uploader and are of the right kind, and records on each file the report it is
 * attached to, so that a download is authorised by key (media.router). One write; a refused one binds nothing.
 */
export async function bindMedia(
  media: Pick<MediaStore, 'bind'>,
  ownerId: Types.ObjectId,
  reportId: Types.ObjectId,
  ids: { image?: string[]; audio?: string[] },
): Promise<void> {
  const bad = await media.bind(String(ownerId), String(reportId), ids);
  if (bad.length === 0) return;
  const voice = (ids.audio ?? []).some((id) => bad.includes(id)) && !(ids.image ?? []).some((id) => bad.includes(id));
  throw new AppError(400, 'MEDIA_INVALID', voice ? '有语音不存在或不属于您，请重新录制' : '有照片不存在或不属于您，请重新上传', { ids: bad });
}
