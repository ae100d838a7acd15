import { Types } from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../server/src/modules/demo/seed-demo';
import { Api, type Session } from '../support/api';
import { launchBrowser, snap } from '../support/browser';
import { useTestDb } from '../support/db';
import { eventually } from '../support/eventually';
import { scenarios } from '../support/h5';
import { startTestServer, type TestServer } from '../support/server';
import { centreOf } from '../support/world';

// The console's 管理 section in the demo street: what an administrator (and a grid leader) does there, in the browser.
const db = useTestDb();
let server: TestServer;
let api: Api;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer(db);
  await seedDemo(server.services);
  api = new Api(server.url);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const scenario = scenarios(() => page, 'console admin ');

/** Opens a tab of 管理 signed in as this account (a demo token, as the demo picker gives). */
async function adminTab(who: Session, tab: string): Promise<void> {
  await page.goto(`${server.url}/console/`);
  await page.evaluate((t) => {
    localStorage.clear();
    localStorage.setItem('linli.console.token', t);
  }, who.token);
  await page.goto(`${server.url}/console/#admin/${tab}`);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
}
const admin = () => api.login('demo-admin', 'admin');
/** The row whose first cell is exactly this (other rows may mention it, e.g. as a possible taker). */
const row = (table: string, first: string) =>
  page.getByRole('table', { name: table }).locator('tbody tr').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${first}$`) }) });

describe('the console’s administration section', () => {
  scenario('hands a leaving worker’s reports to a colleague and disables the account in one action', async () => {
    const leaving = await api.login('demo-worker-DS-A1-C1-G3-urban', 'grid_worker');
    const resident = await api.login('admin-e2e-resident', 'resident', { name: '居民' });
    const filed = await api.submit(resident.token, { categoryCode: 'street_light', description: '交接前的路灯', location: centreOf('DS-A1-C1-G3') });
    expect(String((await db.models.Report.findById(filed.body.id).lean())!.assigneeId)).toBe(leaving.user.id);
    const taker = (await db.models.User.findOne({ openid: 'demo-worker-DS-A1-C1-G3-social' }).lean())!;

    await adminTab(await admin(), 'staff');
    const mine = row('工作人员', leaving.user.name!);
    await mine.getByRole('combobox', { name: `${leaving.user.name!}的接手人` }).selectOption(String(taker._id));
    await mine.getByLabel('交接后停用').check();
    await mine.getByRole('button', { name: '工作交接' }).click();

    await page.getByText('已转交 1 件报事，账号已停用').waitFor();
    await row('工作人员', leaving.user.name!).getByText('已停用').waitFor();
    await snap(page, 'console-admin-01-hand-over');
    const report = (await db.models.Report.findById(filed.body.id).lean())!;
    expect(String(report.assigneeId)).toBe(String(taker._id));
    expect(report.timeline.at(-1)).toMatchObject({ action: 'reassign' });
    expect((await api.call('POST', '/api/v1/auth/dev', { body: { openid: 'demo-worker-DS-A1-C1-G3-urban', role: 'grid_worker' } })).status).toBe(403);
  }, 90_000);

  scenario('changes a category’s time limit, the work calendar, and shows the changes in the log with before and after', async () => {
    await adminTab(await admin(), 'categories');
    const light = row('分类与时限', '路灯照明');
    await light.getByLabel('路灯照明办结时限数值').fill('3');
    await light.getByLabel('路灯照明办结时限单位').selectOption('working_days');
    await light.getByRole('button', { name: '保存路灯照明' }).click();
    await page.getByText('已保存“路灯照明”').waitFor();
    const categories = await api.call<{ items: { code: string; resolveLimit: unknown }[] }>('GET', '/api/v1/categories');
    expect(categories.body.items.find((c) => c.code === 'street_light')!.resolveLimit).toEqual({ value: 3, unit: 'working_days' });

    await page.getByRole('link', { name: '工作日历' }).click();
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByLabel('节假日（YYYY-MM-DD，每行一个或逗号分隔）').fill('2027-01-01\n2027-02-10');
    await page.getByRole('button', { name: '保存日历' }).click();
    await page.getByText('工作日历已保存').waitFor();
    expect((await api.call<{ holidays: string[] }>('GET', '/api/v1/admin/work-calendar', { token: (await admin()).token })).body.holidays).toEqual(['2027-01-01', '2027-02-10']);

    await page.getByRole('link', { name: '管理日志' }).click();
    const log = page.getByRole('list', { name: '管理日志' });
    await log.getByText('修改工作日历', { exact: true }).waitFor();
    const categoryEntry = log.getByRole('listitem').filter({ hasText: '修改分类' }).first();
    await categoryEntry.getByText('变更前后').click();
    expect(await categoryEntry.innerText()).toMatch(/"unit": "working_days"/);
    await snap(page, 'console-admin-02-log');
  }, 90_000);

  scenario('issues an API key shown once, shows when it was last used, and revokes it', async () => {
    await adminTab(await admin(), 'api-keys');
    const form = page.getByRole('form', { name: '签发接口密钥' });
    await form.getByLabel('系统名称').fill('区城管平台');
    await form.getByRole('button', { name: '签发密钥' }).click();
    const key = await page.locator('#api-key-issued').innerText();
    expect(key).toMatch(/^o311_/);
    await row('接口密钥', '区城管平台').getByText('从未使用').waitFor();

    expect((await fetch(`${server.url}/open311/v2/requests/000000000000000000000000.json?api_key=${key}`)).status).toBe(404);
    await eventually(async () => (await db.models.ApiKey.findOne({ name: '区城管平台' }).lean())?.lastUsedAt, 'the key’s use recorded');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await row('接口密钥', '区城管平台').innerText()).not.toContain('从未使用');
    expect(await page.locator('#api-key-issued').count()).toBe(0);

    await row('接口密钥', '区城管平台').getByRole('button', { name: '吊销' }).click();
    await page.getByText('已吊销“区城管平台”').waitFor();
    expect(await row('接口密钥', '区城管平台').innerText()).toContain('已吊销');
    expect((await fetch(`${server.url}/open311/v2/requests/000000000000000000000000.json?api_key=${key}`)).status).toBe(403);
  }, 90_000);

  scenario('creates a unit, then changes where it works', async () => {
    await adminTab(await admin(), 'units');
    const create = page.getByRole('form', { name: '新建单位' });
    await create.getByLabel('单位代码').fill('water-e2e');
    await create.getByLabel('名称').fill('自来水抢修队');
    await create.getByLabel('服务范围（网格代码）').fill('DS-A1');
    await create.getByLabel('处理类别（代码，留空为不限）').fill('municipal_facility');
    await create.getByRole('button', { name: '新建单位' }).click();
    await page.getByText('已新建单位“自来水抢修队”').waitFor();

    await row('承办单位', 'water-e2e').getByRole('button', { name: '修改自来水抢修队' }).click();
    const edit = page.getByRole('form', { name: '修改单位 自来水抢修队' });
    await edit.getByLabel('服务范围（网格代码）').fill('DS-A1,DS-A2');
    await edit.getByRole('button', { name: '保存修改' }).click();
    await page.getByText('已保存“自来水抢修队”').waitFor();

    expect(await row('承办单位', 'water-e2e').innerText()).toContain('DS-A1,DS-A2');
    const logged = await db.models.AdminLog.findOne({ action: 'unit.update', subject: 'water-e2e' }).lean();
    expect(logged).toMatchObject({ before: { gridCodes: ['DS-A1'] }, after: { gridCodes: ['DS-A1', 'DS-A2'] } });
  }, 90_000);

  scenario('sends a dead-lettered push again', async () => {
    const resident = await api.login('admin-e2e-dead', 'resident', { name: '居民' });
    const id = `dead-${new Types.ObjectId().toHexString()}`;
    const now = new Date();
    await db.models.Outbox.create({
      _id: id,
      reportId: new Types.ObjectId(),
      userId: new Types.ObjectId(resident.user.id),
      event: 'resolved',
      round: 1,
      at: now,
      status: 'dead',
      attempts: 5,
      nextAttemptAt: now,
      lastError: '43101 user refuse to accept the msg',
      createdAt: now,
    });
    await adminTab(await admin(), 'outbox');
    const entry = page.getByRole('table', { name: '失败通知' }).locator('tbody tr').filter({ hasText: '43101' });
    await entry.getByRole('button', { name: '重发' }).click();
    await page.getByText('已重新排队发送').waitFor();
    expect((await db.models.AdminLog.findOne({ action: 'outbox.retry', subject: id }).lean())!.after).toMatchObject({ status: 'pending', attempts: 0 });
  }, 90_000);

  scenario('shows a grid leader only 人员与邀请, with the workers of their own grids', async () => {
    const leader = await api.login('demo-leader-DS-A1-C1', 'grid_leader');
    await adminTab(leader, 'grids');

    const tabs = await page.getByRole('navigation', { name: '管理功能' }).getByRole('link').allInnerTexts();
    expect(tabs).toEqual(['人员与邀请']);
    const grids = await page.getByRole('table', { name: '工作人员' }).locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(grids.length).toBe(9);
    expect(grids.every((g) => g.startsWith('DS-A1-C1-'))).toBe(true);
    expect(await page.getByRole('form', { name: '邀请工作人员' }).getByLabel('角色').locator('option').allInnerTexts()).toEqual(['网格员']);
  }, 90_000);
});
