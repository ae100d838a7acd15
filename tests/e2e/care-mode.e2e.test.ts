import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { gcj02ToWgs84 } from '@linli/shared';
import { seedDemo } from '../../server/src/modules/demo/seed-demo';
import { outboxWorker, type OutboxWorker } from '../../server/src/jobs/outbox-worker';
import { Api } from '../support/api';
import { eventuallyExpect } from '../support/eventually';
import { wavBytes } from '../support/media-samples';
import { launchBrowser, phoneContext, snap } from '../support/browser';
import { auditCareMode, auditTable, axeAudit, type Audit } from '../support/care-audit';
import { useTestDb } from '../support/db';
import { h5, scenarios } from '../support/h5';
import { startTestServer, type TestServer } from '../support/server';
import { centreOf } from '../support/world';

const db = useTestDb();
let server: TestServer;
let api: Api;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let deliveries: OutboxWorker;

const GRID = 'DS-A1-C1-G1';
const here = gcj02ToWgs84(centreOf(GRID));
const audits: Audit[] = [];

/** The browser's speech engine is the one part replaced: the test hears what 朗读 was asked to say. */
async function newPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const c = await phoneContext(browser, here);
  await c.addInitScript(() => {
    const w = window as unknown as { __spoken: string[] };
    w.__spoken = [];
    if ('speechSynthesis' in window) window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void w.__spoken.push(u.text);
    // Keeps every audio blob the app records, to compare with what the worker downloads.
    const recorded: Blob[] = [];
    (window as unknown as { __recorded: Blob[] }).__recorded = recorded;
    const createObjectURL = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (o: Blob | MediaSource) => {
      if (o instanceof Blob && o.type.startsWith('audio/')) recorded.push(o);
      return createObjectURL(o);
    };
  });
  const p = await c.newPage();
  return { context: c, page: p };
}

beforeAll(async () => {
  server = await startTestServer(db);
  await seedDemo(server.services);
  // Status changes reach 消息通知 through the real outbox, so that page is measured with messages on it.
  deliveries = outboxWorker(server.services.deliverDeps, { pollMs: 100, maxAttempts: 3, baseDelayMs: 50 });
  deliveries.start();
  api = new Api(server.url);
  browser = await launchBrowser();
  ({ context, page } = await newPhone());
  // Every scenario starts from 张阿姨 signed in on this phone with 关怀模式 on; each arranges its own reports.
  await setCareMode(true);
  await open('/pages/index/index');
  await text('张阿姨').click();
  await visible('.page--care').waitFor();
}, 60_000);
afterAll(async () => {
  if (audits.length) console.log(`关怀模式 measured on ${audits.length} pages (CSS px at 390×844):\n${auditTable(audits)}`);
  deliveries?.stop();
  await context?.close();
  await browser?.close();
  await server?.close();
});

const { text, visible, open } = h5(() => page, () => server.url);
const spoken = () => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);


/** What the resident does, counted: a tap, or one press-and-hold. */
let taps = 0;
async function tap(target: Locator) {
  taps += 1;
  await target.click();
}
/** Holds the talk button until the recorder's clock shows `seconds`, then lets go: the finger waits for the app. */
async function pressAndHold(target: Locator, seconds: number) {
  taps += 1;
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.getByText(new RegExp(`^0:0${seconds}\\b`)).filter({ visible: true }).first().waitFor();
  await page.mouse.up();
}

async function audit(name: string) {
  const a = await auditCareMode(page, name);
  audits.push(a);
  return a;
}

const scenario = scenarios(() => page, 'care ');

const zhang = () => db.models.User.findOne({ openid: 'demo-resident-zhang' }).lean();

/** 关怀模式 on or off on 张阿姨's profile, as the switch would set it; the page follows on its next load. */
async function setCareMode(on: boolean) {
  const me = await api.login('demo-resident-zhang', 'resident');
  expect((await api.call('PATCH', '/api/v1/me', { token: me.token, body: { careMode: on } })).status).toBe(200);
}

