import mongoose from 'mongoose';
import { useTestDb } from '../support/db';

// The embedded FerretDB is built with the project's pushdown patch (tools/ferretdb/patches, docs/database.md): parts of
// a filter go to SQLite's indexes, and the handler still checks every document. These tests hold it to MongoDB's
// answers: each filter is compared with the same filter wrapped in a double $nor, which is never pushed down.
const db = useTestDb();
const isFerret = () => process.env.LINLI_TEST_DB_ENGINE === 'ferretdb';

// The driver mongoose uses; documents of any shape and _ids of any type, since the point is mixing them.
const { ObjectId } = mongoose.mongo;
type ObjectId = InstanceType<typeof ObjectId>;
type Document = mongoose.mongo.Document;
type Filter = mongoose.mongo.Filter<Document>;
let coll: mongoose.mongo.Collection<Document>;
const day = (n: number) => new Date(Date.UTC(2026, 10, n));
const oid = (n: number) => new ObjectId(n.toString(16).padStart(24, '0'));

// Every kind of value a field can hold, so that type bracketing, arrays and missing fields are exercised.
const values: unknown[] = ['b', 'a', 'ab', 'ab!', 'ä', '', 3, 3.5, -1, 0, 2 ** 40, true, false, null, day(3), day(5), oid(7), ['a', 'b'], [3, 4], [], { a: 1 }];

function documents(): Document[] {
  const docs: Document[] = [];
  values.forEach((v, i) => {
    docs.push({ _id: oid(100 + i), mixed: v, s: `s${i % 4}`, n: i, at: day(1 + (i % 9)) });
  });
  // Fields that are absent, and documents keyed by strings and numbers.
  docs.push({ _id: oid(500), s: 's1', n: 100 });
  docs.push({ _id: 'string-id', mixed: 'a', s: 's2', n: 101, at: day(2) });
  docs.push({ _id: 'ab!', mixed: 3, s: 's3', n: 102 });
  docs.push({ _id: 42, mixed: 'b', s: 's1', n: 103 });
  return docs;
}

const filters: Record<string, unknown>[] = [
  { mixed: 'a' },
  { mixed: { $eq: 3 } },
  { mixed: 3.5 },
  { mixed: true },
  { mixed: day(3) },
  { mixed: oid(7) },
  { mixed: { $in: ['a', 3, false] } },
  { mixed: { $gt: 'a' } },
  { mixed: { $lte: 'ab' } },
  { mixed: { $gt: 0 } },
  { mixed: { $lt: 3 } },
  { mixed: { $gte: day(4) } },
  { mixed: { $lt: day(4) } },
  { mixed: null },
  { mixed: { $exists: false } },
  { mixed: { $ne: 'a' } },
  { mixed: { $gt: 1, $ne: 3 } },
  { s: 's1' },
  { s: 's1', n: { $gte: 5 } },
  { s: { $in: ['s0', 's2'] }, at: { $gt: day(3), $lte: day(7) } },
  { n: { $gte: 3, $lt: 9 } },
  { $or: [{ s: 's0' }, { n: { $gt: 15 } }] },
  { $or: [{ s: 's0' }, { mixed: { $exists: true } }] },
  { $and: [{ s: 's3' }, { $or: [{ n: 3 }, { n: 7 }] }] },
  { _id: oid(105) },
  { _id: oid(105), s: 's2' },
  { _id: { $in: [oid(101), oid(103), 'string-id'] } },
  { _id: { $lt: oid(110) } },
  { _id: { $gte: oid(110) }, s: 's1' },
  { _id: 'string-id' },
  { _id: { $lt: 'b' } },
  { _id: 42 },
  { 'mixed.a': 1 },
];

const reference = (f: Record<string, unknown>): Filter => ({ $nor: [{ $nor: [f] }] });
const ids = (docs: Document[]) => docs.map((d) => String(d._id)).sort();

beforeAll(async () => {
  coll = db.conn.db!.collection<Document>('pushdown_sample');
  await coll.createIndexes([{ key: { mixed: 1 } }, { key: { s: 1, n: 1 } }, { key: { s: 1, _id: -1 } }, { key: { at: 1 } }]);
  await coll.insertMany(documents());
});

