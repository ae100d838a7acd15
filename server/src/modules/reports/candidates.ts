import type { Candidate } from '@linli/shared';
import type { User } from '../users/users.repository';
import { ForbiddenError } from '../../lib/errors';
import type { ReportDeps } from './report-deps';
import { inCommandScope } from './report-scope';
import { loadReport } from './report-writes';
import { codesOf } from './report-scope';
import type { Report } from './report-view';
import { openCounts } from './workload';

/**
 * Who may be given a report by 派单/转派: the workers of its grid and the leaders up its chain; for a report outside
 * every grid, the workers and leaders anywhere in the area whose command centre holds it.
 */
export async function eligibleHandlers(deps: Pick<ReportDeps, 'users' | 'grids'>, report: Report): Promise<User[]> {
  if (report.gridCode) return [...(await deps.users.workersOf(report.gridCode)), ...(report.gridPath.length ? await deps.users.leadersOf(report.gridPath) : [])];
  const index = await deps.grids.current();
  const area = codesOf(report);
  const within = (u: User) => u.gridCodes.some((c) => index.chain(c).some((g) => area.includes(g.code)));
  return (await deps.users.staff.all()).filter((u) => (u.role === 'grid_worker' || u.role === 'grid_leader') && within(u));
}

/** The people a report can be reassigned to — the same rule act-on-report enforces — least loaded first. */
export async function reassignCandidates(deps: ReportDeps, user: User, id: string): Promise<Candidate[]> {
  const report = await loadReport(deps.models, id);
  if (!inCommandScope(user, report)) throw new ForbiddenError('该报事不在您负责的网格范围内');
  const index = await deps.grids.current();
  const people = await eligibleHandlers(deps, report);
  const load = await openCounts(deps.models, people.map((p) => p._id));
  return people
    .map((p) => ({
      id: String(p._id),
      name: p.name ?? '',
      role: p.role,
      specialty: p.specialty ?? null,
      gridName: p.gridCodes.map((c) => index.get(c)?.name ?? c).join('、'),
      workload: load.get(String(p._id))?.open ?? 0,
    }))
    .sort((a, b) => Number(a.role !== 'grid_worker') - Number(b.role !== 'grid_worker') || a.workload - b.workload);
}
