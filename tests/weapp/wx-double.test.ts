import { WxDouble } from '../support/weapp/wx-double';

// The double must fail where WeChat fails, or the weapp tests would pass code that breaks on a phone. Each rule here is
// from WeChat's documentation (../shared/reference/wechat-platform.md).
type Result = { errMsg: string; errno?: number; [k: string]: unknown };
const call = (wx: WxDouble, api: string, options: Record<string, unknown> = {}) =>
  new Promise<Result>((resolve) => (wx.api[api] as (o: object) => void)({ ...options, success: resolve, fail: resolve }));
const phone = (opts: Partial<ConstructorParameters<typeof WxDouble>[0]> = {}) =>
  new WxDouble({ appJson: { requiredPrivateInfos: ['getLocation', 'chooseLocation'] }, release: true, domains: { 'api.example.cn': 'http://127.0.0.1:9' }, ...opts });
const inTap = <T>(wx: WxDouble, f: () => T): T => {
  wx.tapDepth += 1;
  try {
    return f();
  } finally {
    wx.tapDepth -= 1;
  }
};

describe('the WeChat double', () => {
  it('refuses requestSubscribeMessage outside the synchronous part of a tap, and answers it inside', async () => {
    const wx = phone();

    const later = await call(wx, 'requestSubscribeMessage', { tmplIds: ['T1'] });
    const tapped = await inTap(wx, () => call(wx, 'requestSubscribeMessage', { tmplIds: ['T1'] }));

    expect(later.errMsg).toBe('requestSubscribeMessage:fail can only be invoked by user TAP gesture.');
    expect(tapped).toMatchObject({ errMsg: 'requestSubscribeMessage:ok', T1: 'accept' });
  });

  it('fails privacy APIs with errno 104 until the user agreed through an agreePrivacyAuthorization button', async () => {
    const wx = phone();
    expect(await call(wx, 'getLocation')).toMatchObject({ errno: 104 });

    // With a handler, WeChat waits for it; an id of no tapped button is not consent.
    (wx.api.onNeedPrivacyAuthorization as (h: (r: (a: object) => void) => void) => void)((resolve) => resolve({ event: 'agree', buttonId: 'agree-privacy' }));
    expect(await call(wx, 'getLocation')).toMatchObject({ errno: 104 });

    (wx.api.onNeedPrivacyAuthorization as (h: (r: (a: object) => void) => void) => void)((resolve) => {
      wx.tapAgreeButton('privacy-agree');
      resolve({ event: 'agree', buttonId: 'privacy-agree' });
    });
    expect(await call(wx, 'getLocation')).toMatchObject({ errMsg: 'getLocation:ok' });
  });

  it('needs getLocation declared in requiredPrivateInfos', async () => {
    const wx = phone({ appJson: {} });
    wx.privacyAgreed = true;

    expect((await call(wx, 'getLocation')).errMsg).toContain('requiredPrivateInfos');
  });

  it('keeps a denied scope denied, without asking again, until the settings page turns it on from a tap', async () => {
    const wx = phone();
    wx.privacyAgreed = true;
    wx.user.answers['scope.userLocation'] = 'deny';
    wx.user.turnsOnInSettings = ['scope.userLocation'];

    expect((await call(wx, 'getLocation')).errMsg).toBe('getLocation:fail auth deny');
    wx.user.answers['scope.userLocation'] = 'allow';
    expect((await call(wx, 'getLocation')).errMsg).toBe('getLocation:fail auth deny');
    expect((await call(wx, 'openSetting')).errMsg).toContain('TAP gesture');
    await inTap(wx, () => call(wx, 'openSetting'));
    expect((await call(wx, 'getLocation')).errMsg).toBe('getLocation:ok');
  });

  it('lets a release build reach only registered HTTPS domains', async () => {
    const wx = phone();

    expect((await call(wx, 'request', { url: 'http://api.example.cn/x' })).errMsg).toBe('request:fail url not in domain list');
    expect((await call(wx, 'request', { url: 'https://elsewhere.cn/x' })).errMsg).toBe('request:fail url not in domain list');
  });

  it('refuses a recorder sample rate and bit rate WeChat does not pair', async () => {
    const wx = phone();
    wx.privacyAgreed = true;
    const rec = (wx.api.getRecorderManager as () => { start(o: object): void; onError(f: (e: Result) => void): void })();
    const error = new Promise<Result>((resolve) => rec.onError(resolve));

    rec.start({ sampleRate: 16000, encodeBitRate: 128000, format: 'mp3' });

    expect((await error).errMsg).toContain('encodeBitRate');
  });

  it('returns a Promise from an asynchronous API called without callbacks, as base library 2.10.2 does', async () => {
    const wx = phone();

    await expect((wx.api.showToast as (o: object) => Promise<Result>)({ title: '好' })).resolves.toMatchObject({ errMsg: 'showToast:ok' });
  });
});
