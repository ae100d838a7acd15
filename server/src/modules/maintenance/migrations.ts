import mongoose from 'mongoose';
import type { Logger } from '../../lib/logger';
import type { Services } from '../../services';
import { flushPending } from '../notifications/pending';
import { levelCodesOfPath } from '../reports/report-scope';
import type { ReportRecord } from '../reports/report.types';
import { reconcileWorkloads } from '../reports/workload';
import { phoneKey } from '../privacy/phone';
import { rebuildTallies } from '../stats/recount';

const ID = 'migrations';

interface Migration {
  name: string;
  run(s: Services, logger: Logger): Promise<void>;
}

/**
 * Data written before every hot query could be answered by key (issue 11) gains what those queries read: the per-level
 * grid codes, residents' `following`, media bound to their reports, owed notifications moved out of the reports, and
 * the statistics' day buckets. One pass over the reports, once per database; a fresh database passes in no time.
 */
const keyedReads: Migration = {
  name: '2026-11-28-keyed-reads',
  async run(s, logger) {
    const index = await s.grids.current();
    const files = s.models.Report.db.db!.collection('media.files');
    let n = 0;
    const cursor = s.models.Report.find({}, { gridPath: 1, streetCode: 1, followerIds: 1, mediaIds: 1, pendingNotifications: 1 }).lean<ReportRecord[]>().cursor();
    for await (const r of cursor) {
      if (r.streetCode === undefined) await s.models.Report.updateOne({ _id: r._id }, { $set: levelCodesOfPath(r.gridPath ?? [], index) }, { timestamps: false });
      if (r.followerIds?.length) await s.models.User.updateMany({ _id: { $in: r.followerIds } }, { $addToSet: { following: r._id } });
      const media = (r.mediaIds ?? []).filter((id) => mongoose.isValidObjectId(id)).map((id) => new mongoose.mongo.ObjectId(id));
      if (media.length) await files.updateMany({ _id: { $in: media } }, { $addToSet: { 'metadata.reportIds': String(r._id) } });
      if (r.pendingNotifications?.length) await flushPending(s.models, r, s.clock());
      if (++n % 10_000 === 0) logger.info({ n }, 'migrating reports');
    }
    const offset = (await s.calendar.get()).utcOffsetMinutes;
    const buckets = await rebuildTallies(s.models, offset);
    await reconcileWorkloads(s.models);
    logger.info({ reports: n, buckets }, 'reports migrated for keyed reads');
  },
};

/** The live feed pages by (updatedAt, _id) now; its old one-field index would only cost writes. */
const feedIndex: Migration = {
  name: '2026-11-28-feed-index',
  async run(s) {
    const indexes = await s.models.Report.collection.listIndexes().toArray();
    if (indexes.some((i) => i.name === 'updatedAt_1')) await s.models.Report.collection.dropIndex('updatedAt_1');
  },
};

/** Phoned-in residents were keyed by their number in clear; the key becomes a keyed hash (modules/privacy/phone.ts). */
const hashedPhoneKeys: Migration = {
  name: '2026-11-28-hashed-phone-keys',
  async run(s, logger) {
    const users = await s.models.User.find({ openid: { $regex: /^phone:1\d{10}$/ } }, { openid: 1 }).lean();
    for (const u of users) await s.models.User.updateOne({ _id: u._id }, { $set: { openid: phoneKey(u.openid.slice('phone:'.length), s.phoneSecret) } });
    logger.info({ users: users.length }, 'phone keys hashed');
  },
};

const migrations: Migration[] = [keyedReads, feedIndex, hashedPhoneKeys];

/** Runs each migration this database has not run yet, in order, and records it. */
export async function migrate(s: Services, logger: Logger): Promise<string[]> {
  const doc = await s.models.Setting.findById(ID).lean<{ value: { done?: string[] } }>();
  const done = new Set(doc?.value?.done ?? []);
  const ran: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    await m.run(s, logger);
    done.add(m.name);
    ran.push(m.name);
    await s.models.Setting.updateOne({ _id: ID }, { $set: { value: { done: [...done] }, updatedAt: s.clock() } }, { upsert: true });
  }
  return ran;
}

