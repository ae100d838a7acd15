import {
  distanceBands,
  openStatuses,
  type DistanceBand,
  type FollowerFeedbackInput,
  type JoinReportInput,
  type NearbyQuery,
  type NearbyReport,
  type ReportView,
} from '@linli/shared';
import { ConflictError, ForbiddenError, NotFoundError, BadRequestError } from '../../lib/errors';
import type { User } from '../users/users.repository';
import type { ReportDeps } from './report-deps';
import type { Report } from './report-view';
import { describeReport } from './read-reports';
import { guardedUpdate, loadReport } from './report-writes';
import { cellRing } from './cells';

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

// Residents see places only as cells counted in rings around their own (cells.ts): every answer is the same wherever
// in the cell either point lies, so no sequence of queries narrows a report below a cell.
const RESIDENT_MAX_RADIUS_M = 300;
const ringsFor = (radiusM: number) => (radiusM <= 100 ? 1 : 2);
const bandOf = (ring: number): DistanceBand => distanceBands[Math.min(ring, distanceBands.length - 1)]!;

const isOpen = (r: Report) => openStatuses.includes(r.status as (typeof openStatuses)[number]) && !r.mergedInto;
const involves = (r: Report, me: string) => String(r.residentId) === me || (r.followerIds ?? []).some((f) => String(f) === me);

/**
 * Open reports of the same category near a point, filed recently: what a resident is shown before filing, to join
 * one instead — the category, a coarse distance band, status, age and how many joined; never a point, an exact
 * distance, a number or anyone's words. Staff (merging duplicates) also get the number, the first words and metres.
 */
export async function nearbyReports(deps: ReportDeps, viewer: User, q: NearbyQuery): Promise<NearbyReport[]> {
  const resident = viewer.role === 'resident';
  if (resident && q.radius > RESIDENT_MAX_RADIUS_M) throw new BadRequestError(`查找范围最大${RESIDENT_MAX_RADIUS_M}米`);
  const now = deps.clock().getTime();
  const since = new Date(now - q.days * 86_400_000);
  // Filtered by distance here: FerretDB has no geospatial queries (docs/database.md).
  const candidates = await deps.models.Report.find(
    { status: { $in: openStatuses }, categoryCode: { $eq: q.categoryCode }, createdAt: { $gte: since }, mergedInto: null },
    { no: 1, categoryCode: 1, status: 1, description: 1, location: 1, followerIds: 1, residentId: 1, createdAt: 1 },
  ).lean<Report[]>();
  const category = await deps.categories.get(q.categoryCode);
  const me = String(viewer._id);
  const rings = ringsFor(q.radius);
  return candidates
    .filter((r) => r.location?.lng !== undefined && r.location?.lat !== undefined)
    .map((r) => {
      const at = { lng: r.location.lng!, lat: r.location.lat! };
      return { r, d: metresBetween(q, at), ring: cellRing(q, at) };
    })
    .filter(({ d, ring }) => (resident ? ring <= rings : d <= q.radius))
    // Residents: by ring, then newest — an order that says nothing finer than the band.
    .sort((a, b) => (resident ? a.ring - b.ring || b.r.createdAt.getTime() - a.r.createdAt.getTime() : a.d - b.d))
    .slice(0, 10)
    .map(({ r, d, ring }) => ({
      id: String(r._id),
      categoryCode: r.categoryCode,
      categoryName: category?.name ?? r.categoryCode,
      status: r.status,
      distanceBand: bandOf(ring),
      followers: r.followerIds?.length ?? 0,
      ageDays: Math.max(0, Math.floor((now - r.createdAt.getTime()) / 86_400_000)),
      mine: involves(r, me),
      ...(resident ? {} : { no: r.no, summary: summaryOf(r.description), distanceM: Math.round(d) }),
    }));
}

/**
 * 我也遇到了: the resident follows an open report instead of filing a duplicate — the same status pushes, no vote on
 * the outcome. They must be near it now (their own position within the nearby rings). Joining twice changes nothing;
 * joining one's own report is refused.
 */
export async function joinReport(deps: ReportDeps, resident: User, id: string, at: JoinReportInput): Promise<ReportView> {
  const report = await loadReport(deps.models, id);
  const me = String(resident._id);
  if (String(report.residentId) === me) throw new ConflictError('这是您自己报的事', 'ALREADY_JOINED');
  if ((report.followerIds ?? []).some((f) => String(f) === me)) return describeReport(deps, report, resident);
  if (!isOpen(report)) throw new ForbiddenError('这条报事已办结或已合并，请重新报事');
  const where = report.location;
  if (where?.lng === undefined || where?.lat === undefined || cellRing(at, { lng: where.lng, lat: where.lat }) > ringsFor(RESIDENT_MAX_RADIUS_M)) {
    throw new ForbiddenError('您不在这条报事附近，请直接报事', 'TOO_FAR');
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

/** A follower's 评价: kept for the staff who handled it, one per follower per round; the reporter's rating decides. */
export async function leaveFeedback(deps: ReportDeps, resident: User, id: string, input: FollowerFeedbackInput): Promise<ReportView> {
  const report = await loadReport(deps.models, id);
  const me = String(resident._id);
  if (!(report.followerIds ?? []).some((f) => String(f) === me)) {
    if (String(report.residentId) === me) throw new ConflictError('报事人请使用评价', 'USE_RATING');
    throw new NotFoundError('report');
  }
  if (report.status !== 'resolved' && report.status !== 'closed') throw new ConflictError('报事办结后才能评价', 'NOT_RATABLE');
  if ((report.feedback ?? []).some((f) => String(f.residentId) === me && f.round === report.round)) throw new ConflictError('本轮已评价过', 'ALREADY_RATED');
  const entry = { residentId: resident._id, round: report.round, ...(input.score ? { score: input.score } : {}), comment: input.comment, at: deps.clock() };
  const updated = await guardedUpdate(deps, report, { $push: { feedback: entry } }, []);
  return describeReport(deps, updated, resident);
}

export type { Report };
