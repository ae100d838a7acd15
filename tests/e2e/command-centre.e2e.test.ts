import type { Browser, Page } from 'playwright-core';
import type { ReportView } from '@linli/shared';
import { seedDemo } from '../../server/src/modules/demo/seed-demo';
import { Api, type Session } from '../support/api';
import { launchBrowser, snap } from '../support/browser';
import { useTestDb } from '../support/db';
import { jpegBytes } from '../support/media-samples';
import { scenarios } from '../support/h5';
import { startTestServer, type TestServer } from '../support/server';
import { centreOf } from '../support/world';

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

const scenario = scenarios(() => page, 'command centre ');
const ready = () => page.waitForSelector('body[data-ready="true"]');

/** Opens the console signed in as the demo account with this name (signing out whoever was in). */
async function consoleAs(name: string): Promise<void> {
  await page.goto(`${server.url}/console/`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByText(`${name}（指挥中心）`, { exact: true }).click();
  await ready();
}

/** A street-light report in 顶山, filed by a new resident. */
async function streetLight(): Promise<{ report: ReportView; resident: Session }> {
  const resident = await api.login(`cc-resident-${Math.random().toString(36).slice(2, 10)}`, 'resident', { name: '居民' });
  const res = await api.submit(resident.token, { categoryCode: 'street_light', description: '小区门口路灯不亮', location: centreOf('DS-A1-C1-G1') });
  expect(res.status).toBe(201);
  return { report: res.body, resident };
}

async function act(who: Session, id: string, body: object): Promise<ReportView> {
  const res = await api.act(who.token, id, body);
  expect({ status: res.status, error: (res.body as { error?: unknown }).error ?? null }).toEqual({ status: 200, error: null });
  return res.body;
}

async function resolveWithPhoto(who: Session, id: string): Promise<void> {
  const photo = (await api.upload(who.token, jpegBytes(), 'after.jpg')).body.id;
  await act(who, id, { action: 'accept' });
  await act(who, id, { action: 'resolve', note: '已修复', photoIds: [photo] });
}

describe('the command centre works a report up the chain in the console', () => {
  scenario("dispatches a grid worker's 上报 to 供电所 from a table row; the unit resolves it and the resident closes it", async () => {
    const { report, resident } = await streetLight();
    const worker = await api.login('demo-worker-DS-A1-C1-G1-urban', 'grid_worker');
    await act(worker, report.id, { action: 'report_up', note: '线路故障，需供电部门处理' });

    await consoleAs('顶山街道指挥中心值班员');
    await page.locator(`tr[data-id="${report.id}"]`).click();
    await page.locator('#report-panel [data-action="dispatch"]').click();
    await page.locator('#report-panel select[name="unitCode"]').selectOption('PK-POWER');
    await page.locator('#report-panel textarea[name="note"]').fill('请供电所尽快抢修');
    await page.locator('#report-panel button[type="submit"]').click();

    await page.locator('#report-panel dd[data-fact="承办"]', { hasText: '浦口供电所' }).waitFor();
    await snap(page, 'command-centre-01-dispatched');
    const power = await api.login('demo-unit-PK-POWER', 'unit_handler');
    await resolveWithPhoto(power, report.id);
    expect((await api.rate(resident.token, report.id, { score: 5 })).body.status).toBe('closed');
  });

  scenario("dispatches a report returned with 退单 from the street's console", async () => {
    const { report } = await streetLight();
    const worker = await api.login('demo-worker-DS-A1-C1-G1-urban', 'grid_worker');
    await act(worker, report.id, { action: 'return', note: '不属于本网格' });

    await consoleAs('顶山街道指挥中心值班员');
    await page.locator(`tr[data-id="${report.id}"]`).click();
    await page.locator('#report-panel [data-action="assign"]').click();
    await page.locator('#report-panel select[name="assigneeId"] option').nth(1).waitFor({ state: 'attached' });
    await page.locator('#report-panel select[name="assigneeId"]').selectOption({ index: 1 });
    await page.locator('#report-panel button[type="submit"]').click();

    await page.locator('#report-panel dd[data-fact="状态"]', { hasText: '已派单' }).waitFor();
    expect((await api.get(worker.token, report.id)).body.status).toBe('assigned');
  });

  scenario("puts a twice-unsatisfied report on the city's desk, whose 批示 the street sees and the resident reads as a sentence", async () => {
    const { report, resident } = await streetLight();
    const worker = await api.login('demo-worker-DS-A1-C1-G1-urban', 'grid_worker');
    for (let i = 0; i < 2; i += 1) {
      await resolveWithPhoto(worker, report.id);
      expect((await api.rate(resident.token, report.id, { score: 1, comment: '还是不亮' })).status).toBe(200);
    }

    await consoleAs('市指挥中心值班员');
    await page.locator(`#desk li[data-id="${report.id}"]`).click();
    await page.locator('#report-panel [data-action="instruct"]').click();
    await page.locator('#report-panel input[name="dueAt"]').fill('2099-12-31T18:00');
    await page.locator('#report-panel textarea[name="note"]').fill('请三日内彻底修复并回复居民');
    await page.locator('#report-panel button[type="submit"]').click();
    await page.locator('#report-panel dd[data-fact="督办批示"]').waitFor();

    await consoleAs('顶山街道指挥中心值班员');
    await page.locator(`tr[data-id="${report.id}"]`).click();
    await expect(page.locator('#report-panel dd[data-fact="督办批示"]').innerText()).resolves.toContain('市指挥中心：请三日内彻底修复并回复居民');
    await snap(page, 'command-centre-02-instruction-on-street-screen');
    const seen = (await api.get(resident.token, report.id)).body.timeline.at(-1)!;
    expect(seen.note).toMatch(/^市指挥中心督办：请三日内彻底修复并回复居民（请于12月31日18:00前办结）$/);
  });
});
