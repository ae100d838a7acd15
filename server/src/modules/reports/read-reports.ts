import { Types, type FilterQuery } from 'mongoose';
import { openStatuses, type ReportListQuery, type ReportView } from '@linli/shared';
import { NotFoundError } from '../../lib/errors';
import type { User } from '../users/users.repository';
import type { ReportDeps } from './report-deps';
import type { ReportDoc } from './report.model';
import { canSee, commandLevelOf, inGrid, scopeBranches, scoped } from './report-scope';
import { toReportView, type Report } from './report-view';
import { loadReport } from './report-writes';
import type { Unit } from '../units/units.repository';
import { isStaffRead, logAccess } from '../privacy/access-log';

const unitView = (u: Unit | null | undefined) => (u ? { code: u._id, name: u.name, kind: u.kind } : null);

/** One report's full view, with its category, grid chain and assignee looked up. */
export async function describeReport(deps: ReportDeps, report: Report, viewer: User): Promise<ReportView> {
  const [category, index, assignee, unit] = await Promise.all([
    deps.categories.get(report.categoryCode),
    deps.grids.current(),
    report.assigneeId ? deps.users.findById(String(report.assigneeId)) : Promise.resolve(null),
    report.unitCode ? deps.units.get(report.unitCode) : Promise.resolve(null),
  ]);
  const grids = report.gridCode ? index.chain(report.gridCode) : [];
  return toReportView(report, viewer, { category: category ?? undefined, grids, assignee, unit: unitView(unit) }, deps.clock());
}

/** A report the viewer may see; anything else — another resident's, a malformed id — is the same 404. */
export async function getReport(deps: ReportDeps, viewer: User, id: string): Promise<ReportView> {
  const report = await loadReport(deps.models, id);
  if (!canSee(viewer, report)) throw new NotFoundError('report');
  // Staff reading a resident's report is on the access log (PIPL); a resident reading their own is not.
  if (isStaffRead(viewer)) await logAccess(deps.models, viewer, { action: 'report.read', subjectIds: [id], residentIds: [String(report.residentId)] }, deps.clock());
  return describeReport(deps, report, viewer);
}

// Staff lists walk back through time in widening windows of _id (creation time): each query reads one window of
// the scope's reports through an index ending in _id, however many years are stored behind it.
const FIRST_WINDOW_MS = 30 * 86_400_000;
const OLDEST = Date.UTC(2020, 0, 1);
const idAt = (ms: number) => Types.ObjectId.createFromTime(Math.floor(ms / 1000));
const NEWEST = new Types.ObjectId('ffffffffffffffffffffffff');

/** The viewer's reports, newest first, filtered, one page at a time (cursor = the last id seen). */
export async function listReports(
  deps: ReportDeps,
  viewer: User,
  q: ReportListQuery,
): Promise<{ items: Omit<ReportView, 'timeline'>[]; nextCursor: string | null }> {
  const index = await deps.grids.current();
  const conditions: FilterQuery<ReportDoc>[] = [];
  if (q.status?.length) conditions.push({ status: { $in: q.status } });
  if (q.categoryCode) conditions.push({ categoryCode: q.categoryCode });
  if (q.gridCode) conditions.push(inGrid(q.gridCode, index));
  if (q.from) conditions.push({ createdAt: { $gte: new Date(q.from) } });
  if (q.to) conditions.push({ createdAt: { $lt: new Date(q.to) } });
  const filter = scoped(scopeBranches(viewer, index), conditions);

  const rows: Report[] = [];
  let hi = q.cursor ? new Types.ObjectId(q.cursor) : NEWEST;
  // A resident's own reports are few, and open reports are bounded by the backlog: one query. Other staff lists grow
  // with the years: windows.
  const openOnly = !!q.status?.length && q.status.every((st) => openStatuses.includes(st));
  let span = viewer.role === 'resident' || openOnly ? Infinity : FIRST_WINDOW_MS;
  while (rows.length <= q.limit) {
    const top = Math.min(hi.getTimestamp().getTime(), deps.clock().getTime() + 86_400_000);
    const lo = top - span > OLDEST ? idAt(top - span) : null;
    const batch = await deps.models.Report.find({ ...filter, _id: { $lt: hi, ...(lo ? { $gte: lo } : {}) } }, { timeline: 0 })
      .sort({ _id: -1 })
      .limit(q.limit + 1 - rows.length)
      .lean<Report[]>();
    rows.push(...batch);
    if (!lo) break;
    hi = lo;
    span *= 4;
  }
  const page = rows.slice(0, q.limit);
  await logListRead(deps, viewer, page);

  const items = await listItems(deps, viewer, page);
  return { items, nextCursor: rows.length > q.limit ? String(page[page.length - 1]!._id) : null };
}

