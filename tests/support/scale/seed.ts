// Seeds years of a street's history straight through the driver: N reports at one street's rate (10,000 a year), so
// 1,000 is five weeks and 100,000 is ten years; residents, followers, ratings, an outbox history of one sent message
// per report, and the counters the app would have kept (the same tally function, computed here, not by a scan).
import { Types } from 'mongoose';
import { deadlineOf, defaultCategories, defaultWorkCalendar, type TimeLimit } from '@linli/shared';
import type { Models } from '../../../server/src/models';
import { centreOf, sampleStaff } from '../../../server/src/modules/demo/dingshan-sample';
import { levelCodes } from '../../../server/src/modules/reports/report-scope';
import type { ReportRecord, TimelineEntry } from '../../../server/src/modules/reports/report.types';
import { parseBucketId, tally, type Tally } from '../../../server/src/modules/stats/tally';
import { holder } from '../../../server/src/modules/reports/workload';
import type { GridIndex } from '../../../server/src/modules/grids/spatial-index';

export const PER_YEAR = 10_000;
const HOUR = 3_600_000;
// A limit as the hours it spans from a Monday morning: close enough to spread seeded timings.
const MONDAY = new Date('2026-11-30T01:00:00Z');
const hoursOf = (limit: TimeLimit) => (deadlineOf(MONDAY, limit, defaultWorkCalendar).getTime() - MONDAY.getTime()) / HOUR;
const DAY = 24 * HOUR;
const OFFSET = 480;
const categoriesByCode = new Map(defaultCategories.map((c) => [c.code, c]));

/** A small deterministic generator, so that every run seeds the same history. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface Seeded {
  residents: Types.ObjectId[];
  /** A resident with the typical number of reports, for 我的报事. */
  resident: Types.ObjectId;
  reports: number;
  ms: number;
}

const beijingDay = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10).replaceAll('-', '');

