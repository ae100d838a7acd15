import { Schema } from 'mongoose';
import { ConflictError } from '../../server/src/lib/errors';
import { usersRepository } from '../../server/src/modules/users/users.repository';
import { useTestDb } from '../support/db';
import { buildUser } from '../support/factories';

const db = useTestDb();

describe('the embedded database, through mongoose', () => {
  it('answers a ping over the MongoDB wire protocol', async () => {
    const reply = await db.conn.db!.admin().ping();
    expect(reply.ok).toBe(1);
  });

  it('rejects a second user with the same openid as a 409 USER_EXISTS domain error', async () => {
    const users = usersRepository(db.models);
    const first = buildUser();
    await users.create(first);

    const attempt = users.create({ ...first, name: '另一个人' });

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ status: 409, code: 'USER_EXISTS' });
    expect(await db.models.User.countDocuments({ openid: first.openid })).toBe(1);
  });

  it('groups, counts and sorts with $match/$group/$sort', async () => {
    const Sample = db.conn.model('AggSample', new Schema({ grid: String, status: String }));
    await Sample.insertMany([
      { grid: 'G1', status: 'open' },
      { grid: 'G1', status: 'open' },
      { grid: 'G1', status: 'closed' },
      { grid: 'G2', status: 'open' },
      { grid: 'G3', status: 'open' },
      { grid: 'G3', status: 'open' },
      { grid: 'G3', status: 'open' },
    ]);

    const rows = await Sample.aggregate<{ _id: string; n: number }>([
      { $match: { status: 'open' } },
      { $group: { _id: '$grid', n: { $sum: 1 } } },
      { $sort: { n: -1, _id: 1 } },
    ]);

    expect(rows).toEqual([
      { _id: 'G3', n: 3 },
      { _id: 'G1', n: 2 },
      { _id: 'G2', n: 1 },
    ]);
  });

  it('applies $inc, $push, $addToSet and $pull atomically through findOneAndUpdate', async () => {
    const Counter = db.conn.model('CounterSample', new Schema({ key: String, n: Number, log: [String], tags: [String] }));
    await Counter.create({ key: 'k', n: 0, log: [], tags: ['a'] });

    await Counter.findOneAndUpdate({ key: 'k' }, { $inc: { n: 2 }, $push: { log: 'one' }, $addToSet: { tags: 'a' } });
    const after = await Counter.findOneAndUpdate(
      { key: 'k', n: 2 },
      { $inc: { n: 1 }, $push: { log: 'two' }, $pull: { tags: 'a' } },
      { new: true },
    ).lean();

    expect(after).toMatchObject({ n: 3, log: ['one', 'two'], tags: [] });
  });

  it('lets exactly one of several racing conditional updates of a document win', async () => {
    const Race = db.conn.model('RaceSample', new Schema({ status: String, n: Number }));
    const docs = await Race.insertMany(Array.from({ length: 10 }, () => ({ status: 'assigned', n: 0 })));

    // Four clients each try to move every document from assigned to accepted at the same moment.
    const wins = await Promise.all(
      docs.map(async (d) => {
        const results = await Promise.all(
          [1, 2, 3, 4].map(() => Race.findOneAndUpdate({ _id: d._id, status: 'assigned' }, { $set: { status: 'accepted' }, $inc: { n: 1 } }, { new: true }).lean()),
        );
        return results.filter(Boolean).length;
      }),
    );

    expect(wins).toEqual(Array(10).fill(1));
    expect((await Race.find().lean()).map((d) => d.n)).toEqual(Array(10).fill(1));
  });

  it('refuses a query operator smuggled in as a value instead of matching every user', async () => {
    const users = usersRepository(db.models);
    await users.create(buildUser());

    // A JSON body such as {"openid": {"$gt": ""}} becomes {$eq: {$gt: ""}}, which a string path cannot hold.
    const attempt = users.findByOpenid({ $gt: '' } as unknown as string);

    await expect(attempt).rejects.toMatchObject({ name: 'CastError' });
  });
});
