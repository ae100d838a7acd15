import type { Browser, Page } from 'playwright-core';
import { gcj02ToWgs84 } from '@linli/shared';
import { seedDemo } from '../../server/src/modules/demo/seed-demo';
import { firstAdminInvitation } from '../../server/src/modules/invitations/first-admin';
import { Api } from '../support/api';
import { launchBrowser, phoneContext, snap } from '../support/browser';
import { useTestDb } from '../support/db';
import { h5, scenarios } from '../support/h5';
import { startTestServer, type TestServer } from '../support/server';
import { centreOf } from '../support/world';

// A new member of staff binds their WeChat account with an invitation, in the app.
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
  page = await (await phoneContext(browser, gcj02ToWgs84(centreOf('DS-A1-C1-G1')))).newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const { text, open } = h5(() => page, () => server.url);
const scenario = scenarios(() => page, 'bind ');

describe('binding a staff invitation', () => {
  scenario('opens the invitation’s page with the code filled in, binds, and lands on the workbench as the invited worker', async () => {
    const admin = await api.login('demo-admin', 'admin');
    const made = await api.call<{ code: string; path: string }>('POST', '/api/v1/admin/invitations', {
      token: admin.token,
      body: { role: 'grid_worker', name: '新来的网格员', gridCodes: ['DS-A1-C1-G1'], specialty: 'social' },
    });
    expect(made.status).toBe(201);
    await open('/pages/index/index');
    await text('王女士').click();
    await page.locator('.home__report').filter({ visible: true }).waitFor();

    await open(`/${made.body.path}`);
    await expect(page.getByLabel('邀请码').filter({ visible: true }).inputValue()).resolves.toBe(made.body.code.replace('-', ''));
    await snap(page, 'bind-01-code');
    await text('绑定', true).click();

    await text('新来的网格员（网格员）').waitFor();
    await snap(page, 'bind-02-workbench');
    expect(await db.models.User.findOne({ openid: 'demo-resident-wang' }).lean()).toMatchObject({ role: 'grid_worker', gridCodes: ['DS-A1-C1-G1'] });
  });

  scenario('makes the first admin from the day-one setting once, and never again after an admin exists', async () => {
    await db.models.User.deleteMany({ role: 'admin' });
    const first = await firstAdminInvitation(server.services, '街道管理员');
    expect(first?.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const newcomer = await api.login('first-admin-wechat', 'resident');

    const bound = await api.call<{ user: { role: string } }>('POST', '/api/v1/auth/bind', { token: newcomer.token, body: { code: first!.code } });

    expect(bound.status).toBe(200);
    expect(bound.body.user.role).toBe('admin');
    expect(await firstAdminInvitation(server.services, '又一个')).toBeNull();
  });
});
