import type { Browser, BrowserContext, Page } from 'playwright-core';
import { gcj02ToWgs84 } from '@linli/shared';
import { seedDemo } from '../../server/src/modules/demo/seed-demo';
import { outboxWorker, type OutboxWorker } from '../../server/src/jobs/outbox-worker';
import { Api } from '../support/api';
import { launchBrowser, phoneContext, snap } from '../support/browser';
import { useTestDb } from '../support/db';
import { eventually, eventuallyExpect } from '../support/eventually';
import { h5, scenarios, watchLivePolls } from '../support/h5';
import { solidPng } from '../support/png';
import { startTestServer, type TestServer } from '../support/server';
import { centreOf } from '../support/world';

const db = useTestDb();
let server: TestServer;
let api: Api;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let deliveries: OutboxWorker;

// The browser reports GPS (WGS-84); the grids are drawn in GCJ-02.
const here = gcj02ToWgs84(centreOf('DS-A1-C1-G1'));

beforeAll(async () => {
  server = await startTestServer(db);
  await seedDemo(server.services);
  // Status updates reach the in-app notification centre through the real outbox worker.
  deliveries = outboxWorker(server.services.deliverDeps, { pollMs: 100, maxAttempts: 3, baseDelayMs: 50 });
  deliveries.start();
  api = new Api(server.url);
  browser = await launchBrowser();
  context = await phoneContext(browser, here);
  page = await context.newPage();
  // Every scenario starts from 张阿姨 signed in on this phone; each arranges its own reports.
  await open('/pages/index/index');
  await text('张阿姨').click();
  await visible('.home__report').waitFor();
}, 60_000);
afterAll(async () => {
  deliveries?.stop();
  await browser?.close();
  await server?.close();
});

const { text, visible, open, openNewReport } = h5(() => page, () => server.url);


const reportsOf = async (openid: string) => {
  const user = await db.models.User.findOne({ openid });
  return db.models.Report.countDocuments({ residentId: user!._id });
};

/** An empty new-report form (a draft another scenario left is thrown away). */
async function startNewReport() {
  await openNewReport();
  await text('违停占道').waitFor();
}

/** A report of 张阿姨's filed through the API, optionally signed and resolved by the grid's worker. */
async function zhangsReport(description: string, { resolvedWith }: { resolvedWith?: string } = {}): Promise<string> {
  const me = await api.login('demo-resident-zhang', 'resident');
  const id = (await api.submit(me.token, { categoryCode: 'parking_occupation', description, location: centreOf('DS-A1-C1-G1') })).body.id as string;
  if (resolvedWith) {
    const worker = await api.login('demo-worker-DS-A1-C1-G1-urban', 'grid_worker', { gridCodes: ['DS-A1-C1-G1'], specialty: 'urban' });
    expect((await api.act(worker.token, id, { action: 'accept' })).status).toBe(200);
    expect((await api.act(worker.token, id, { action: 'resolve', note: resolvedWith })).status).toBe(200);
  }
  return id;
}

async function fillNewReport(description: string, withPhoto: boolean) {
  await startNewReport();
  await text('违停占道').click();
  await visible('textarea').fill(description);
  if (withPhoto) {
    const chooser = page.waitForEvent('filechooser');
    await text('＋ 添加照片').click();
    await (await chooser).setFiles({ name: 'street.png', mimeType: 'image/png', buffer: solidPng() });
    await visible('.photos__item').waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes('上传中'));
  }
  await text('所在网格：吉庆社区第一网格', true).waitFor();
}

const scenario = scenarios(() => page, '');

