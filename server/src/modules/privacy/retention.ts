import { Types } from 'mongoose';
import type { ReportDeps } from '../reports/report-deps';
import type { Report } from '../reports/report-view';
import { logAccess } from './access-log';
import { withoutResidentWords } from './anonymise';
import { cellCentre } from '../reports/cells';

// The account every anonymised report points to: no person.
export const NOBODY = new Types.ObjectId('000000000000000000000000');
const BATCH = 200;

export interface RetentionOptions {
  /** Closed reports older than this are anonymised and lose their media. */
  reportDays: number;
  /** Access-log entries older than this are removed (never under 183 days: config.ts). */
  accessLogDays: number;
}

/**
 * The retention pass: a closed report past its period keeps what the street's statistics need (category, grid,
 * times, statuses, staff's handling) and loses what identifies the resident — words, place, call-back number, photos,
 * voice, rating words, followers. Each run handles a bounded batch through the (status, closedAt) index and logs it.
 */
export async function applyRetention(deps: ReportDeps, opts: RetentionOptions): Promise<{ anonymised: number; accessLogRemoved: number }> {
  const now = deps.clock();
  const cutoff = new Date(now.getTime() - opts.reportDays * 86_400_000);
  // Those already anonymised stay closed with an old closedAt: excluded in the filter, so they never crowd a batch out.
  const batch = await deps.models.Report.find({ status: 'closed', closedAt: { $lt: cutoff }, anonymisedAt: null }, { mediaIds: 1, location: 1, ratings: 1, timeline: 1 })
    .sort({ closedAt: 1 })
    .limit(BATCH)
    .lean<Report[]>();
  for (const r of batch) {
    for (const id of r.mediaIds) await deps.media.remove(id);
    // The place is kept only to its ~100 m cell, for the map of where problems were.
    const { lng, lat } = r.location ?? {};
    await deps.models.Report.updateOne(
      { _id: r._id },
      {
        $set: {
          residentId: NOBODY,
          anonymous: true,
          description: '（已超过保存期限，内容已匿名化）',
          location: lng !== undefined && lng !== null && lat !== undefined && lat !== null ? cellCentre({ lng, lat }) : {},
          photoIds: [],
          voiceIds: [],
          mediaIds: [],
          followerIds: [],
          feedback: [],
          ratings: r.ratings.map((x) => ({ round: x.round, score: x.score, tags: [], at: x.at })),
          timeline: withoutResidentWords(r.timeline),
          anonymisedAt: now,
        },
        $unset: { transcript: 1, contactPhone: 1 },
      },
      { timestamps: false },
    );
  }
  const removed = await deps.models.AccessLog.deleteMany({ _id: { $lt: Types.ObjectId.createFromTime(Math.floor((now.getTime() - opts.accessLogDays * 86_400_000) / 1000)) } });
  if (batch.length) {
    await logAccess(deps.models, null, { action: 'retention.anonymise', subjectIds: batch.map((r) => String(r._id)), count: batch.length, reason: `closed before ${cutoff.toISOString()}` }, now);
  }
  if (batch.length || removed.deletedCount) deps.logger.info({ anonymised: batch.length, accessLogRemoved: removed.deletedCount, cutoff }, 'retention pass');
  return { anonymised: batch.length, accessLogRemoved: removed.deletedCount };
}
