import { useTestDb } from '../support/db';
import { solidPng } from '../support/png';
import { signIn, useStreetAndPhone } from '../support/weapp/phone';
import { centreOf } from '../support/world';

// What happens when a resident says no — to the privacy guide, or to a permission — on the release weapp build and the
// strict WeChat double: the app stays usable, and a denied permission can be turned back on from the page.
const db = useTestDb();
const t = useStreetAndPhone(db, (phone) => {
  const here = centreOf('DS-A2-C1-G1');
  phone.wx.user.position = { latitude: here.lat, longitude: here.lng };
  phone.wx.user.photos = [solidPng()];
});

const reportOf = async (openid: string) => {
  const user = await db.models.User.findOne({ openid }).lean();
  return db.models.Report.findOne({ residentId: user!._id }).lean();
};

describe('a resident who says no', () => {
  it('can still file a report after 拒绝: the grid chosen by name instead of a position, and no photos', async () => {
    const { app, wx } = t.phone;
    await app.launch();
    await app.until(() => app.find('拒绝'), 'the privacy consent on first launch');
    app.tap('拒绝');
    await signIn(app);
    app.tap('我要报事');
    // WeChat asks again when the page wants the position: refused again, the position fails with errno 104.
    await app.until(() => app.page.route === 'package-report/new/index' && app.find('拒绝'), 'the consent held by getLocation');
    app.tap('拒绝');
    await app.until(() => app.shows('请选择问题所在的网格'), 'the grid picker');
    expect(wx.calls.find((c) => c.api === 'getLocation')?.outcome).toBe('privacy permission is not authorized');

    const choice = await app.until(() => app.find(/ · .+/), 'the grids by name');
    app.tap(app.text(choice.node).trim());
    app.tap('环境卫生');
    app.type('请描述问题和具体位置，例如：3号楼东侧路灯不亮已两天', '垃圾桶满了没人清理');
    app.tap('＋ 添加照片');
    await app.until(() => app.find('拒绝'), 'the consent held by chooseMedia');
    app.tap('拒绝');
    await app.until(() => app.shows('无法选择照片'), 'the words on photos');
    app.tap('提交报事');
    await app.until(() => app.page.route === 'package-report/detail/index', 'the report page');

    const report = await reportOf(t.phone.openid);
    expect(report).toMatchObject({ photoIds: [] });
    expect(report!.location?.lng).toBeUndefined();
    expect(report!.gridCode).toMatch(/^DS-/);
    expect(wx.privacyAgreed).toBe(false);
  });

  it('is led to WeChat settings after denying the microphone, and then records', async () => {
    const { app, wx } = t.phone;
    wx.user.answers['scope.record'] = 'deny';
    wx.user.turnsOnInSettings = ['scope.record'];
    await app.launch();
    await app.until(() => app.find('同意'), 'the privacy consent on first launch');
    app.tap('同意');
    await signIn(app);
    app.tap('关怀模式（长辈版）');
    await app.until(() => app.find('按住说话 报事'), 'the care-mode home');
    app.press('按住说话 报事');
    await app.until(() => app.find('去设置打开麦克风'), 'the way to the settings page');
    app.release(/按住说话|松开/);
    expect(wx.calls.filter((c) => c.api === 'openSetting')).toEqual([]);

    app.tap('去设置打开麦克风');
    await app.until(() => !app.find('去设置打开麦克风'), 'the help gone once the microphone is on');
    app.press('按住说话 报事');
    await app.until(() => app.shows('0:01 /'), 'a second of recording');
    app.release(/松开/);
    await app.until(() => app.page.route === 'package-report/voice/index', 'the confirmation page with the clip');

    expect(wx.settingsOpened).toBe(1);
    expect(wx.calls.find((c) => c.api === 'openSetting')?.outcome).toBe('ok');
  });

  it('is led to WeChat settings after denying the position, and the page locates when they come back', async () => {
    const { app, wx } = t.phone;
    wx.user.answers['scope.userLocation'] = 'deny';
    wx.user.turnsOnInSettings = ['scope.userLocation'];
    await app.launch();
    await app.until(() => app.find('同意'), 'the privacy consent on first launch');
    app.tap('同意');
    await signIn(app);
    app.tap('我要报事');
    await app.until(() => app.page.route === 'package-report/new/index' && app.find('去设置打开位置'), 'the way to the settings page');
    await app.until(() => app.shows('请选择问题所在的网格'), 'the grid picker beside it');

    app.tap('去设置打开位置');
    await app.until(() => app.shows('所在网格：'), 'the position after the settings page');

    const outcomes = wx.calls.filter((c) => c.api === 'getLocation').map((c) => c.outcome);
    expect(outcomes.at(-1)).toBe('ok');
    expect(outcomes.slice(0, -1).every((o) => o === 'auth deny')).toBe(true);
  });
});
