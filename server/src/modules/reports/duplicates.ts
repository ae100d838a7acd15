import { openStatuses, type NearbyQuery, type NearbyReport, type ReportView } from '@linli/shared';
import { ConflictError, ForbiddenError } from '../../lib/errors';
import type { User } from '../users/users.repository';
import type { ReportDeps } from './report-deps';
import type { Report } from './report-view';
import { describeReport } from './read-reports';
import { guardedUpdate, loadReport } from './report-writes';

const EARTH_M = 6_371_000;

/** Great-circle distance in metres (haversine); grids are small, so GCJ-02 coordinates are fine as they are. */
export function metresBetween(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.sqrt(h));
}

const summaryOf = (text: string) => (Array.from(text).length > 40 ? `${Array.from(text).slice(0, 40).join('')}…` : text);

/**
 * Open reports of the same category near a point, filed recently: what a resident is shown before filing, to join
 * one instead. Only the problem is shown — no names, photos or voice — and the nearest come first.
 */
export async function nearbyReports(deps: ReportDeps, viewer: User, q: NearbyQuery): Promise<NearbyReport[]> {
  const since = new Date(deps.clock().getTime() - q.days * 86_400_000);
  // Filtered by distance here: FerretDB has no geospatial queries (docs/database.md).
  const candidates = await deps.models.Report.find(
    { status: { $in: openStatuses }, categoryCode: { $eq: q.categoryCode }, createdAt: { $gte: since }, mergedInto: null },
    { no: 1, categoryCode: 1, status: 1, description: 1, location: 1, followerIds: 1, residentId: 1, createdAt: 1 },
  ).lean<Report[]>();
  const category = await deps.categories.get(q.categoryCode);
  const me = String(viewer._id);
  return candidates
    .filter((r) => r.location?.lng !== undefined && r.location?.lat !== undefined)
    .map((r) => ({ r, d: metresBetween(q, { lng: r.location.lng!, lat: r.location.lat! }) }))
    .filter(({ d }) => d <= q.radius)
    .sort((a, b) => a.d - b.d)
    .slice(0, 10)
    .map(({ r, d }) => ({
      id: String(r._id),
      no: r.no,
      categoryCode: r.categoryCode,
      categoryName: category?.name ?? r.categoryCode,
      status: r.status,
      summary: summaryOf(r.description),
      distanceM: Math.round(d),
      followers: r.followerIds?.length ?? 0,
      createdAt: r.createdAt.toISOString(),
      mine: String(r.residentId) === me || (r.followerIds ?? []).some((f) => String(f) === me),
    }));
}

/**
 * 我也遇到了: the resident follows an open report instead of filing a duplicate — same pushes, same right to rate.
 * Joining twice changes nothing; joining one's own report is refused.
 */
export async function joinReport(deps: ReportDeps, resident: User, id: string): Promise<ReportView> {
  const report = await loadReport(deps.models, id);
  const me = String(resident._id);
  if (String(report.residentId) === me) throw new ConflictError('这是您自己报的事', 'ALREADY_JOINED');
  if ((report.followerIds ?? []).some((f) => String(f) === me)) return describeReport(deps, report, resident);
  if (!openStatuses.includes(report.status as (typeof openStatuses)[number]) || report.mergedInto) {
    throw new ForbiddenError('这条报事已办结或已合并，请重新报事');
  }
  const count = (report.followerIds?.length ?? 0) + 2;
  // The resident's list finds followed reports through their account: written first (see addFollowers).
  await deps.users.follow(resident._id, report._id);
  const updated = await guardedUpdate(
    deps,
    report,
    { $addToSet: { followerIds: resident._id } },
    [{ at: deps.clock(), actor: { role: 'resident' }, action: 'join', from: null, to: null, note: `又有居民反映了同一问题（共${count}位居民）` }],
    { followerIds: { $ne: resident._id } },
  );
  return describeReport(deps, updated, resident);
}

export type { Report };
