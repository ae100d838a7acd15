import type { FilterQuery } from 'mongoose';
import type { User } from '../users/users.repository';
import type { ReportDoc } from './report.model';

/** Which reports a user may see: a resident their own, a worker their assigned and their grids', a leader their subtree. */
export function visibilityFilter(user: User): FilterQuery<ReportDoc> {
  switch (user.role) {
    case 'resident':
      return { $or: [{ residentId: user._id }, { followerIds: user._id }] };
    case 'grid_worker':
      return { $or: [{ assigneeId: user._id }, { gridCode: { $in: user.gridCodes } }] };
    case 'grid_leader':
      return { $or: [{ assigneeId: user._id }, { gridPath: { $in: user.gridCodes } }] };
    default:
      return {};
  }
}

type ScopedReport = Pick<ReportDoc, 'residentId' | 'assigneeId' | 'gridCode' | 'gridPath'> & { followerIds?: unknown[] | null };

/** The same rule as visibilityFilter, for one report already in hand. */
export function canSee(user: User, report: ScopedReport): boolean {
  const id = String(user._id);
  switch (user.role) {
    case 'resident':
      return String(report.residentId) === id || (report.followerIds ?? []).some((f) => String(f) === id);
    case 'grid_worker':
      return String(report.assigneeId) === id || (!!report.gridCode && user.gridCodes.includes(report.gridCode));
    case 'grid_leader':
      return String(report.assigneeId) === id || report.gridPath.some((c) => user.gridCodes.includes(c));
    default:
      return true;
  }
}

/** Whether a leader's or dispatcher's role-based actions reach this report. */
export function inCommandScope(user: User, report: ScopedReport): boolean {
  if (user.role === 'dispatcher' || user.role === 'admin') return true;
  if (user.role === 'grid_leader') return report.gridPath.some((c) => user.gridCodes.includes(c));
  return false;
}
