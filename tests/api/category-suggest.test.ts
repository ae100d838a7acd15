import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultCategories, suggestionThreshold, type SuggestResponse } from '@linli/shared';
import labelled from '../fixtures/category-sentences.json';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, centreOf, type World } from '../support/world';

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

// Measured first, on the catalogue as installed: later tests edit phrases and add corrections.
const heldOut = readFileSync(path.join(__dirname, '../fixtures/category-heldout.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => l.split('\t') as [string, string])
  .map(([expected, text]) => [text, expected] as [string, string]);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Asks the server about every sentence; returns accuracy, per-category precision and recall, and the confusion matrix. */
async function measure(name: string, sentences: [string, string][]) {
  const results: { expected: string; got: string }[] = [];
  for (const [text, expected] of sentences) {
    const res = await suggest(text);
    expect(res.status).toBe(200);
    results.push({ expected, got: res.body.best.code });
  }
  const codes = defaultCategories.map((c) => c.code);
  const rows = defaultCategories.map((c) => {
    const predicted = results.filter((r) => r.got === c.code);
    const actual = results.filter((r) => r.expected === c.code);
    const hits = predicted.filter((r) => r.expected === c.code).length;
    return { category: `${c.code} ${c.name}`, sentences: actual.length, predicted: predicted.length, precision: predicted.length ? hits / predicted.length : 1, recall: actual.length ? hits / actual.length : 1 };
  });
  const accuracy = results.filter((r) => r.expected === r.got).length / results.length;
  const confusion = codes.map((e) => `| ${e} | ${codes.map((g) => results.filter((r) => r.expected === e && r.got === g).length || '·').join(' | ')} |`);
  console.log(
    [`category suggestion on ${results.length} ${name}: accuracy ${pct(accuracy)}`, '| category | sentences | predicted | precision | recall |', '|---|---|---|---|---|']
      .concat(rows.map((r) => `| ${r.category} | ${r.sentences} | ${r.predicted} | ${pct(r.precision)} | ${pct(r.recall)} |`))
      .concat(['', 'confusion (rows: expected, columns: suggested, in the order of the rows)', `| | ${codes.map((_, i) => i + 1).join(' | ')} |`, `|---|${codes.map(() => '---').join('|')}|`], confusion)
      .join('\n'),
  );
  return { accuracy, rows };
}

describe('accuracy on sentences the suggester never trained on', () => {
  it(`classifies at least 90% of the ${heldOut.length} held-out sentences right, written before the suggester and never used to tune it`, async () => {
    const { accuracy, rows } = await measure('held-out sentences', heldOut);

    expect(heldOut.length).toBeGreaterThanOrEqual(150);
    expect(rows.every((r) => r.sentences >= 10)).toBe(true);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it(`classifies at least 90% of the ${labelled.length} development sentences right, with every category’s precision at least 80%`, async () => {
    const { accuracy, rows } = await measure('development sentences', labelled as [string, string][]);

    expect(labelled.length).toBeGreaterThanOrEqual(100);
    expect(rows.every((r) => r.sentences >= 5)).toBe(true);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    for (const r of rows) expect({ category: r.category, precision: r.precision >= 0.8 }).toEqual({ category: r.category, precision: true });
  });
});

describe('POST /api/v1/categories/suggest', () => {
  it('ranks up to three categories with a confidence and names the words that weighed most', async () => {
    const res = await suggest('路灯不亮了');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ best: { code: 'street_light', name: '路灯照明' }, sure: true, emergency: null });
    expect(res.body.items.length).toBeLessThanOrEqual(3);
    expect(res.body.items[0]).toMatchObject({ code: 'street_light', name: '路灯照明', matched: expect.arrayContaining(['路灯']) });
    expect(res.body.items[0]!.confidence).toBeGreaterThan(0.5);
    expect(res.body.items[0]!.confidence).toBeLessThanOrEqual(1);
  });

  it.each([
    ['路灯不亮了', 'street_light'],
    ['下水道堵了', 'municipal_facility'],
    ['楼上太吵', 'noise'],
    ['有人摔倒了', 'elderly_help'],
    ['共享单车把盲道全堵了', 'parking_occupation'],
    ['路等坏了好几天', 'street_light'],
  ])('understands the colloquial “%s” as %s', async (text, code) => {
    expect((await suggest(text)).body.best.code).toBe(code);
  });

  it('falls back to 其他 for the dispatcher, offering its guesses, when nothing it knows is said', async () => {
    const res = await suggest('嗯嗯，那个，就是这样');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ best: { code: 'other', name: '其他' }, sure: false });
    for (const item of res.body.items) expect(item.confidence).toBeLessThan(suggestionThreshold);
  });

  it.each([
    ['有股煤气味，不知道哪里漏气', 'gas', '119'],
    ['楼下有人打架，还拿着刀', 'violence', '110'],
    ['老人摔倒了头在流血', 'injury', '120'],
  ])('tells the resident to call first when “%s” names an emergency', async (text, kind, call) => {
    expect((await suggest(text)).body.emergency).toMatchObject({ kind, call });
  });

  it('rejects empty text and anonymous callers with a message in words', async () => {
    const empty = await suggest('   ');
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ message: expect.stringContaining('请说一说或写一写') })] } });
    expect((await suggest({ $gt: '' })).status).toBe(400);
    expect((await w.api.call('POST', '/api/v1/categories/suggest', { body: { text: '路灯' } })).status).toBe(401);
  });

  it('learns an admin’s new phrase: the next suggestion after the edit uses it', async () => {
    expect((await suggest('蓝鲸果又来了')).body.best.code).not.toBe('parking_occupation');
    const current = defaultCategories.find((c) => c.code === 'parking_occupation')!;
    const edit = await w.api.call('PUT', '/api/v1/admin/categories/parking_occupation', { token: w.admin.token, body: { keywords: [...current.keywords, '蓝鲸果'] } });
    expect(edit.status).toBe(200);

    expect((await suggest('蓝鲸果又来了')).body.best.code).toBe('parking_occupation');
  });

  it('keeps a category’s phrases when an admin edits something else about it', async () => {
    await w.api.call('PUT', '/api/v1/admin/categories/noise', { token: w.admin.token, body: { signHours: 3 } });

    expect((await suggest('楼上太吵')).body.best.code).toBe('noise');
  });
});

