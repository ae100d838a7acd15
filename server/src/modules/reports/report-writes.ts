import type { Types, UpdateQuery } from 'mongoose';
import { AppError, ConflictError, NotFoundError } from '../../lib/errors';
import type { Models } from '../../models';
import type { ReportDoc } from './report.model';
import type { Report } from './report-view';
import { shiftWorkload } from './workload';
import { flushPending, pendingFor } from '../notifications/pending';

/** Copies owed notifications to the outbox now; if that fails, the sweep job finishes it later. */
export async function flushQuietly(models: Pick<Models, 'Report' | 'Outbox'>, report: Report): Promise<void> {
  if (!report.pendingNotifications?.length) return;
  try {
    await flushPending(models, report, new Date());
  } catch {
    // Left in the report document: sweepPending copies it on its next run.
  }
}

import type { TimelineEntry } from './report.types';

export type { TimelineEntry };

/** Loads a report by id; a malformed or unknown id is the same 404. */
export async function loadReport({ Report }: Pick<Models, 'Report'>, id: string): Promise<Report> {
  const report = /^[0-9a-f]{24}$/.test(id) ? await Report.findById(id).lean<Report>() : null;
  if (!report) throw new NotFoundError('report');
  return report;
}

/**
 * Applies a change only if the report is still in the state it was read in (status, round, assignee),
 * so two people acting at once cannot both win; the timeline entries go in with the same single-document write.
 */
export async function guardedUpdate(
  { Report, Workload, Outbox }: Pick<Models, 'Report' | 'Workload' | 'Outbox'>,
  report: Report,
  update: UpdateQuery<ReportDoc>,
  entries: TimelineEntry[],
  /** More state the change depends on (e.g. the supervision level a job saw). */
  extraGuard: Record<string, unknown> = {},
): Promise<Report> {
  const guard = { ...extraGuard, _id: report._id as Types.ObjectId, status: report.status, round: report.round, assigneeId: report.assigneeId ?? null };
  const round = report.round + Number((update.$inc as { round?: number } | undefined)?.round ?? 0);
  // The notifications this change owes go into the same single-document write as the change itself.
  const owed = pendingFor(report, round, report.timeline.length, entries);
  const extra = (update.$push as { pendingNotifications?: { $each: string[] } } | undefined)?.pendingNotifications?.$each ?? [];
  const allOwed = [...owed, ...extra];
  const push = { ...(update.$push ?? {}), timeline: { $each: entries }, ...(allOwed.length ? { pendingNotifications: { $each: allOwed } } : {}) };
  const updated = await Report.findOneAndUpdate(guard, { ...update, $push: push }, { new: true }).lean<Report>();
  if (!updated) throw new ConflictError('该报事刚刚被他人处理，请刷新后重试', 'REPORT_CHANGED');
  await shiftWorkload({ Workload }, report, updated);
  await flushQuietly({ Outbox, Report }, updated);
  return updated;
}

/** Media ids must exist, belong to the uploader and be of the right kind. */
export async function assertOwnMedia(
  media: { metaMany(ids: string[]): Promise<{ id: string; ownerId: string; kind: string }[]> },
  ownerId: Types.ObjectId,
  ids: string[],
  kind: 'image' | 'audio',
): Promise<void> {
  if (ids.length === 0) return;
  const found = await media.metaMany(ids);
  const ok = new Set(found.filter((m) => m.ownerId === String(ownerId) && m.kind === kind).map((m) => m.id));
  const bad = ids.filter((id) => !ok.has(id));
  if (bad.length > 0) {
    throw new AppError(400, 'MEDIA_INVALID', kind === 'image' ? '有照片不存在或不属于您，请重新上传' : '有语音不存在或不属于您，请重新录制', { ids: bad });
  }
}
