import type { Browser, BrowserContext, Page } from 'playwright-core';
import { gcj02ToWgs84 } from '@linli/shared';
import { seedDemo } from '../../server/src/modules/demo/seed-demo';
import { sampleGrids, sampleStaff } from '../../server/src/modules/demo/dingshan-sample';
import { Api } from '../support/api';
import { launchBrowser, phoneContext, snap } from '../support/browser';
import { useTestDb } from '../support/db';
import { eventually } from '../support/eventually';
import { h5, scenarios } from '../support/h5';
import { solidPng } from '../support/png';
import { startTestServer, type TestServer } from '../support/server';
import { centreOf } from '../support/world';

// Each scenario is one grid worker on a phone of their own, in a grid of their own, with the reports it files:
// one failure is one failure.
const db = useTestDb();
let server: TestServer;
let api: Api;
let browser: Browser;
let current: Page | null = null;
const phones: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer(db);
  await seedDemo(server.services);
  api = new Api(server.url);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  for (const p of phones) await p.close();
  await browser?.close();
  await server?.close();
});

const statusOf = async (id: string) => (await db.models.Report.findById(id).lean())!.status;
const gridName = (code: string) => sampleGrids.find((g) => g.code === code)!.name;

/** A report a resident filed in `grid`, through the API. */
async function filed(grid: string, categoryCode: string, description: string, at = centreOf(grid)): Promise<string> {
  const resident = await api.login('demo-resident-wang', 'resident');
  return (await api.submit(resident.token, { categoryCode, description, location: at })).body.id;
}

/** The urban grid worker of `grid`, signed in on the workbench of a phone standing in that grid. */
async function workerPhone(grid: string) {
  const context = await phoneContext(browser, gcj02ToWgs84(centreOf(grid)));
  phones.push(context);
  const page = await context.newPage();
  current = page;
  const ui = h5(() => page, () => server.url);
  await ui.open('/package-work/index/index');
  await ui.text(`${sampleStaff.find((s) => s.openid === `demo-worker-${grid}-urban`)!.name}（网格员）`).click();
  await ui.text('待办', false).first().waitFor();
  return { page, context, ...ui };
}

const scenario = scenarios(() => current!, 'work ');