describe('filters pushed down to the embedded database', () => {
  it.each(filters.map((f) => [JSON.stringify(f), f]))('answer %s exactly as MongoDB semantics do', async (_name, f) => {
    const pushed = await coll.find(f as Filter).toArray();
    const checked = await coll.find(reference(f as Record<string, unknown>)).toArray();

    expect(ids(pushed)).toEqual(ids(checked));
  });

  it('sorts by _id through the index when the filter admits only ObjectIds, and stops at the limit', async () => {
    const bound = { _id: { $lt: oid(0xffffff) } };

    const newest = await coll.find(bound).sort({ _id: -1 }).limit(3).toArray();
    const oldestOfS1 = await coll.find({ ...bound, s: 's1' }).sort({ _id: 1 }).limit(2).toArray();

    expect(newest.map((d) => String(d._id))).toEqual([oid(500), oid(120), oid(119)].map(String));
    expect(oldestOfS1.map((d) => String(d._id))).toEqual([oid(101), oid(105)].map(String));
    if (isFerret()) {
      const plan = await coll.find({ ...bound, s: 's1' }).sort({ _id: -1 }).limit(2).explain();
      expect(plan).toMatchObject({ filterPushdown: true, sortPushdown: true });
    }
  });

  it('sorts by a field through its index when a range pins it to one type, in MongoDB order', async () => {
    const window = { at: { $gte: day(2), $lt: day(8) } };

    const pushed = await coll.find(window).sort({ at: -1, _id: 1 }).toArray();
    const byAt = await coll.find(window).sort({ at: -1 }).limit(4).toArray();

    expect(byAt.map((d) => (d.at as Date).getTime())).toEqual(pushed.slice(0, 4).map((d) => (d.at as Date).getTime()));
    if (isFerret()) expect(await coll.find(window).sort({ at: -1 }).explain()).toMatchObject({ sortPushdown: true });
  });

  it('sorts a field holding several types in MongoDB order when the filter does not pin it', async () => {
    const sorted = await coll.find({ mixed: { $exists: true } }).sort({ mixed: 1 }).toArray();
    const firstOf = (pred: (v: unknown) => boolean) => sorted.findIndex((d) => pred(d.mixed));

    // null < numbers < strings < objects < arrays < ObjectId < booleans < dates
    expect(firstOf((v) => v === null)).toBeLessThan(firstOf((v) => typeof v === 'number'));
    expect(firstOf((v) => typeof v === 'string')).toBeLessThan(firstOf((v) => v instanceof ObjectId));
    expect(firstOf((v) => v instanceof ObjectId)).toBeLessThan(firstOf((v) => v instanceof Date));
    if (isFerret()) expect(await coll.find({ mixed: { $exists: true } }).sort({ mixed: 1 }).explain()).toMatchObject({ sortPushdown: false });
  });

  it('keeps mixed-type _id sorts in MongoDB order when the filter does not pin ObjectIds', async () => {
    const all = await coll.find({ s: 's1' }).sort({ _id: 1 }).toArray();

    // Numbers, then strings, then ObjectIds.
    expect(all.map((d) => String(d._id))).toEqual(['42', oid(101), oid(105), oid(109), oid(113), oid(117), oid(500)].map(String));
  });

  it('still finds a document once a field that held only scalars gets an array', async () => {
    const c = db.conn.db!.collection('pushdown_multikey');
    await c.createIndex({ tag: 1 });
    await c.insertMany([{ tag: 'x' }, { tag: 'y' }]);
    expect(await c.countDocuments({ tag: 'x' })).toBe(1);

    await c.insertOne({ tag: ['x', 'z'] });
    await c.updateOne({ tag: 'y' }, { $set: { tag: ['y', 'x'] } });

    expect(await c.countDocuments({ tag: 'x' })).toBe(3);
    expect(await c.countDocuments({ tag: { $in: ['z'] } })).toBe(1);
  });

  it('answers an equality on an indexed field from the index, not by reading the collection', async () => {
    const plan = await coll.find({ s: 's2', n: { $gt: 3 } }).explain();

    if (isFerret()) {
      expect(plan.filterPushdown).toBe(true);
      expect(JSON.stringify(plan.queryPlanner)).toMatch(/SEARCH .* USING INDEX .*s_1_n_1/);
    } else {
      expect(JSON.stringify(plan.queryPlanner)).toContain('IXSCAN');
    }
  });
});