/** List rows (no timeline) for a page of reports, with categories, assignees and units looked up once. */
async function listItems(deps: ReportDeps, viewer: User, page: Report[]): Promise<Omit<ReportView, 'timeline'>[]> {
  const index = await deps.grids.current();
  const [categories, assignees] = await Promise.all([
    deps.categories.list(true),
    deps.users.findManyByIds([...new Set(page.filter((r) => r.assigneeId).map((r) => String(r.assigneeId)))]),
  ]);
  const categoryByCode = new Map(categories.map((c) => [c.code, c]));
  const assigneeById = new Map(assignees.map((u) => [String(u._id), u]));
  // Units are looked up only when a row has one: a resident's list costs no extra read.
  const unitByCode = new Map(page.some((r) => r.unitCode) ? (await deps.units.list()).map((u) => [u._id, u]) : []);
  const now = deps.clock();
  const items = page.map((r) => {
    const { timeline: _omit, ...view } = toReportView(
      { ...r, timeline: [] },
      viewer,
      {
        category: categoryByCode.get(r.categoryCode),
        grids: r.gridCode ? index.chain(r.gridCode) : [],
        assignee: r.assigneeId ? (assigneeById.get(String(r.assigneeId)) ?? null) : null,
        unit: unitView(r.unitCode ? unitByCode.get(r.unitCode) : null),
      },
      now,
    );
    return view;
  });
  return items;
}

// Which desk a command centre sits at: 0 街道 (or a deployment-wide centre), 1 区, 2 市.
const deskLevelOf: Record<string, number> = { street: 0, district: 1, city: 2 };

/** A staff member read a list of reports: every id on it goes on the access log (PIPL). */
async function logListRead(deps: ReportDeps, viewer: User, rows: Report[]): Promise<void> {
  if (!isStaffRead(viewer) || rows.length === 0) return;
  await logAccess(deps.models, viewer, { action: 'report.list', subjectIds: rows.map((r) => String(r._id)), residentIds: [...new Set(rows.map((r) => String(r.residentId)))] }, deps.clock());
}

/**
 * 三级把关's desk: the open, escalated and red-card reports in a command centre's scope that its level watches — a
 * district's desk what residents were unsatisfied with once, a city's twice — with the red cards of every level, and
 * what waits for its 核查. Bounded by the backlog: one query over the open statuses in scope.
 */
export async function deskReports(deps: ReportDeps, viewer: User): Promise<{ level: number; items: Omit<ReportView, 'timeline'>[] }> {
  const index = await deps.grids.current();
  const level = deskLevelOf[commandLevelOf(viewer, index) ?? 'street']!;
  const filter = scoped(scopeBranches(viewer, index), [{ status: { $in: [...openStatuses, 'verifying'] } }]);
  const rows = await deps.models.Report.find(filter, { timeline: 0 }).sort({ _id: -1 }).limit(2_000).lean<Report[]>();
  const watched = rows
    .filter((r) => r.escalationLevel >= Math.max(level, 1) || r.supervisionLevel === 'red' || (level === 0 && r.status === 'verifying'))
    .slice(0, 200);
  await logListRead(deps, viewer, watched);
  return { level, items: await listItems(deps, viewer, watched) };
}