/** A report 张阿姨 made by voice alone, filed through the API; resolved by the grid's worker when asked. */
async function voiceReport({ resolved = false } = {}): Promise<string> {
  const me = await api.login('demo-resident-zhang', 'resident');
  const clip = await api.upload(me.token, wavBytes(1500), 'voice.wav');
  const id = (await api.submit(me.token, { voiceIds: [clip.body.id], location: centreOf(GRID) })).body.id as string;
  if (resolved) {
    const worker = await api.login(`demo-worker-${GRID}-social`, 'grid_worker', { gridCodes: [GRID], specialty: 'social' });
    await api.act(worker.token, id, { action: 'accept' });
    await api.act(worker.token, id, { action: 'resolve', note: '已上门查看，帮助老人联系了物业' });
  }
  return id;
}

describe('an elderly resident in 关怀模式', () => {
  scenario('finds 关怀模式（长辈版） on the home page; one tap changes every page and is saved on the server', async () => {
    // A phone of its own, for a resident still in the standard mode.
    const phone = await newPhone();
    const li = () => db.models.User.findOne({ openid: 'demo-resident-li' }).lean();
    try {
      await phone.page.goto(`${server.url}/#/pages/index/index`);
      await phone.page.getByText('李先生').filter({ visible: true }).last().click();
      await phone.page.locator('.home__report').filter({ visible: true }).waitFor();

      await phone.page.getByText('关怀模式（长辈版）').filter({ visible: true }).last().click();

      await phone.page.locator('.hold__button').filter({ visible: true }).waitFor();
      await phone.page.getByText('按住说话 报事').filter({ visible: true }).last().waitFor();
      // Saved on the server, not only on the phone: the PATCH may still be on its way when the page has changed.
      await eventuallyExpect(async () => expect(await li()).toMatchObject({ careMode: true }), '关怀模式 saved on the profile');
      await phone.page.goto(`${server.url}/#/pages/me/index`);
      await phone.page.reload();
      await phone.page.locator('.page--care').filter({ visible: true }).waitFor();
      await snap(phone.page, 'care-01-home');
    } finally {
      await phone.context.close();
    }
  });

  scenario('reports a problem by voice in at most 3 taps; it arrives with the recording, in the right grid', async () => {
    await open('/pages/index/index');
    await visible('.hold__button').waitFor();
    taps = 0;

    await pressAndHold(visible('.hold__button'), 2);
    await text('请确认，然后点“确认提交”').waitFor();
    await text('✓ 录音已保存').waitFor({ timeout: 15_000 });
    await text('吉庆社区第一网格（已自动定位）').waitFor({ timeout: 15_000 });
    await snap(page, 'care-02-voice-confirm');
    await audit('确认报事 (voice)');
    await tap(text('确认提交', true));
    await text('✓ 报事已提交').waitFor();
    await snap(page, 'care-03-done');

    expect(taps).toBeLessThanOrEqual(3);
    const user = await zhang();
    const report = (await db.models.Report.findOne({ residentId: user!._id }).sort({ createdAt: -1 }).lean())!;
    expect(report).toMatchObject({ gridCode: GRID, status: 'assigned', categoryCode: 'other', categorySource: 'suggested', photoIds: [] });
    expect(report.voiceIds).toHaveLength(1);
    const meta = await server.services.media.meta(report.voiceIds[0]!);
    expect(meta).toMatchObject({ kind: 'audio', mime: 'audio/webm' });
    // The worker of that grid downloads exactly the bytes the phone recorded and uploaded.
    const worker = await api.login(`demo-worker-${GRID}-social`, 'grid_worker', { gridCodes: [GRID], specialty: 'social' });
    const res = await fetch(`${server.url}/api/v1/media/${report.voiceIds[0]}`, { headers: { authorization: `Bearer ${worker.token}` } });
    expect(res.status).toBe(200);
    const audio = Buffer.from(await res.arrayBuffer());
    expect(audio.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    expect(audio.length).toBeGreaterThan(2_000);
    const recorded = await page.evaluate(async () => {
      const blobs = (window as unknown as { __recorded: Blob[] }).__recorded;
      return Promise.all(blobs.map(async (b) => Array.from(new Uint8Array(await b.arrayBuffer()))));
    });
    expect(audio.equals(Buffer.from(recorded.at(-1)!))).toBe(true);
  });

  scenario('hears the report read back on the confirmation page', async () => {
    const id = await voiceReport();
    await open(`/package-report/done/index?id=${id}`);
    await text('录音：').waitFor();
    await expect(visible('.done').innerText()).resolves.toContain('1段，已保存');

    await text('🔊 朗读').click();

    await text('正在朗读…').waitFor();
    const [said] = await spoken();
    expect(said).toContain('您的报事已提交。');
    expect(said).toContain('位置：吉庆社区第一网格');
    await audit('报事已提交 (done)');
  });

  scenario('has the progress of a report read aloud on its detail page', async () => {
    const id = await voiceReport();
    await open(`/package-report/detail/index?id=${id}`);
    await text('▶ 第1段录音').waitFor();

    await text('🔊 朗读办理进度').click();

    await text('正在朗读…').waitFor();
    expect((await spoken()).at(-1)).toMatch(/^您刚刚报的问题，已派给网格员，等待签收。/);
    await audit('详情 (detail)');
  });

  scenario('keeps 关怀模式 after a reload, and on a new phone once signed in', async () => {
    await open('/pages/me/index');
    await visible('.page--care').waitFor();
    await page.reload();
    await visible('.page--care').waitFor();

    const phone = await newPhone();
    try {
      await phone.page.goto(`${server.url}/#/pages/index/index`);
      await phone.page.getByText('张阿姨').filter({ visible: true }).last().click();
      await phone.page.locator('.hold__button').filter({ visible: true }).waitFor();
    } finally {
      await phone.context.close();
    }
  });

  scenario(
    'meets the 适老化 numbers on every page: text ≥ 18, main functions ≥ 30, spacing ≥ 1.3, contrast ≥ 4.5, targets ≥ 60 (44)',
    async () => {
      await setCareMode(true);
      const reportId = await voiceReport({ resolved: true });
      const pages: [string, string][] = [
        ['首页 (home)', '/pages/index/index'],
        ['我的报事 (reports)', '/pages/reports/index'],
        ['我的 (me)', '/pages/me/index'],
        ['报事 (new)', '/package-report/new/index'],
        ['详情 resolved', `/package-report/detail/index?id=${reportId}`],
        ['评价 (rate)', `/package-report/rate/index?id=${reportId}`],
        ['消息通知', '/package-report/notifications/index'],
      ];
      for (const [name, route] of pages) {
        await open(route);
        await visible('.page--care').waitFor();
        await page.waitForLoadState('networkidle');
        await snap(page, `care-page ${name}`);
        await audit(name);
      }

      const misses = audits.flatMap((a) => a.misses.map((m) => `${a.page}: ${m}`));
      expect(misses).toEqual([]);
      expect(audits.length).toBeGreaterThanOrEqual(pages.length);
    },
    120_000,
  );
});

describe('accessibility checked by axe-core', () => {
  const routes = (id: string) => [
    '/pages/index/index',
    '/pages/reports/index',
    '/pages/me/index',
    '/package-report/new/index',
    `/package-report/detail/index?id=${id}`,
    `/package-report/rate/index?id=${id}`,
    '/package-report/notifications/index',
    `/package-report/done/index?id=${id}`,
    '/package-report/voice/index',
  ];

  /** Every page in one mode: each opened fresh and audited once the profile has put it in that mode. */
  async function sweep(mode: 'care' | 'standard') {
    const id = await voiceReport({ resolved: true });
    const found: string[] = [];
    for (const route of routes(id)) {
      await open(route);
      await visible(mode === 'care' ? '.page.page--care' : '.page:not(.page--care)').waitFor();
      await page.waitForLoadState('networkidle');
      for (const v of await axeAudit(page)) found.push(`${mode} ${route}: [${v.impact}] ${v.id} — ${v.help} — ${v.nodes.join(', ')}`);
    }
    return found;
  }

  scenario('finds no serious or critical violation on any page in 关怀模式', async () => {
    await setCareMode(true);
    expect(await sweep('care')).toEqual([]);
  }, 120_000);

  scenario('finds no serious or critical violation on any page in the standard mode', async () => {
    await setCareMode(false);
    try {
      expect(await sweep('standard')).toEqual([]);
    } finally {
      await setCareMode(true);
    }
  }, 120_000);
});
