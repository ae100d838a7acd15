import { satisfiedThreshold, type RatingInput, type ReportView } from '@linli/shared';
import { ForbiddenError, NotFoundError } from '../../lib/errors';
import type { User } from '../users/users.repository';
import type { ReportDeps } from './report-deps';
import { decideRating, needsVerification } from './decide';
import { canSee } from './report-scope';
import { guardedUpdate, loadReport } from './report-writes';
import { describeReport } from './read-reports';
import { deadlinesFor } from './sla';
import { timelineActor } from './act-on-report';

/** The nearest grid leader up the report's chain, as the timeline names them; null when there is none. */
async function supervisorOf(deps: ReportDeps, gridCode: string | null) {
  const index = await deps.grids.current();
  const chain = gridCode ? index.chain(gridCode) : [];
  const leaders = chain.length ? await deps.users.leadersOf(chain.map((g) => g.code)) : [];
  for (const g of chain) {
    const leader = leaders.find((l) => l.gridCodes.includes(g.code));
    if (leader) return timelineActor(leader, g.name);
  }
  return null;
}

/**
 * The resident's verdict on a resolved report, once per round. Satisfied (≥ 3) closes it — through the command
 * centre's 核查 where that is required; unsatisfied reopens it to the same handler in a new round, raises its
 * escalation level (街 → 区 → 市: the next level's desk watches it), and puts the grid leader on the timeline.
 */
export async function rateReport(deps: ReportDeps, user: User, id: string, input: RatingInput): Promise<ReportView> {
  const report = await loadReport(deps.models, id);
  // Only the reporter decides the outcome; a resident who joined (我也遇到了) may leave feedback (duplicates.ts).
  if (String(report.residentId) !== String(user._id)) {
    if (!canSee(user, report)) throw new NotFoundError('report');
    throw new ForbiddenError('只有报事人可以评价，您可以留下意见', 'NOT_REPORTER');
  }
  const now = deps.clock();
  const category = await deps.categories.get(report.categoryCode);
  const satisfied = input.score >= satisfiedThreshold;
  const { update, entries } = decideRating(report, {
    input,
    now,
    ...(!report.anonymous && user.name ? { residentName: user.name } : {}),
    assignee: report.assigneeId ? { _id: report.assigneeId, role: report.assigneeRole ?? 'grid_worker' } : null,
    deadlines: !satisfied && category ? await deadlinesFor(deps, now, category, report) : null,
    verificationRequired: needsVerification(category),
    supervisor: satisfied ? null : await supervisorOf(deps, report.gridCode),
  });
  const updated = await guardedUpdate(deps, report, update, entries);
  return describeReport(deps, updated, user);
}
