import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../server/src/modules/demo/seed-demo';
import { sampleFeatureCollection } from '../../server/src/modules/demo/dingshan-sample';
import { Api, type Session } from '../support/api';
import { launchBrowser, snap } from '../support/browser';
import { useTestDb } from '../support/db';
import { scenarios } from '../support/h5';
import { startTestServer, type TestServer } from '../support/server';
import { centreOf } from '../support/world';

const db = useTestDb();
let server: TestServer;
let api: Api;
let browser: Browser;
let page: Page;
let resident: Session;

const GRID = 'DS-A1-C1-G1';

beforeAll(async () => {
  server = await startTestServer(db);
  await seedDemo(server.services);
  api = new Api(server.url);
  resident = await api.login('demo-resident-li', 'resident');
  for (const [i, category] of ['street_light', 'noise', 'sanitation'].entries()) {
    await api.submit(resident.token, { categoryCode: category, description: `控制台测试报事${i + 1}`, location: centreOf(GRID) });
  }
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  page = await context.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const ready = () => page.waitForSelector('body[data-ready="true"]');

/** The console opened fresh and signed in as the street's duty officer: every scenario starts here. */
async function consoleAsDispatcher(): Promise<void> {
  await page.goto(`${server.url}/console/`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByText('顶山街道指挥中心值班员（指挥中心）', { exact: true }).click();
  await ready();
}
const number = async (id: string) => Number(await page.locator(`#${id}`).innerText());

const scenario = scenarios(() => page, 'console ');

describe('the command centre at /console/', () => {
  scenario('signs the dispatcher in and shows the same numbers as the statistics API', async () => {
    // The street's own command centre: its numbers and its map are 顶山's, not the whole demo city's.
    await consoleAsDispatcher();
    const dispatcher = await api.login('demo-dispatcher-DS', 'dispatcher');
    const overview = (await api.call<{ total: number; today: { new: number }; byStatus: Record<string, number> }>('GET', '/api/v1/stats/overview', { token: dispatcher.token })).body;

    expect(await number('kpi-new')).toBe(overview.today.new);
    expect(await number('kpi-total')).toBe(overview.total);
    expect(await number('status-assigned')).toBe(overview.byStatus.assigned);
    await expect(page.locator('#map .leaflet-interactive').count()).resolves.toBeGreaterThan(12);
    await expect(page.locator('#chart-trend canvas').count()).resolves.toBe(1);
    await snap(page, 'console-01-overview');
  });

  scenario('shows the counts change after a worker signs and resolves', async () => {
    const noise = (await api.submit(resident.token, { categoryCode: 'noise', description: '控制台计数测试：夜间噪音', location: centreOf(GRID) })).body as { id: string };
    await consoleAsDispatcher();
    const before = { assigned: await number('status-assigned'), accepted: await number('status-accepted'), resolved: await number('status-resolved') };
    const worker = await api.login(`demo-worker-${GRID}-police`, 'grid_worker');
    expect((await api.act(worker.token, noise.id, { action: 'accept' })).status).toBe(200);

    await page.locator('#refresh').click();
    await ready();

    expect(await number('status-assigned')).toBe(before.assigned - 1);
    expect(await number('status-accepted')).toBe(before.accepted + 1);
    expect((await api.act(worker.token, noise.id, { action: 'resolve', note: '已劝导噪音源' })).status).toBe(200);
    await page.locator('#refresh').click();
    await ready();
    expect(await number('status-resolved')).toBe(before.resolved + 1);
    // The map is redrawn on the new panel: boundaries and the two open reports.
    await expect(page.locator('#map .leaflet-interactive').count()).resolves.toBeGreaterThan(12);
    await snap(page, 'console-02-after-actions');
  });

  scenario('exports a CSV whose rows match the table', async () => {
    await consoleAsDispatcher();
    const total = Number(/共 (\d+) 条/.exec(await page.locator('#table-total').innerText())![1]);
    const firstNo = await page.locator('table.reports tbody tr').first().locator('td').first().innerText();

    const download = page.waitForEvent('download');
    await page.locator('#export-csv').click();
    const file = await (await download).path();

    const lines = readFileSync(file!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.startsWith('编号,提交时间,状态')).toBe(true);
    expect(lines.length - 1).toBe(total);
    expect(lines[1]!.split(',')[0]).toBe(firstNo);
  });

  scenario('filters the table by status on the server', async () => {
    const done = (await api.submit(resident.token, { categoryCode: 'street_light', description: '控制台筛选测试：路灯', location: centreOf(GRID) })).body as { id: string };
    const worker = await api.login(`demo-worker-${GRID}-urban`, 'grid_worker');
    await api.act(worker.token, done.id, { action: 'accept' });
    await api.act(worker.token, done.id, { action: 'resolve', note: '已修好' });
    await consoleAsDispatcher();
    await page.locator('select[name="status"]').selectOption('resolved');
    await ready();

    const resolved = await db.models.Report.countDocuments({ status: 'resolved' });
    await expect(page.locator('#table-total').innerText()).resolves.toBe(`共 ${resolved} 条`);
    await expect(page.locator('table.reports tbody tr').first().innerText()).resolves.toContain('已办结');
  });

  scenario('shows names an administrator typed on the map as text, never as markup', async () => {
    const admin = await api.login('console-admin', 'admin');
    const name = '<img src=x class=injected>测试<b>甲</b>网格';
    const features = sampleFeatureCollection().features.map((f) => (f.properties.code === GRID ? { ...f, properties: { ...f.properties, name } } : f));
    expect((await api.call('POST', '/api/v1/admin/grids/import', { token: admin.token, body: { type: 'FeatureCollection', features } })).status).toBe(200);
    await consoleAsDispatcher();

    const paths = page.locator('#map path.leaflet-interactive');
    let tooltip = '';
    for (let i = 0; i < (await paths.count()) && !tooltip.includes('甲'); i += 1) {
      // Off the centre, where the reports' markers sit.
      const box = (await paths.nth(i).boundingBox())!;
      await paths.nth(i).hover({ force: true, position: { x: box.width * 0.3, y: box.height * 0.3 } });
      tooltip = (await page.locator('.leaflet-tooltip').last().textContent().catch(() => '')) ?? '';
    }

    expect(tooltip).toBe(name);
    await expect(page.locator('#map .injected').count()).resolves.toBe(0);
    await expect(page.locator('.leaflet-tooltip b').count()).resolves.toBe(0);
  });

  it('gathers close reports into a numbered cluster, opens it on a click, keeps a moved view through a refresh and follows a filter', async () => {
    const spot = centreOf('DS-A2-C2-G1');
    for (let i = 0; i < 20; i += 1) {
      const neighbour = await api.login(`console-cluster-${i}`, 'resident');
      const at = { lng: spot.lng + (i % 5) * 0.0004, lat: spot.lat + Math.floor(i / 5) * 0.0004 };
      expect((await api.submit(neighbour.token, { categoryCode: 'sanitation', description: `垃圾堆放${i + 1}`, location: at })).status).toBe(201);
    }
    // A page of its own: this scenario arranges everything it needs.
    const own = await (await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
    try {
      await own.goto(`${server.url}/console/`);
      await own.getByText('顶山街道指挥中心值班员（指挥中心）', { exact: true }).click();
      await own.waitForSelector('body[data-ready="true"]');
      const mapBox = own.locator('#map');
      // The street's command centre opens on the street, the close reports gathered into one numbered circle.
      await expect(mapBox.getAttribute('data-view')).resolves.toBe('area');
      const counts = (await own.locator('#map .map-cluster').allInnerTexts()).map(Number);
      expect(Math.max(...counts)).toBeGreaterThanOrEqual(20);
      await snap(own, 'console-03-clusters');

      const zoomBefore = Number(await mapBox.getAttribute('data-zoom'));
      await own.locator('#map .map-cluster').nth(counts.indexOf(Math.max(...counts))).click();
      // The zoom is animated: wait for the map to arrive at the closer view, not for its first move.
      await own.waitForFunction((before) => {
        const el = document.querySelector<HTMLElement>('#map');
        return el?.dataset.view === 'moved' && Number(el.dataset.zoom) > before;
      }, zoomBefore);
      const moved = await mapBox.getAttribute('data-centre');

      await own.locator('#refresh').click();
      await own.waitForSelector('#map[data-view="kept"]');
      await expect(own.locator('#map').getAttribute('data-centre')).resolves.toBe(moved);

      await own.locator('select[name="gridCode"]').selectOption(GRID);
      await own.waitForSelector('#map[data-view="area"]');
      await expect(own.locator('#map').getAttribute('data-centre')).resolves.not.toBe(moved);
      await snap(own, 'console-04-filtered-map');

      await own.locator('select[name="categoryCode"]').selectOption('sanitation');
      await own.waitForSelector('#map[data-view="reports"]');
    } finally {
      await own.context().close();
    }
  }, 90_000);

  scenario('keeps residents and workers out', async () => {
    const r = await api.call('GET', '/api/v1/stats/overview', { token: resident.token });
    expect(r.status).toBe(403);
  });
});
