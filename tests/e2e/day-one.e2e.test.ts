import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { gcj02ToWgs84 } from '@linli/shared';
import { Api } from '../support/api';
import { launchBrowser, phoneContext, snap } from '../support/browser';
import { h5, scenarios } from '../support/h5';
import { startMain, type RunningServer } from '../support/main-process';
import { WechatDouble } from '../support/wechat-double';

// Day one of a real street: a production start on an empty database, no demo data and no dev login. The first admin's
// invitation comes from the one-time command; everything after it happens on the phone and in the browser console.
const repoRoot = path.resolve(__dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-day-one-'));
const wechat = new WechatDouble();
let env: Record<string, string>;
let server: RunningServer;
let browser: Browser;
let desk: Page;
const phones: BrowserContext[] = [];
let current: Page | undefined;

const ring = (x: number, y: number, size: number) => [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]];
const feature = (code: string, name: string, level: string, parentCode: string | null, box: [number, number, number]) => ({
  type: 'Feature',
  properties: { code, name, level, ...(parentCode ? { parentCode } : {}) },
  geometry: { type: 'Polygon', coordinates: ring(...box) },
});
const street = feature('DY', '第一天街道', 'street', null, [118.7, 32.0, 0.04]);
const grid1 = feature('DY-G1', '第一网格', 'grid', 'DY', [118.7, 32.0, 0.02]);
const grid2 = feature('DY-G2', '第二网格', 'grid', 'DY', [118.72, 32.0, 0.02]);
const geojson = (...features: object[]) => Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));
const inGrid1 = { lng: 118.71, lat: 32.01 };

/** The one-time command, as the operator runs it in the deployment's folder with its settings. */
const firstAdminCommand = (name: string) => spawnSync(process.execPath, ['scripts/first-admin.mjs', name], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, encoding: 'utf8' });

