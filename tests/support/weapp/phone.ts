import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestDb } from '../db';
import { fakeOpenid } from '../factories';
import { startTestServer, type TestServer } from '../server';
import { WechatDouble } from '../wechat-double';
import { buildWorld, type World } from '../world';
import { MiniProgram, weappDist } from './mini-program';
import { WxDouble } from './wx-double';

/** The HTTPS origin `npm test` builds the weapp with (package.json): the double routes it to the test server. */
export const TEST_API_HOST = 'api.linli.test';

export const templates = {
  assigned: { templateId: 'TPL_ASSIGNED', keywords: [{ key: 'thing1', type: 'thing', field: 'category' }, { key: 'phrase2', type: 'phrase', field: 'status' }, { key: 'time3', type: 'time', field: 'at' }] },
  resolved: { templateId: 'TPL_RESOLVED', keywords: [{ key: 'thing1', type: 'thing', field: 'category' }, { key: 'thing2', type: 'thing', field: 'reply' }, { key: 'time3', type: 'time', field: 'at' }] },
} as const;

export interface Street {
  server: TestServer;
  wechat: WechatDouble;
  world: World;
  close(): Promise<void>;
}

/** The real server on the test's database, with WeChat's servers doubled and the sample street loaded. */
export async function startStreet(db: TestDb, env: Record<string, string> = {}): Promise<Street> {
  const wechat = new WechatDouble();
  await wechat.start();
  const server = await startTestServer(db, {
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: wechat.appid,
    WECHAT_SECRET: wechat.secret,
    SUBSCRIBE_TEMPLATES: JSON.stringify(templates),
    ...env,
  });
  const world = await buildWorld(server);
  return {
    server,
    wechat,
    world,
    async close() {
      await server.close();
      await wechat.stop();
    },
  };
}

export interface Phone {
  wx: WxDouble;
  app: MiniProgram;
  openid: string;
  close(): void;
}

/**
 * A phone with WeChat and the release build of the mini-program on it, used by a new WeChat user: nothing agreed,
 * nothing allowed yet. Requests go to the registered HTTPS domain, which the double routes to the test server.
 */
export function newPhone(street: Street, opts: { sdkVersion?: string; verifiedPhone?: string } = {}): Phone {
  const openid = fakeOpenid('wx');
  const verifiedPhone = opts.verifiedPhone;
  const wx = new WxDouble({
    appJson: JSON.parse(readFileSync(path.join(weappDist, 'app.json'), 'utf8')),
    release: true,
    domains: { [TEST_API_HOST]: street.server.url },
    loginCode: () => street.wechat.codeFor(openid),
    ...(verifiedPhone ? { phoneCode: () => street.wechat.phoneCodeFor(verifiedPhone) } : {}),
    ...(opts.sdkVersion ? { sdkVersion: opts.sdkVersion } : {}),
  });
  const app = new MiniProgram(wx);
  return { wx, app, openid, close: () => app.close() };
}

/** The app on the phone signs in with WeChat (wx.login → the server → jscode2session). */
export async function signIn(app: MiniProgram): Promise<void> {
  await app.until(() => app.find('微信一键登录'), 'the login button');
  app.tap('微信一键登录');
  await app.until(() => !app.find('微信一键登录'), 'signing in');
}

/** A new user's first minute: launch, 同意 the privacy consent, sign in with WeChat. */
export async function launchSignedIn(app: MiniProgram): Promise<void> {
  await app.launch();
  await app.until(() => app.find('同意'), 'the privacy consent on first launch');
  app.tap('同意');
  await signIn(app);
}

/**
 * One street for the test file and a new phone for each test, closed after it: `prepare` sets up what the phone's
 * user has (a position, photos) before the test runs.
 */
export function useStreetAndPhone(db: TestDb, prepare: (phone: Phone) => void = () => undefined): { street: Street; phone: Phone } {
  const ctx = {} as { street: Street; phone: Phone };
  beforeAll(async () => {
    ctx.street = await startStreet(db);
  });
  afterAll(() => ctx.street.close());
  beforeEach(() => {
    ctx.phone = newPhone(ctx.street);
    prepare(ctx.phone);
  });
  afterEach(() => ctx.phone.close());
  return ctx;
}
