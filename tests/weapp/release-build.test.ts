import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareVersions, MIN_BASE_LIBRARY } from '../../miniapp/src/lib/runtime-requirements';
import { useTestDb } from '../support/db';
import { weappDist } from '../support/weapp/mini-program';
import { newPhone, startStreet, type Street } from '../support/weapp/phone';

// The release weapp `npm test` builds (TARO_APP_API=https://api.linli.test), checked as WeChat would take it.
const db = useTestDb();
const repo = path.resolve(__dirname, '../..');
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
let street: Street;

beforeAll(async () => {
  street = await startStreet(db);
});
afterAll(() => street.close());

describe('the release build of the mini-program', () => {
  it('declares what WeChat requires: private APIs, the location purpose, lazy component loading, a sitemap', () => {
    const app = json(path.join(weappDist, 'app.json'));

    expect(app.requiredPrivateInfos).toEqual(expect.arrayContaining(['getLocation', 'chooseLocation']));
    expect(app.permission['scope.userLocation'].desc).toMatch(/网格/);
    expect(app.lazyCodeLoading).toBe('requiredComponents');
    expect(app.sitemapLocation).toBe('sitemap.json');
  });

  it('lets WeChat search index the home page only, never reports, the workbench or personal pages', () => {
    const sitemap = json(path.join(weappDist, 'sitemap.json'));

    expect(sitemap.rules).toEqual([
      { action: 'allow', page: 'pages/index/index' },
      { action: 'disallow', page: '*' },
    ]);
  });

  it('is uploaded as ES6-transformed, minified code for a base library at or above the minimum', () => {
    const project = json(path.join(repo, 'project.config.json'));

    expect(project.setting).toMatchObject({ es6: true, minified: true });
    expect(compareVersions(project.libVersion, MIN_BASE_LIBRARY)).toBeGreaterThanOrEqual(0);
  });

  it('leaves no `process` in its code, which WeChat does not have', () => {
    const js = readdirSync(weappDist).filter((f) => f.endsWith('.js'));

    for (const f of js) expect({ f, found: /\bprocess\.env\b/.test(readFileSync(path.join(weappDist, f), 'utf8')) }).toEqual({ f, found: false });
  });

  it('asks the user to update WeChat below the minimum base library', async () => {
    const phone = newPhone(street, { sdkVersion: '2.30.0' });
    try {
      await phone.app.launch();
      await phone.app.until(() => phone.wx.calls.some((c) => c.api === 'updateWeChatApp'), 'the update prompt');
      expect(phone.wx.modals[0]).toMatchObject({ title: '请升级微信' });
    } finally {
      phone.close();
    }
  });

  it('does not show the update prompt on a current base library', async () => {
    const phone = newPhone(street, { sdkVersion: '3.7.1' });
    try {
      await phone.app.launch();
      await phone.app.until(() => phone.app.find('微信一键登录'), 'the home page');
      expect(phone.wx.modals).toEqual([]);
    } finally {
      phone.close();
    }
  });

  it('cannot be built for release without an HTTPS API address, and says what to set', () => {
    const run = spawnSync(path.join(repo, 'node_modules/.bin/taro'), ['build', '--type', 'weapp'], {
      cwd: path.join(repo, 'miniapp'),
      env: { ...process.env, TARO_APP_API: 'http://192.168.1.20:3000', NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain('needs TARO_APP_API set to the HTTPS origin');
    expect(`${run.stdout}${run.stderr}`).toContain('"http://192.168.1.20:3000", which WeChat would refuse');
  }, 90_000);
});
