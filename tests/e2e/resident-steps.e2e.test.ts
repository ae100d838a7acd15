import type { Browser, BrowserContext, Page } from 'playwright-core';
import { distanceMetres, gcj02ToWgs84 } from '@linli/shared';
import { seedDemo } from '../../server/src/modules/demo/seed-demo';
import { Api } from '../support/api';
import { launchBrowser, phoneContext, snap } from '../support/browser';
import { useTestDb } from '../support/db';
import { h5, scenarios } from '../support/h5';
import { startTestServer, type TestServer } from '../support/server';
import { centreOf } from '../support/world';

// 催办, 补充说明, 撤回 and 去评价 in the H5 app: each scenario arranges its own report.
const db = useTestDb();
let server: TestServer;
let api: Api;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const here = gcj02ToWgs84(centreOf('DS-A1-C1-G1'));

beforeAll(async () => {
  server = await startTestServer(db);
  await seedDemo(server.services);
  api = new Api(server.url);
  browser = await launchBrowser();
  context = await phoneContext(browser, here);
  page = await context.newPage();
  await open('/pages/index/index');
  await text('李先生').click();
  await page.locator('.home__report').filter({ visible: true }).waitFor();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const { text, visible, open, openNewReport } = h5(() => page, () => server.url);
const scenario = scenarios(() => page, '');

/** A report by 李先生 (the signed-in resident), filed through the API. */
async function filed(description: string): Promise<string> {
  const li = await api.login('demo-resident-li', 'resident', { name: '李先生' });
  const res = await api.submit(li.token, { categoryCode: 'parking_occupation', description, location: centreOf('DS-A1-C1-G1') });
  return res.body.id;
}
const worker = () => api.login('demo-worker-DS-A1-C1-G1-urban', 'grid_worker', { gridCodes: ['DS-A1-C1-G1'], specialty: 'urban' });

describe('a resident’s own steps on a report', () => {
  scenario('withdraws a report nobody has signed yet, after confirming', async () => {
    const id = await filed('门口的车已经开走了，撤回测试');
    await open(`/package-report/detail/index?id=${id}`);
    await text('我还可以').waitFor();
    await snap(page, 'steps-01-open');

    await text('撤回（还没有人签收）').click();
    await text('撤回这条报事？').waitFor();
    await text('撤回', true).click();

    await text('居民撤回', true).waitFor();
    expect(await db.models.Report.findById(id).lean()).toMatchObject({ status: 'closed', withdrawnAt: expect.any(Date) });
  });

  scenario('adds a supplement the worker reads on the timeline', async () => {
    const id = await filed('车停在消防通道上，补充说明测试');
    await open(`/package-report/detail/index?id=${id}`);
    await text('补充说明', true).click();
    await page.locator('.reporter-steps textarea').filter({ visible: true }).fill('车牌苏A12345，每晚八点后停在这里');
    await text('发送补充说明').click();

    await text('车牌苏A12345，每晚八点后停在这里').waitFor();
    const seen = (await api.get((await worker()).token, id)).body.timeline.at(-1);
    expect(seen).toMatchObject({ action: 'supplement', note: '车牌苏A12345，每晚八点后停在这里' });
    await snap(page, 'steps-02-supplement');
  });

  scenario('urges a report past its deadline, once a day', async () => {
    const id = await filed('车一直没人管，催办测试');
    await db.models.Report.updateOne({ _id: id }, { $set: { signBy: new Date(Date.now() - 3_600_000), resolveBy: new Date(Date.now() - 60_000) } });
    await open(`/package-report/detail/index?id=${id}`);
    await text('催办（已超过办理时限）').click();

    await text('居民催办', true).waitFor();
    await text('今天已催办，明天可以再催').waitFor();
    expect(await db.models.Report.findById(id).lean()).toMatchObject({ urges: 1 });
    await snap(page, 'steps-03-urged');
  });

  scenario('is asked to rate from the home page once the work is done, with one tap to the rating', async () => {
    const id = await filed('消防通道被占，评价入口测试');
    const w = await worker();
    await api.act(w.token, id, { action: 'accept' });
    await api.act(w.token, id, { action: 'resolve', note: '已联系车主挪车' });
    await open('/pages/index/index');

    await page.locator('.report-row', { hasText: '评价入口测试' }).filter({ visible: true }).locator('.report-row__rate').click();
    await text('提交评价').waitFor();
    expect(page.url()).toContain(`/package-report/rate/index?id=${id}`);
    await snap(page, 'steps-04-rate-from-home');
  });

  scenario('sees the tags chosen with the rating on the report', async () => {
    const id = await filed('消防通道被占，评价标签测试');
    const w = await worker();
    await api.act(w.token, id, { action: 'accept' });
    await api.act(w.token, id, { action: 'resolve', note: '已挪车' });
    const li = await api.login('demo-resident-li', 'resident', { name: '李先生' });
    expect((await api.rate(li.token, id, { score: 4, tags: ['处理及时', '态度好'], comment: '谢谢' })).status).toBe(200);
    await open(`/package-report/detail/index?id=${id}`);

    await text('我的评价').waitFor();
    await text('处理及时', true).waitFor();
    await text('态度好', true).waitFor();
    expect((await api.get(w.token, id)).body.ratings[0]).toMatchObject({ score: 4, tags: ['处理及时', '态度好'] });
    await snap(page, 'steps-05-rating-tags');
  });

  scenario('is told before submitting that a place outside the street is not served, with 12345 to call', async () => {
    await context.setGeolocation({ latitude: 39.9042, longitude: 116.4074 });
    try {
      await openNewReport();
      await text('这个位置不在本平台服务的街道范围内', false).waitFor();
      await text('拨打 12345').waitFor();
      await snap(page, 'steps-06-outside');
    } finally {
      await context.setGeolocation({ latitude: here.lat, longitude: here.lng });
    }
  });

  scenario('sees the place on a map before submitting, moves the pin with a tap and adds an address line', async () => {
    await openNewReport();
    const map = visible('[data-testid="place-map"]');
    await map.waitFor();
    await map.locator('path').first().waitFor();
    const pinBefore = await visible('[data-testid="place-map-pin"]').getAttribute('transform');
    await snap(page, 'steps-09-pin');

    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.25);
    await expect(visible('[data-testid="place-map-pin"]').getAttribute('transform')).resolves.not.toBe(pinBefore);
    await page.getByLabel('详细地址').filter({ visible: true }).fill('5号楼东侧消防通道');
    await text('违停占道').click();
    await page.locator('textarea').filter({ visible: true }).first().fill('消防通道又被占了，地图选点测试');
    await snap(page, 'steps-10-pin-moved');
    await text('提交报事').click();
    await text('办理进度').waitFor();

    const li = await db.models.User.findOne({ openid: 'demo-resident-li' }).lean();
    const stored = (await db.models.Report.findOne({ residentId: li!._id, description: '消防通道又被占了，地图选点测试' }).lean())!;
    const gps = centreOf('DS-A1-C1-G1');
    const at = { lng: stored.location!.lng!, lat: stored.location!.lat! };
    // Tapped up and to the right of the pin, on a map framed on the resident's grid: that way, and near the grid.
    expect(distanceMetres(gps, at)).toBeGreaterThan(30);
    expect(at.lng).toBeGreaterThan(gps.lng);
    expect(at.lat).toBeGreaterThan(gps.lat);
    const grid = (await db.models.Grid.findOne({ code: 'DS-A1-C1-G1' }).lean())!;
    const margin = grid.bbox!.maxLng! - grid.bbox!.minLng!;
    expect(at.lng).toBeLessThan(grid.bbox!.maxLng! + margin);
    expect(at.lat).toBeLessThan(grid.bbox!.maxLat! + margin);
    expect(stored.location!.address).toBe('5号楼东侧消防通道');
  });

  scenario('files for an elderly father (亲友代办) with a call-back number staff see masked', async () => {
    await openNewReport();
    await text('老人求助').click();
    await page.locator('textarea').filter({ visible: true }).first().fill('我父亲一个人住，这两天联系不上，请社区上门看看');
    await page.getByLabel('回电号码').filter({ visible: true }).fill('13912345678');
    await page.getByLabel('替家人报事').filter({ visible: true }).click();
    await page.getByLabel('家人的称呼').filter({ visible: true }).fill('王大爷');
    await text('父母', true).click();
    await text('所在网格：吉庆社区第一网格', true).waitFor();
    await snap(page, 'steps-07-on-behalf');
    await text('提交报事').click();

    await text('报事已提交').waitFor();
    await text('王大爷（父母）').waitFor();
    const id = /id=([0-9a-f]{24})/.exec(page.url())![1]!;
    const seen = (await api.get((await api.login('demo-worker-DS-A1-C1-G1-social', 'grid_worker', { gridCodes: ['DS-A1-C1-G1'], specialty: 'social' })).token, id)).body;
    expect(seen).toMatchObject({ categoryCode: 'elderly_help', onBehalfOf: { name: '王大爷', relation: '父母' }, contactPhone: '139****5678' });
  });
});
