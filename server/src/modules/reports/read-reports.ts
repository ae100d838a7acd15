import type { FilterQuery, Types } from 'mongoose';
import type { ReportListQuery, ReportView } from '@linli/shared';
import { NotFoundError } from '../../lib/errors';
import type { User } from '../users/users.repository';
import type { ReportDeps } from './report-deps';
import type { ReportDoc } from './report.model';
import { canSee, visibilityFilter } from './report-scope';
import { toReportView, type Report } from './report-view';
import { loadReport } from './report-writes';

/** One report's full view, with its category, grid chain and assignee looked up. */
export async function describeReport(deps: ReportDeps, report: Report, viewer: User): Promise<ReportView> {
  const [category, index, assignee] = await Promise.all([
    deps.categories.get(report.categoryCode),
    deps.grids.current(),
    report.assigneeId ? deps.users.findById(String(report.assigneeId)) : Promise.resolve(null),
  ]);
  const grids = report.gridCode ? index.chain(report.gridCode) : [];
  return toReportView(report, viewer, { category: category ?? undefined, grids, assignee }, deps.clock());
}

/** A report the viewer may see; anything else — another resident's, a malformed id — is the same 404. */
export async function getReport(deps: ReportDeps, viewer: User, id: string): Promise<ReportView> {
  const report = await loadReport(deps.models, id);
  if (!canSee(viewer, report)) throw new NotFoundError('report');
  return describeReport(deps, report, viewer);
}

/** The viewer's reports, newest first, filtered, one page at a time (cursor = the last id seen). */
export async function listReports(
  deps: ReportDeps,
  viewer: User,
  q: ReportListQuery,
): Promise<{ items: Omit<ReportView, 'timeline'>[]; nextCursor: string | null }> {
  const and: FilterQuery<ReportDoc>[] = [visibilityFilter(viewer)];
  if (q.status?.length) and.push({ status: { $in: q.status } });
  if (q.categoryCode) and.push({ categoryCode: q.categoryCode });
  if (q.gridCode) and.push({ gridPath: q.gridCode });
  if (q.from) and.push({ createdAt: { $gte: new Date(q.from) } });
  if (q.to) and.push({ createdAt: { $lt: new Date(q.to) } });
  if (q.cursor) and.push({ _id: { $lt: q.cursor as unknown as Types.ObjectId } });

  const rows = await deps.models.Report.find({ $and: and }, { timeline: 0 })
    .sort({ _id: -1 })
    .limit(q.limit + 1)
    .lean<Report[]>();
  const page = rows.slice(0, q.limit);

  const [categories, index, assignees] = await Promise.all([
    deps.categories.list(true),
    deps.grids.current(),
    deps.users.findManyByIds([...new Set(page.filter((r) => r.assigneeId).map((r) => String(r.assigneeId)))]),
  ]);
  const categoryByCode = new Map(categories.map((c) => [c.code, c]));
  const assigneeById = new Map(assignees.map((u) => [String(u._id), u]));
  const now = deps.clock();
  const items = page.map((r) => {
    const { timeline: _omit, ...view } = toReportView(
      { ...r, timeline: [] },
      viewer,
      {
        category: categoryByCode.get(r.categoryCode),
        grids: r.gridCode ? index.chain(r.gridCode) : [],
        assignee: r.assigneeId ? (assigneeById.get(String(r.assigneeId)) ?? null) : null,
      },
      now,
    );
    return view;
  });
  return { items, nextCursor: rows.length > q.limit ? String(page[page.length - 1]!._id) : null };
}