export async function seedHistory(models: Models, index: GridIndex, n: number, now: Date): Promise<Seeded> {
  const t0 = performance.now();
  const rnd = random(n);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const staff = await models.User.find({ role: 'grid_worker' }, { _id: 1, gridCodes: 1, specialty: 1, name: 1 }).lean<{ _id: Types.ObjectId; gridCodes: string[]; specialty: string; name: string }[]>();
  const grids = [...new Set(sampleStaff.filter((s) => s.role === 'grid_worker').flatMap((s) => s.gridCodes))];
  const cats = ['street_light', 'sanitation', 'parking_occupation', 'road_manhole', 'noise', 'public_security', 'elderly_help', 'neighbour_dispute', 'property_repair', 'other'];

  // One resident for every 20 reports: the typical resident has a score of reports over the years.
  const residentCount = Math.max(50, Math.round(n / 20));
  const residents = Array.from({ length: residentCount }, () => new Types.ObjectId());
  const following = new Map<string, Types.ObjectId[]>();

  const interval = (365 * DAY) / PER_YEAR;
  const dayNo = new Map<string, number>();
  const buckets: Tally = new Map();
  const open = new Map<string, number>();
  const lastAssigned = new Map<string, Date>();
  let batch: ReportRecord[] = [];
  let outbox: Record<string, unknown>[] = [];

  let writing = 0;
  const flush = async () => {
    const t = performance.now();
    // Two collections, two write locks: the proxy lets them go on at once.
    await Promise.all([
      batch.length ? models.Report.collection.insertMany(batch as never[], { ordered: false }) : null,
      outbox.length ? models.Outbox.collection.insertMany(outbox as never[], { ordered: false }) : null,
    ]);
    writing += performance.now() - t;
    batch = [];
    outbox = [];
  };

  for (let i = 0; i < n; i++) {
    const createdAt = new Date(now.getTime() - (n - i) * interval - rnd() * interval * 0.5);
    const age = now.getTime() - createdAt.getTime();
    const code = pick(cats);
    const category = categoriesByCode.get(code)!;
    const outside = rnd() < 0.03;
    const gridCode = outside ? null : pick(grids);
    const chain = gridCode ? index.chain(gridCode) : [];
    const worker = gridCode ? staff.find((w) => w.gridCodes.includes(gridCode) && w.specialty === category.specialty) : undefined;
    const residentId = pick(residents);
    const day = beijingDay(createdAt);
    const no = (dayNo.get(day) ?? 0) + 1;
    dayNo.set(day, no);

    // Older than two weeks: settled. Recent: every stage of the lifecycle.
    const r = rnd();
    const status: ReportRecord['status'] = !worker
      ? age > 14 * DAY
        ? 'closed'
        : 'submitted'
      : age > 14 * DAY
        ? 'closed'
        : r < 0.3
          ? 'assigned'
          : r < 0.55
            ? 'accepted'
            : r < 0.75
              ? 'resolved'
              : 'closed';
    const at = (h: number) => new Date(Math.min(now.getTime() - 60_000, createdAt.getTime() + h * HOUR));
    const assignedAt = worker ? createdAt : null;
    const stage = ['submitted', 'assigned', 'accepted', 'resolved', 'closed'].indexOf(status);
    const acceptedAt = worker && stage >= 2 ? at(rnd() * hoursOf(category.signLimit) * 1.3) : null;
    const resolvedAt = worker && stage >= 3 ? at((acceptedAt!.getTime() - createdAt.getTime()) / HOUR + rnd() * hoursOf(category.resolveLimit) * 1.2) : null;
    const closedAt = status === 'closed' ? (resolvedAt ? at((resolvedAt.getTime() - createdAt.getTime()) / HOUR + 20) : at(30)) : null;
    const rated = status === 'closed' && resolvedAt && rnd() < 0.85;
    const score = rnd() < 0.9 ? 4 + Math.floor(rnd() * 2) : 1 + Math.floor(rnd() * 3);
    const who = worker ? { role: 'grid_worker' as const, userId: worker._id, name: worker.name, gridName: index.get(gridCode!)?.name } : { role: 'dispatcher' as const };
    const timeline: TimelineEntry[] = [
      { at: createdAt, actor: { role: 'resident', name: '居民' }, action: 'submit', from: null, to: 'submitted' },
      { at: createdAt, actor: { role: 'system' }, action: 'route', from: 'submitted', to: worker ? 'assigned' : 'submitted', note: worker ? `位于${index.get(gridCode!)?.name}；派给网格员` : '位置不在任何网格内，转街道指挥中心分派' },
      ...(acceptedAt ? [{ at: acceptedAt, actor: who, action: 'accept' as const, from: 'assigned' as const, to: 'accepted' as const }] : []),
      ...(resolvedAt ? [{ at: resolvedAt, actor: who, action: 'resolve' as const, from: 'accepted' as const, to: 'resolved' as const, note: '已到现场处理完毕，恢复正常。' }] : []),
      ...(closedAt ? [{ at: closedAt, actor: { role: rated ? ('resident' as const) : ('system' as const) }, action: rated ? ('rate' as const) : ('close' as const), from: (resolvedAt ? 'resolved' : 'submitted') as 'resolved', to: 'closed' as const }] : []),
    ];
    const signBy = worker ? new Date(createdAt.getTime() + hoursOf(category.signLimit) * HOUR) : null;
    const resolveBy = worker ? new Date(createdAt.getTime() + hoursOf(category.resolveLimit) * HOUR) : null;
    const followerIds = rnd() < 0.03 ? [pick(residents)].filter((f) => !f.equals(residentId)) : [];
    const id = Types.ObjectId.createFromTime(Math.floor(createdAt.getTime() / 1000));
    for (const f of followerIds) following.set(String(f), [...(following.get(String(f)) ?? []), id]);
    const report: ReportRecord = {
      _id: new Types.ObjectId(`${id.toHexString().slice(0, 8)}${new Types.ObjectId().toHexString().slice(8)}`),
      no: `${day}-${String(no).padStart(4, '0')}`,
      residentId,
      idempotencyKey: `seed-${i}`,
      channel: 'miniapp',
      anonymous: false,
      categoryCode: code,
      specialty: category.specialty,
      description: `${category.name}：小区北门口附近的问题已经持续好几天了，影响居民出行和生活，请尽快安排处理。（历史数据 ${i}）`,
      categorySource: 'resident',
      location: { ...(gridCode ? centreOf(gridCode) : { lng: 118.8, lat: 32.2 }), address: '示例路18号' },
      photoIds: [],
      voiceIds: [],
      mediaIds: [],
      gridCode,
      gridPath: chain.map((g) => g.code).reverse(),
      ...levelCodes(chain),
      status,
      assigneeId: worker?._id ?? null,
      assigneeRole: worker ? 'grid_worker' : null,
      round: 1,
      escalationLevel: 0,
      followerIds,
      mergedInto: null,
      returns: 0,
      supervisionLevel: 'none',
      supervisionStep: 0,
      assignedAt,
      signBy,
      resolveBy,
      acceptedAt,
      resolvedAt,
      closedAt,
      ...(resolvedAt ? { lastReply: '已到现场处理完毕，恢复正常。' } : {}),
      timeline,
      ratings: rated ? [{ round: 1, score, tags: [], at: closedAt! }] : [],
      pendingNotifications: [],
      createdAt,
      updatedAt: timeline[timeline.length - 1]!.at,
    };
    batch.push(report);
    if (worker) {
      outbox.push({
        _id: `${String(report._id)}:1:assigned:1`,
        reportId: report._id,
        userId: residentId,
        event: 'assigned',
        round: 1,
        at: createdAt,
        index: 1,
        status: 'sent',
        attempts: 1,
        nextAttemptAt: createdAt,
        leaseOwner: null,
        leaseUntil: null,
        leaseToken: null,
        quotaSpent: true,
        lastError: null,
        msgid: String(1_000_000 + i),
        sentAt: createdAt,
        createdAt,
      });
    }
    for (const [bucket, counts] of tally(report, OFFSET)) {
      const b = buckets.get(bucket) ?? {};
      for (const [c, k] of Object.entries(counts)) b[c as keyof typeof b] = (b[c as keyof typeof b] ?? 0) + k;
      buckets.set(bucket, b);
    }
    const h = holder(report);
    if (h) open.set(h, (open.get(h) ?? 0) + 1);
    if (worker) lastAssigned.set(String(worker._id), createdAt);
    if (batch.length === 1_000) await flush();
  }
  await flush();

  await models.User.collection.insertMany(
    residents.map((_id, i) => ({ _id, openid: `seed-resident-${i}`, role: 'resident', name: `居民${i}`, gridCodes: [], careMode: false, ...(following.has(String(_id)) ? { following: following.get(String(_id)) } : {}), createdAt: now, updatedAt: now })) as never[],
  );
  // The counters the app would have kept, inserted as documents (they are all new).
  const counters = [
    ...[...buckets].map(([id, counts]) => ({ _id: id, kind: 'day', ...parseBucketId(id), ...counts })),
    ...[...lastAssigned].map(([id, at]) => ({ _id: id, kind: 'workload', open: open.get(id) ?? 0, lastAssignedAt: at })),
  ];
  for (let i = 0; i < counters.length; i += 1_000) await models.Workload.collection.insertMany(counters.slice(i, i + 1_000) as never[], { ordered: false });
  // Today's report numbers continue after the seeded ones.
  const today = beijingDay(now);
  if (dayNo.has(today)) await models.Counter.updateOne({ _id: `reports.${today}` }, { $set: { seq: dayNo.get(today) } }, { upsert: true });

  // The resident with the most ordinary history: the first one, whose share is the average.
  if (process.env.SCALE_DEBUG) console.error(`[seed] ${n}: ${Math.round(performance.now() - t0)} ms, of which inserting reports and outbox ${Math.round(writing)} ms`);
  return { residents, resident: residents[0]!, reports: n, ms: performance.now() - t0 };
}
