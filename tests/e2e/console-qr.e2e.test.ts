import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { gcj02ToWgs84 } from '@linli/shared';
import { seedDemo } from '../../server/src/modules/demo/seed-demo';
import { firstAdminInvitation } from '../../server/src/modules/invitations/first-admin';
import { Api } from '../support/api';
import { launchBrowser, phoneContext, snap } from '../support/browser';
import { useTestDb } from '../support/db';
import { h5, scenarios } from '../support/h5';
import { startTestServer, type TestServer } from '../support/server';
import { centreOf } from '../support/world';

// The console on a desk signs in by a QR code that a staff member scans and confirms on their phone.
const db = useTestDb();
let server: TestServer;
let browser: Browser;
let desk: Page;
let phoneContextOf: BrowserContext;
let phone: Page;
let current: Page | undefined;

beforeAll(async () => {
  server = await startTestServer(db);
  await seedDemo(server.services);
  browser = await launchBrowser();
  desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
  phoneContextOf = await phoneContext(browser, gcj02ToWgs84(centreOf('DS-A1-C1-G1')));
  phone = await phoneContextOf.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const ui = h5(() => phone, () => server.url);
const scenario = scenarios(() => current ?? desk, 'console-qr ');

/** The desk's console opened fresh, showing a QR code: what the code says. */
async function codeOnScreen(): Promise<string> {
  current = desk;
  await desk.goto(`${server.url}/console/`);
  await desk.evaluate(() => localStorage.clear());
  await desk.reload();
  return readCode();
}

/** The QR code on the desk's screen, read off its pixels as a phone's camera would. */
async function readCode(): Promise<string> {
  const canvas = desk.locator('#login-qr');
  await canvas.waitFor();
  const { width, height, data } = await canvas.evaluate((c: HTMLCanvasElement) => {
    const img = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    return { width: img.width, height: img.height, data: Array.from(img.data) };
  });
  const decoded = jsQR(Uint8ClampedArray.from(data), width, height);
  expect(decoded).not.toBeNull();
  return decoded!.data;
}

/**
 * The phone signed out and on the demo's home picker. Storage is cleared on a page of the same origin where the app
 * is not running, so nothing the app still holds can write its session back before the reload.
 */
async function signedOutPhone(): Promise<void> {
  current = phone;
  await phone.goto(`${server.url}/healthz`);
  await phone.evaluate(() => localStorage.clear());
  await ui.open('/pages/index/index');
}

/** A resident of the demo (on the H5 home page's picker) binds an invitation code on the phone and becomes staff. */
async function bindOnPhone(resident: string, code: string): Promise<void> {
  await signedOutPhone();
  await ui.text(resident).click();
  await phone.locator('.home__report').filter({ visible: true }).waitFor();
  await ui.open(`/pages/me/index?invite=${code.replace('-', '')}`);
  await ui.text('绑定', true).click();
  await ui.text('工作台', false).first().waitFor();
}

/** The phone opens the scanned link and confirms; the desk is then signed in. */
async function confirmOnPhone(link: string): Promise<void> {
  current = phone;
  await phone.goto(link);
  await phone.reload();
  await ui.text('确认登录', true).click();
  await ui.text('已登录电脑端指挥中心').waitFor();
  current = desk;
  await desk.waitForSelector('body[data-ready="true"]');
}

describe('console sign-in by QR code', () => {
  scenario('signs the desk in as the first admin, who bound their WeChat on the phone, scanned the code and confirmed; and out again', async () => {
    const link = await codeOnScreen();
    expect(link).toMatch(new RegExp(`^${server.url}/#/package-work/console-login/index\\?session=[A-Za-z0-9_-]{22}$`));
    await snap(desk, 'console-qr-01-code');
    // Day one: the first administrator, from the day-one setting, binds their WeChat (a resident's account until then).
    await db.models.User.deleteMany({ role: 'admin' });
    await bindOnPhone('王女士', (await firstAdminInvitation(server.services, '街道管理员'))!.code);

    await phone.goto(link);
    await phone.reload();
    await ui.text('登录电脑端指挥中心？').waitFor();
    expect(await ui.text('请求来自：').innerText()).toMatch(/Chrome|Chromium/);
    await snap(phone, 'console-qr-02-confirm');
    await confirmOnPhone(link);

    expect(await desk.locator('#updated').innerText()).toContain('街道管理员');
    const token = await desk.evaluate(() => localStorage.getItem('linli.console.token'));
    const api = new Api(server.url);
    expect((await api.call('GET', '/api/v1/me', { token: token! })).status).toBe(200);
    await snap(desk, 'console-qr-03-signed-in');

    await desk.getByRole('button', { name: '退出' }).click();
    await desk.locator('#login-qr').waitFor();
    expect((await api.call('GET', '/api/v1/me', { token: token! })).status).toBe(401);
  }, 120_000);

  scenario('offers a new code when the shown one expired unconfirmed', async () => {
    const first = await codeOnScreen();
    server.clock.advance(server.config.CONSOLE_QR_SECONDS * 1000 + 1000);
    try {
      await desk.getByText('二维码已过期').waitFor();
    } finally {
      server.clock.advance(-(server.config.CONSOLE_QR_SECONDS * 1000 + 1000));
    }
    await desk.getByRole('button', { name: '刷新二维码' }).click();

    const again = await readCode();
    expect(again).toMatch(/session=[A-Za-z0-9_-]{22}$/);
    expect(again).not.toBe(first);
  }, 120_000);

  scenario('tells a resident who scans the code that it is for staff, and signs nobody in', async () => {
    const link = await codeOnScreen();
    await signedOutPhone();
    await ui.text('李先生').click();
    await phone.locator('.home__report').filter({ visible: true }).waitFor();

    await phone.goto(link);
    await phone.reload();

    await ui.text('请用工作人员的微信扫码').waitFor();
    const id = /session=([A-Za-z0-9_-]{22})/.exec(link)![1]!;
    expect((await db.models.ConsoleSession.findById(id).lean())!.confirmedAt).toBeNull();
  }, 120_000);

  scenario('signs a console left open out from the phone’s 我的 → 已登录的电脑', async () => {
    const admin = await new Api(server.url).login('demo-admin', 'admin');
    const invited = await new Api(server.url).call<{ code: string }>('POST', '/api/v1/admin/invitations', {
      token: admin.token,
      body: { role: 'grid_leader', name: '新网格长', gridCodes: ['DS-A1-C1'] },
    });
    const link = await codeOnScreen();
    await bindOnPhone('张阿姨', invited.body.code);
    await confirmOnPhone(link);
    const token = await desk.evaluate(() => localStorage.getItem('linli.console.token'));

    current = phone;
    await ui.open('/pages/me/index');
    const card = ui.visible('.console-sessions');
    await card.getByText('已登录的电脑').waitFor();
    expect(await card.innerText()).toMatch(/Chrome|Chromium/);
    await snap(phone, 'console-qr-04-list');
    await card.getByText('退出', { exact: true }).click();
    await card.waitFor({ state: 'detached' });

    expect((await new Api(server.url).call('GET', '/api/v1/me', { token: token! })).status).toBe(401);
    current = desk;
    await desk.getByRole('button', { name: '刷新' }).click();
    await desk.locator('#login-qr').waitFor();
  }, 120_000);
});