describe('a resident in the H5 app', () => {
  scenario('logs in with the demo picker and sees their grid on the home page', async () => {
    // A phone nobody has signed in on yet.
    const fresh = await (await phoneContext(browser, here)).newPage();
    try {
      await fresh.goto(`${server.url}/#/pages/index/index`);
      await fresh.getByText('张阿姨').filter({ visible: true }).last().click();

      await fresh.locator('.home__report').filter({ visible: true }).waitFor();
      await fresh.getByText('吉庆社区第一网格', { exact: true }).filter({ visible: true }).last().waitFor();
      await snap(fresh, '01-home');
    } finally {
      await fresh.context().close();
    }
  }, 60_000);


  scenario('submits a report with a photo and sees it 已派单 to the right grid', async () => {
    await fillNewReport('小区门口有车辆长期占用消防通道', true);
    await snap(page, '02-new-report');

    await text('提交报事').click();

    await text('报事已提交').waitFor();
    await text('已派单').waitFor();
    await text('顶山街道 / 顶山西片区 / 吉庆社区 / 吉庆社区第一网格').waitFor();
    const reportId = /id=([0-9a-f]{24})/.exec(page.url())![1]!;
    const stored = await db.models.Report.findById(reportId).lean();
    expect(stored).toMatchObject({ status: 'assigned', gridCode: 'DS-A1-C1-G1', categoryCode: 'parking_occupation' });
    expect(stored!.photoIds).toHaveLength(1);
    await snap(page, '03-detail-assigned');
  }, 60_000);

  scenario('lists a new report under 我的报事 as 已派单', async () => {
    await zhangsReport('我的报事列表测试：门口车辆占道');
    await open('/pages/reports/index');

    await text('我的报事列表测试：门口车辆占道').waitFor();
    await expect(page.locator('.report-row', { hasText: '我的报事列表测试' }).filter({ visible: true }).first().innerText()).resolves.toContain('已派单');
    await snap(page, '04-my-reports');
  }, 60_000);

  scenario('sees the worker’s resolution and reply, rates it 2 stars, and sees it reopened and escalated', async () => {
    const reportId = await zhangsReport('小区门口有车辆长期占用消防通道', { resolvedWith: '已联系车主将车辆挪走，通道已畅通' });

    await open(`/package-report/detail/index?id=${reportId}`);
    await text('已联系车主将车辆挪走，通道已畅通').waitFor();
    await expect(visible('.detail__head').innerText()).resolves.toContain('已办结');
    await snap(page, '05-detail-resolved');
    await text('去评价').click();
    await text('不满意', true).click();
    await text('提交后将重新办理（重办），并升级至区级督办').waitFor();
    await snap(page, '06-rate');
    await text('提交评价').click();

    await text('重办中：第2轮办理，区级督办').waitFor();
    await expect(visible('.detail__head').innerText()).resolves.toContain('已派单');
    expect(await db.models.Report.findById(reportId).lean()).toMatchObject({ status: 'assigned', round: 2, escalationLevel: 1 });
    await snap(page, '07-detail-reopened');
  }, 60_000);

  scenario(
    'is told in words what is missing when submitting an empty form, and nothing is created',
    async () => {
      const before = await reportsOf('demo-resident-zhang');
      await startNewReport();

      await text('提交报事').click();

      await visible('.error').waitFor();
      const errors = await page.locator('.error').filter({ visible: true }).allInnerTexts();
      expect(errors).toEqual(expect.arrayContaining(['请选择问题类别', '请简单描述一下问题']));
      await snap(page, '05b-form-errors');
      expect(await reportsOf('demo-resident-zhang')).toBe(before);
    },
    60_000,
  );

  scenario('makes one report from a double-tapped submit', async () => {
    const before = await reportsOf('demo-resident-zhang');
    await fillNewReport('双击提交测试：路边违停', false);
    const posts = { sent: 0, answered: 0 };
    const isSubmit = (r: { url(): string; method(): string }) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/reports';
    const onRequest = (r: Parameters<typeof isSubmit>[0]) => void (isSubmit(r) && posts.sent++);
    const onAnswer = (r: Parameters<typeof isSubmit>[0]) => void (isSubmit(r) && posts.answered++);
    page.on('request', onRequest);
    page.on('requestfinished', onAnswer);

    // Two taps in the same instant, before the first request can answer.
    await visible('.submit').evaluate((el) => {
      (el as HTMLElement).click();
      (el as HTMLElement).click();
    });
    await text('报事已提交').waitFor();
    // Quiescent: every submission the page sent has been answered, so a second report would exist by now.
    await eventually(() => posts.sent === posts.answered, 'every submission the page sent to be answered');
    page.off('request', onRequest);
    page.off('requestfinished', onAnswer);

    expect(posts.sent).toBe(1);
    expect(await reportsOf('demo-resident-zhang')).toBe(before + 1);
  }, 60_000);

  scenario('keeps the draft when submitting offline, and offers it back', async () => {
    const before = await reportsOf('demo-resident-zhang');
    await fillNewReport('离线草稿：楼下通道被堵', false);

    await context.setOffline(true);
    await text('提交报事').click();
    await text('草稿已保存').waitFor({ timeout: 20_000 });
    await text('不会重复提交').waitFor();
    await snap(page, '08-offline');
    await context.setOffline(false);
    await open('/package-report/new/index');
    await text('继续上次的报事？').waitFor();
    await text('继续编辑').click();

    await expect(visible('textarea').inputValue()).resolves.toBe('离线草稿：楼下通道被堵');
    expect(await reportsOf('demo-resident-zhang')).toBe(before);
    await snap(page, '09-draft-restored');
  }, 90_000);

  scenario(
    'sees 已办结 appear on the open detail page without a reload when the worker resolves it',
    async () => {
      await fillNewReport('实时更新测试：楼道堆放杂物', false);
      const polls = watchLivePolls(page);
      await text('提交报事').click();
      await text('报事已提交').waitFor();
      const id = /id=([0-9a-f]{24})/.exec(page.url())![1]!;
      const worker = await api.login('demo-worker-DS-A1-C1-G1-urban', 'grid_worker', { gridCodes: ['DS-A1-C1-G1'], specialty: 'urban' });
      await eventually(() => polls.open() > 0, 'the detail page to be long-polling for changes');
      polls.stop();
      let reloads = 0;
      const onLoad = () => reloads++;
      page.on('load', onLoad);

      await api.act(worker.token, id, { action: 'accept' });
      await api.act(worker.token, id, { action: 'resolve', note: '杂物已清理，楼道已畅通' });

      await text('杂物已清理，楼道已畅通').waitFor({ timeout: 15_000 });
      await expect(visible('.detail__head').innerText()).resolves.toContain('已办结');
      page.off('load', onLoad);
      expect(reloads).toBe(0);
      await snap(page, '10-live-resolved');
    },
    60_000,
  );

  scenario(
    'finds the status updates in 消息通知, which marks them read',
    async () => {
      const id = await zhangsReport('消息通知测试：门口违停', { resolvedWith: '已劝离' });
      // The outbox worker writes the in-app message; the page is opened once it exists.
      await eventually(() => db.models.Notification.exists({ reportId: id, event: 'resolved' }), 'the 已办结 message to be written');
      await open('/pages/me/index');
      await text('条未读').waitFor({ timeout: 10_000 });

      await text('消息通知', true).click();
      await text('违停占道：已办结').first().waitFor();
      await snap(page, '11-notifications');
      await open('/pages/me/index');

      await text('没有未读消息').waitFor({ timeout: 10_000 });
    },
    60_000,
  );

  scenario(
    'turns on 关怀模式 in 我的, which enlarges every page and is kept on the server profile',
    async () => {
      await open('/pages/me/index');
      await text('隐私政策').waitFor();
      await snap(page, '12-me');
      const before = await visible('.page').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

      await visible('.setting taro-switch-core').click();
      await visible('.page--care').waitFor();
      const after = await visible('.page').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      await open('/pages/index/index');
      await visible('.page--care').waitFor();
      await snap(page, '13-home-care-mode');

      expect(after).toBeGreaterThan(before);
      await eventuallyExpect(
        async () => expect(await db.models.User.findOne({ openid: 'demo-resident-zhang' }).lean()).toMatchObject({ careMode: true }),
        '关怀模式 saved on the profile',
      );
      // Back to the standard mode the other scenarios start from.
      const me = await api.login('demo-resident-zhang', 'resident');
      await api.call('PATCH', '/api/v1/me', { token: me.token, body: { careMode: false } });
    },
    60_000,
  );
  scenario(
    'is offered a nearby report of the same problem and joins it with 我也遇到了 instead of filing again',
    async () => {
      const neighbour = await api.login('demo-resident-li', 'resident');
      const theirs = await api.submit(neighbour.token, { categoryCode: 'noise', description: '楼下广场舞音响太响', location: centreOf('DS-A1-C1-G1') });
      const before = await reportsOf('demo-resident-zhang');
      await startNewReport();

      await text('噪音扰民').click();
      await text('附近已有人反映了同类问题').waitFor();
      // Only the category, a distance band and a count: never the neighbour's words.
      await text('1位居民反映', false).waitFor();
      expect(await text('楼下广场舞音响太响', false).count()).toBe(0);
      await text('我也遇到了', true).click();

      await text('又有居民反映了同一问题（共2位居民）').waitFor();
      await text('您也反映了这个问题').waitFor();
      expect(await reportsOf('demo-resident-zhang')).toBe(before);
      const stored = await db.models.Report.findById(theirs.body.id).lean();
      expect(stored!.followerIds!.map(String)).toContain(String((await db.models.User.findOne({ openid: 'demo-resident-zhang' }).lean())!._id));
      await snap(page, '14-joined');
    },
    60_000,
  );
});
