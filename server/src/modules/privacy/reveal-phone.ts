import { NotFoundError, ConflictError } from '../../lib/errors';
import type { ReportDeps } from '../reports/report-deps';
import { canSee } from '../reports/report-scope';
import { loadReport } from '../reports/report-writes';
import type { User } from '../users/users.repository';
import { logAccess } from './access-log';

/** A staff member in the report's scope sees its call-back number, saying why; who, whose, when and why are logged. */
export async function revealPhone(deps: ReportDeps, staff: User, id: string, reason: string): Promise<{ phone: string }> {
  const report = await loadReport(deps.models, id);
  if (!canSee(staff, report)) throw new NotFoundError('report');
  if (!report.contactPhone) throw new ConflictError('这条报事没有留电话', 'NO_PHONE');
  await logAccess(deps.models, staff, { action: 'phone.reveal', subjectIds: [id], residentIds: [String(report.residentId)], reason }, deps.clock());
  return { phone: report.contactPhone };
}