describe('a grid worker’s workbench', () => {
  scenario('signs in as staff and sees 待办 with counts, nearest deadline first', async () => {
    const grid = 'DS-A1-C1-G1';
    await filed(grid, 'street_light', '3号楼门口路灯不亮');
    await filed(grid, 'sanitation', '垃圾桶满了没人清');
    const { page, text } = await workerPhone(grid);

    await text('待办 2').waitFor();
    await text('处理中 0').waitFor();
    // 环境卫生 must be signed within 8 h, 路灯照明 within 24 h: the nearer deadline comes first.
    const rows = page.locator('.work-row').filter({ visible: true });
    await expect(rows.first().innerText()).resolves.toMatch(/环境卫生[\s\S]*还剩\d小时签收/);
    await expect(rows.nth(1).innerText()).resolves.toMatch(/路灯照明[\s\S]*还剩\d+小时签收/);
    await snap(page, 'work-01-todo');
  });

  scenario('shows the day’s open tasks on a map over the worker’s grid, and opens one from it', async () => {
    const grid = 'DS-A1-C1-G2';
    const centre = centreOf(grid);
    await filed(grid, 'street_light', '任务地图：路灯不亮', centre);
    await filed(grid, 'sanitation', '任务地图：垃圾满溢', { lng: centre.lng + 0.002, lat: centre.lat + 0.002 });
    const { page, text, visible } = await workerPhone(grid);
    await text('今日任务地图（2）').click();

    const map = visible('[data-testid="place-map"]');
    await map.waitFor();
    await expect(map.locator('.place-map__task').count()).resolves.toBe(2);
    await expect(map.locator('path').count()).resolves.toBeGreaterThan(0);
    await snap(page, 'work-01b-task-map');
    await map.locator('.place-map__task').first().click();
    await text('办理进度').waitFor();
    expect(page.url()).toContain('/package-work/detail/index?id=');
  });

  scenario('signs for a report from the list, then resolves it with a reply and a stamped camera photo', async () => {
    const grid = 'DS-A1-C1-G3';
    const id = await filed(grid, 'street_light', '3号楼门口路灯不亮');
    const { page, text, visible } = await workerPhone(grid);
    const row = page.locator('.work-row').filter({ visible: true, hasText: '3号楼门口路灯不亮' });
    await row.locator('.btn', { hasText: '签收' }).click();
    await text('处理中 1').waitFor();
    expect(await statusOf(id)).toBe('accepted');
    await text('处理中 1').click();
    await text('3号楼门口路灯不亮').click();
    await text('办理进度').waitFor();

    await text('办结', true).click();
    await visible('.act__textarea textarea').fill('已更换灯泡，路灯恢复照明');
    await text('确认办结').click();
    await text('「路灯照明」办结时须上传处置后照片').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await text('＋ 拍摄处置后照片').click();
    await (await chooser).setFiles({ name: 'after.png', mimeType: 'image/png', buffer: solidPng() });
    await text('已上传1张').waitFor();
    await text('确认办结').click();

    await text('已办结', true).waitFor();
    const stored = (await db.models.Report.findById(id).lean())!;
    expect(stored).toMatchObject({ status: 'resolved', lastReply: '已更换灯泡，路灯恢复照明' });
    expect(stored.timeline.at(-1)!.photoIds).toHaveLength(1);
    await snap(page, 'work-02-resolved');
  });

  scenario('returns a report that is not theirs, with a reason', async () => {
    const grid = 'DS-A1-C2-G1';
    const id = await filed(grid, 'sanitation', '垃圾桶满了没人清');
    const { page, text, visible, open } = await workerPhone(grid);
    await open(`/package-work/detail/index?id=${id}`);
    await text('退单', true).click();
    await text('确认退单').click();
    await text('请写明退单原因').waitFor();
    await visible('.act__textarea textarea').fill('垃圾清运由物业负责，请转物业');
    await text('确认退单').click();

    await text('已提交', true).waitFor();
    const stored = (await db.models.Report.findById(id).lean())!;
    expect(stored).toMatchObject({ status: 'submitted', assigneeId: null, returns: 1 });
    expect(stored.timeline.at(-1)).toMatchObject({ action: 'return', note: '垃圾清运由物业负责，请转物业' });
    await open('/package-work/index/index');
    await text('待办 0').waitFor();
    await snap(page, 'work-03-after-return');
  });

  scenario('queues an action made offline and replays it once when back online', async () => {
    const grid = 'DS-A1-C2-G2';
    const id = await filed(grid, 'street_light', '离线签收测试');
    const { context, text, open } = await workerPhone(grid);
    await open(`/package-work/detail/index?id=${id}`);
    await text('离线签收测试').waitFor();

    await context.setOffline(true);
    await text('签收', true).click();
    await text('网络不给力，「签收」已暂存，联网后会自动提交').waitFor({ timeout: 20_000 });
    expect(await statusOf(id)).toBe('assigned');
    await context.setOffline(false);
    await open('/package-work/index/index');

    await text('已补交1个离线操作').waitFor();
    expect(await statusOf(id)).toBe('accepted');
    expect((await db.models.Report.findById(id).lean())!.timeline.filter((t) => t.action === 'accept')).toHaveLength(1);
  }, 90_000);

  scenario('files a report for a resident who phoned, recorded as 电话', async () => {
    const grid = 'DS-A1-C2-G3';
    const { page, text, open } = await workerPhone(grid);
    await open('/package-work/file/index');
    await page.getByRole('textbox', { name: '居民称呼' }).filter({ visible: true }).fill('赵大爷');
    await page.getByRole('textbox', { name: '问题描述' }).filter({ visible: true }).fill('单元门口的路灯坏了好几天');
    await text(gridName(grid), true).click();
    await text('登记报事').click();

    await text('代为登记（电话）').waitFor();
    const filedByPhone = await db.models.Report.findOne({ description: '单元门口的路灯坏了好几天' }).lean();
    expect(filedByPhone).toMatchObject({ channel: 'phone', gridCode: grid, categoryCode: 'street_light' });
  });

  scenario('files a call about another grid and says it was handed to that grid instead of loading forever', async () => {
    const { page, text, open } = await workerPhone('DS-A1-C2-G3');
    const elsewhere = 'DS-A2-C2-G1';
    await open('/package-work/file/index');
    await page.getByRole('textbox', { name: '居民称呼' }).filter({ visible: true }).fill('钱阿姨');
    await page.getByRole('textbox', { name: '问题描述' }).filter({ visible: true }).fill('别的网格的井盖松了');
    await text(gridName(elsewhere), true).click();
    await text('登记报事').click();

    const filedThere = await eventually(() => db.models.Report.findOne({ description: '别的网格的井盖松了' }).lean(), 'the call filed');
    expect(filedThere.gridCode).toBe(elsewhere);
    await text(`已登记，编号 ${filedThere.no}。这件报事已交给所在网格办理`).waitFor();
  });

  scenario('shows the grids it looks after, and puts the nearest report first when asked', async () => {
    const grid = 'DS-A2-C1-G1';
    const near = centreOf(grid);
    await filed(grid, 'parking_occupation', '远一点的违停', { lng: near.lng + 0.003, lat: near.lat + 0.002 });
    await filed(grid, 'parking_occupation', '就在旁边的违停', near);
    const { page, text } = await workerPhone(grid);
    await text(gridName(grid), true).waitFor();

    await text('离我最近的排前面').click();
    await text('按紧急程度排序').waitFor();
    const rows = page.locator('.work-row').filter({ visible: true });
    await expect(rows.first().innerText()).resolves.toMatch(/就在旁边的违停[\s\S]*就在附近/);
    await snap(page, 'work-04-nearest-first');
  });
});
