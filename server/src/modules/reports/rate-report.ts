import { escalationNames, maxEscalationLevel, ratingLabels, satisfiedThreshold, type RatingInput, type ReportView } from '@linli/shared';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors';
import type { User } from '../users/users.repository';
import type { ReportDeps } from './report-deps';
import { canSee } from './report-scope';
import { guardedUpdate, loadReport, type TimelineEntry } from './report-writes';
import { describeReport } from './read-reports';
import { deadlinesFor } from './sla';
import { timelineActor } from './act-on-report';

/**
 * The resident's verdict on a resolved report, once per round. Satisfied (≥ 3) closes it; unsatisfied
 * reopens it to the same grid in a new round, raises its escalation level (街 → 区 → 市), and puts the
 * grid leader on the timeline as supervising.
 */
export async function rateReport(deps: ReportDeps, user: User, id: string, input: RatingInput): Promise<ReportView> {
  const report = await loadReport(deps.models, id);
  // Only the reporter decides the outcome; a resident who joined (我也遇到了) may leave feedback (duplicates.ts).
  if (String(report.residentId) !== String(user._id)) {
    if (!canSee(user, report)) throw new NotFoundError('report');
    throw new ForbiddenError('只有报事人可以评价，您可以留下意见', 'NOT_REPORTER');
  }
  if (report.ratings.some((r) => r.round === report.round)) throw new ConflictError('本轮已评价过', 'ALREADY_RATED');
  if (report.status !== 'resolved') throw new ConflictError('报事办结后才能评价', 'NOT_RATABLE');

  const now = deps.clock();
  const rating = { round: report.round, score: input.score, ...(input.comment ? { comment: input.comment } : {}), tags: input.tags, at: now };
  const rateEntry: TimelineEntry = {
    at: now,
    actor: { role: 'resident', ...(!report.anonymous && user.name ? { name: user.name } : {}) },
    action: 'rate',
    from: 'resolved',
    to: input.score >= satisfiedThreshold ? 'closed' : 'assigned',
    note: [`${input.score}分 ${ratingLabels[input.score as keyof typeof ratingLabels]}`, input.comment].filter(Boolean).join('：'),
  };

  if (input.score >= satisfiedThreshold) {
    const updated = await guardedUpdate(deps, report, { $set: { status: 'closed', closedAt: now }, $push: { ratings: rating } }, [rateEntry]);
    return describeReport(deps, updated, user);
  }

  const level = Math.min(report.escalationLevel + 1, maxEscalationLevel);
  const index = await deps.grids.current();
  const chain = report.gridCode ? index.chain(report.gridCode) : [];
  const leaders = chain.length ? await deps.users.leadersOf(chain.map((g) => g.code)) : [];
  // The nearest leader up the chain supervises; the street's dispatcher when there is none.
  const leader = chain.map((g) => leaders.find((l) => l.gridCodes.includes(g.code))).find(Boolean);
  const category = await deps.categories.get(report.categoryCode);
  const d = category ? await deadlinesFor(deps, now, category) : null;
  const handlerStays = !!report.assigneeId;
  const entries: TimelineEntry[] = [
    rateEntry,
    {
      at: now,
      actor: { role: 'system' },
      action: 'reopen',
      from: 'resolved',
      to: handlerStays ? 'assigned' : 'submitted',
      note: `居民不满意，第${report.round + 1}轮重办`,
    },
    {
      at: now,
      actor: { role: 'system' },
      action: 'escalate',
      from: null,
      to: null,
      note: `升级至${escalationNames[level]}级督办`,
    },
    {
      at: now,
      actor: leader ? timelineActor(leader, index.get(chain.find((g) => leader.gridCodes.includes(g.code))!.code)?.name) : { role: 'dispatcher' },
      action: 'supervise',
      from: null,
      to: null,
      note: leader ? '网格长督办重办' : '街道指挥中心督办重办',
    },
  ];
  const updated = await guardedUpdate(
    deps,
    report,
    {
      $set: {
        status: handlerStays ? 'assigned' : 'submitted',
        escalationLevel: level,
        resolvedAt: null,
        acceptedAt: null,
        assignedAt: handlerStays ? now : null,
        signBy: handlerStays ? (d?.signBy ?? null) : null,
        resolveBy: handlerStays ? (d?.resolveBy ?? null) : null,
        supervisionLevel: 'none',
        supervisionStep: 0,
      },
      $inc: { round: 1 },
      $push: { ratings: rating },
    },
    entries,
  );
  return describeReport(deps, updated, user);
}