describe('learning from staff', () => {
  it('records a re-categorisation and learns it at the next training', async () => {
    const words = '紫藤喵又跑到路中间了';
    expect((await suggest(words)).body.best.code).not.toBe('greenery');
    const filed = await w.api.submit(token, { description: words, location: centreOf('DS-A1-C1-G1') });
    expect(filed.status).toBe(201);
    const leader = await w.staff('demo-leader-DS');

    const moved = await w.api.act(leader.token, filed.body.id, { action: 'recategorize', categoryCode: 'greenery', subcategoryCode: 'street_tree', note: '居民说的是行道树' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ categoryCode: 'greenery', specialty: 'urban', subcategory: { code: 'street_tree', name: '行道树', standard: { scheme: 'CJ/T 214' } } });
    expect(moved.body.timeline.at(-1)).toMatchObject({ action: 'recategorize', note: expect.stringContaining('类别调整为「园林绿化·行道树」') });
    const trained = await w.api.call<{ corrections: number }>('POST', '/api/v1/admin/categories/suggester/train', { token: w.admin.token });
    expect(trained.body.corrections).toBe(1);

    expect((await suggest(words)).body.best.code).toBe('greenery');
  });

  it('refuses a 小类 that is not the category’s, and changes nothing', async () => {
    const filed = await w.api.submit(token, { categoryCode: 'noise', description: '楼上太吵', location: centreOf('DS-A1-C1-G1') });
    const leader = await w.staff('demo-leader-DS');
    const res = await w.api.act(leader.token, filed.body.id, { action: 'recategorize', categoryCode: 'noise', subcategoryCode: 'street_tree' });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'SUBCATEGORY_UNKNOWN' } });
    expect((await w.api.get(leader.token, filed.body.id)).body).toMatchObject({ categoryCode: 'noise', subcategory: null });
  });
});
