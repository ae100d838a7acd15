import { defaultCategories, type SuggestResponse } from '@linli/shared';
import labelled from '../fixtures/category-sentences.json';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let token: string;

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  token = (await w.resident()).token;
});
afterAll(() => server.close());

const suggest = (text: unknown, t: string | undefined = token) => w.api.call<SuggestResponse>('POST', '/api/v1/categories/suggest', { token: t, body: { text } });

describe('POST /api/v1/categories/suggest', () => {
  it('ranks the likely categories with a confidence and names the phrases it heard', async () => {
    const res = await suggest('路灯不亮了');

    expect(res.status).toBe(200);
    expect(res.body.best).toEqual({ code: 'street_light', name: '路灯照明' });
    expect(res.body.items[0]).toMatchObject({ code: 'street_light', name: '路灯照明', matched: expect.arrayContaining(['灯不亮']) });
    expect(res.body.items[0]!.confidence).toBeGreaterThan(0.5);
    expect(res.body.items[0]!.confidence).toBeLessThanOrEqual(1);
  });

  it.each([
    ['路灯不亮了', 'street_light'],
    ['下水道堵了', 'municipal_facility'],
    ['楼上太吵', 'noise'],
    ['有人摔倒了', 'elderly_help'],
  ])('understands the colloquial “%s” as %s', async (text, code) => {
    expect((await suggest(text)).body.best.code).toBe(code);
  });

  it('falls back to 其他 for the dispatcher when nothing it knows is said', async () => {
    const res = await suggest('嗯嗯，那个，就是这样');

    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(res.body.best).toEqual({ code: 'other', name: '其他' });
  });

  it('rejects empty text and anonymous callers with a message in words', async () => {
    const empty = await suggest('   ');
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ message: expect.stringContaining('请说一说或写一写') })] } });
    expect((await suggest({ $gt: '' })).status).toBe(400);
    expect((await w.api.call('POST', '/api/v1/categories/suggest', { body: { text: '路灯' } })).status).toBe(401);
  });

  it('reads the phrases as data: an admin adds one and the next suggestion uses it', async () => {
    expect((await suggest('共享单车倒了一地')).body.best.code).toBe('other');
    const current = defaultCategories.find((c) => c.code === 'parking_occupation')!;
    const edit = await w.api.call('PUT', '/api/v1/admin/categories/parking_occupation', { token: w.admin.token, body: { keywords: [...current.keywords, '共享单车'] } });
    expect(edit.status).toBe(200);

    expect((await suggest('共享单车倒了一地')).body.best.code).toBe('parking_occupation');
  });

  it('keeps a category’s phrases when an admin edits something else about it', async () => {
    await w.api.call('PUT', '/api/v1/admin/categories/noise', { token: w.admin.token, body: { signHours: 3 } });

    expect((await suggest('楼上太吵')).body.best.code).toBe('noise');
  });
});

describe('accuracy on the labelled sentences in tests/fixtures', () => {
  it(`classifies at least 90% of ${labelled.length} sentences right, with every category’s precision at least 80%`, async () => {
    const results: { expected: string; got: string }[] = [];
    for (const [text, expected] of labelled as [string, string][]) {
      const res = await suggest(text);
      expect(res.status).toBe(200);
      results.push({ expected, got: res.body.best.code });
    }
    const rows = defaultCategories.map((c) => {
      const predicted = results.filter((r) => r.got === c.code);
      const actual = results.filter((r) => r.expected === c.code);
      const hits = predicted.filter((r) => r.expected === c.code).length;
      return { category: `${c.code} ${c.name}`, sentences: actual.length, predicted: predicted.length, precision: predicted.length ? hits / predicted.length : 1, recall: actual.length ? hits / actual.length : 1 };
    });
    const accuracy = results.filter((r) => r.expected === r.got).length / results.length;
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
    console.log(
      [`category suggestion on ${results.length} labelled sentences: accuracy ${pct(accuracy)}`, '| category | sentences | predicted | precision | recall |', '|---|---|---|---|---|']
        .concat(rows.map((r) => `| ${r.category} | ${r.sentences} | ${r.predicted} | ${pct(r.precision)} | ${pct(r.recall)} |`))
        .join('\n'),
    );

    expect(labelled.length).toBeGreaterThanOrEqual(100);
    expect(rows.every((r) => r.sentences >= 5)).toBe(true);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    for (const r of rows) expect({ category: r.category, precision: r.precision >= 0.8 }).toEqual({ category: r.category, precision: true });
  });
});