beforeAll(async () => {
  await wechat.start();
  env = {
    NODE_ENV: 'production',
    AUTH_SECRET: randomBytes(36).toString('base64'),
    DATA_DIR: dataDir,
    WECHAT_APPID: wechat.appid,
    WECHAT_SECRET: wechat.secret,
    WECHAT_API_BASE: wechat.url,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  browser = await launchBrowser();
  desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
}, 60_000);
afterAll(async () => {
  for (const p of phones) await p.close().catch(() => undefined);
  await browser?.close();
  if (server) {
    server.kill('SIGTERM');
    await server.exited;
  }
  await wechat.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const scenario = scenarios(() => current ?? desk, 'day-one ');

/**
 * A phone signed in to the H5 build as a WeChat user. H5 has no wx.login, so the phone's sign-in is done as the
 * mini-program does it — a login code from WeChat (the double) exchanged at /api/v1/auth/wechat — and the session is
 * kept where the app keeps it; everything after that is the app's own screens.
 */
async function wechatPhone(openid: string): Promise<Page> {
  const context = await phoneContext(browser, gcj02ToWgs84(inGrid1));
  phones.push(context);
  const page = await context.newPage();
  const signedIn = await new Api(server.url).call<{ token: string }>('POST', '/api/v1/auth/wechat', { body: { code: wechat.codeFor(openid) } });
  expect(signedIn.status).toBe(200);
  await page.goto(`${server.url}/#/pages/index/index`);
  await page.evaluate((s) => localStorage.setItem('linli.session', JSON.stringify({ data: s })), signedIn.body);
  return page;
}

/** The invitation code typed in on the phone (我的 → 工作人员绑定) turns the account into staff. */
async function bind(page: Page, code: string): Promise<void> {
  current = page;
  const ui = h5(() => page, () => server.url);
  await ui.open(`/pages/me/index?invite=${code.replace('-', '')}`);
  await ui.text('绑定', true).click();
  await ui.text('工作台', false).first().waitFor();
}

async function qrOnDesk(): Promise<string> {
  const canvas = desk.locator('#login-qr');
  await canvas.waitFor();
  const { width, height, data } = await canvas.evaluate((c: HTMLCanvasElement) => {
    const img = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    return { width: img.width, height: img.height, data: Array.from(img.data) };
  });
  return jsQR(Uint8ClampedArray.from(data), width, height)!.data;
}

describe('day one of a real street', () => {
  scenario(
    'an administrator from the one-time command signs the console in by QR, imports grids after a preview, and invites a worker who gets the next report',
    async () => {
      // The one-time command on the stopped deployment prints the first admin's code.
      const made = firstAdminCommand('街道管理员');
      expect(made.status).toBe(0);
      const code = /：([2-9A-Z]{4}-[2-9A-Z]{4})/.exec(made.stdout)![1]!;
      server = await startMain(env);
      // While the server holds the embedded database, the command refuses and says what to do instead.
      const refused = firstAdminCommand('另一个人');
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('请先停止服务');
      // A production start has no demo login: the console offers only the QR code.
      expect((await new Api(server.url).call('POST', '/api/v1/auth/dev', { body: { openid: 'someone_1', role: 'admin' } })).status).toBe(404);

      const adminPhone = await wechatPhone('wx_admin_openid_01');
      await bind(adminPhone, code);

      current = desk;
      await desk.goto(`${server.url}/console/`);
      const link = await qrOnDesk();
      await adminPhone.goto(link);
      await adminPhone.reload();
      current = adminPhone;
      await h5(() => adminPhone, () => server.url).text('确认登录', true).click();
      current = desk;
      await desk.waitForSelector('body[data-ready="true"]');
      expect(await desk.locator('#updated').innerText()).toContain('街道管理员');

      // Grids: a file with a mistake is previewed with the feature named, and nothing is imported.
      await desk.getByRole('link', { name: '管理' }).click();
      await desk.getByRole('link', { name: '网格' }).click();
      const file = desk.getByLabel('选择网格 GeoJSON 文件');
      await file.setInputFiles({ name: 'grids.geojson', mimeType: 'application/geo+json', buffer: geojson(street, grid1, feature('DY-G2', '第二网格', 'grid', 'DY-X', [118.72, 32.0, 0.02])) });
      await desk.getByRole('alert').filter({ hasText: '1 个要素不合格' }).waitFor();
      expect(await desk.getByRole('table', { name: '导入预览' }).innerText()).toContain('上级 DY-X 不存在');
      expect(await desk.getByRole('button', { name: '应用导入' }).isDisabled()).toBe(true);
      // The corrected file: three new grids on the map, then applied.
      await file.setInputFiles({ name: 'grids.geojson', mimeType: 'application/geo+json', buffer: geojson(street, grid1, grid2) });
      await desk.getByText('将新增 3 个、更新 0 个网格').waitFor();
      expect(await desk.locator('#grid-preview-map path.leaflet-interactive').count()).toBe(3);
      await snap(desk, 'day-one-01-grid-preview');
      await desk.getByRole('button', { name: '应用导入' }).click();
      await desk.getByText('已导入：新增 3 个，更新 0 个网格').waitFor();

      // Staff: an invitation for a 城市治理 grid worker of DY-G1.
      await desk.getByRole('link', { name: '人员与邀请' }).click();
      const form = desk.getByRole('form', { name: '邀请工作人员' });
      await form.getByLabel('角色').selectOption('grid_worker');
      await form.getByLabel('姓名').fill('赵网格员');
      await form.getByLabel('手机号（选填）').fill('13912345678');
      await form.getByLabel('负责网格（代码，逗号分隔）').fill('DY-G1');
      await form.getByLabel('专业（网格员）').selectOption('urban');
      await form.getByRole('button', { name: '生成邀请码' }).click();
      const workerCode = await desk.locator('#invite-code').innerText();
      expect(await desk.getByRole('table', { name: '邀请记录' }).innerText()).toContain('139****5678');
      await snap(desk, 'day-one-02-invitation');

      const workerPhone = await wechatPhone('wx_worker_openid_01');
      await bind(workerPhone, workerCode);

      // The next report in the grid goes to the new worker and is on their workbench.
      const residentSession = await new Api(server.url).call<{ token: string }>('POST', '/api/v1/auth/wechat', { body: { code: wechat.codeFor('wx_resident_openid_01') } });
      const report = await new Api(server.url).submit(residentSession.body.token, { categoryCode: 'street_light', description: '第一天的路灯坏了', location: { ...inGrid1, address: '第一网格路1号' } });
      expect(report.status).toBe(201);
      current = workerPhone;
      const ui = h5(() => workerPhone, () => server.url);
      await ui.open('/package-work/index/index');
      await ui.text('第一天的路灯坏了').waitFor();
      await snap(workerPhone, 'day-one-03-worker-receives');

      // The staff list shows the worker holding it, and the log has each step with who did it.
      await desk.reload();
      await desk.waitForSelector('body[data-ready="true"]');
      const staffTable = await desk.getByRole('table', { name: '工作人员' }).innerText();
      expect(staffTable).toMatch(/赵网格员\s+网格员\s+DY-G1\s+139\*\*\*\*5678\s+1\s+在岗/);
      await desk.getByRole('link', { name: '管理日志' }).click();
      const log = desk.getByRole('list', { name: '管理日志' });
      for (const step of ['首个管理员邀请', '绑定邀请', '扫码登录电脑端', '导入网格', '创建邀请']) await log.getByText(step, { exact: true }).first().waitFor();
      await snap(desk, 'day-one-04-log');
    },
    180_000,
  );
});
