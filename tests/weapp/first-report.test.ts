import { useTestDb } from '../support/db';
import { solidPng } from '../support/png';
import { signIn, templates, useStreetAndPhone } from '../support/weapp/phone';
import { centreOf } from '../support/world';

// The release weapp build, run on the strict WeChat double (tests/support/weapp): what a new WeChat user meets.
const db = useTestDb();
const t = useStreetAndPhone(db, (phone) => {
  const here = centreOf('DS-A1-C1-G1');
  phone.wx.user.position = { latitude: here.lat, longitude: here.lng };
  phone.wx.user.photos = [solidPng(64, 48, [200, 40, 40])];
});

const subscribeAsks = () => t.phone.wx.calls.filter((c) => c.api === 'requestSubscribeMessage');
const reportsOf = async (openid: string) => {
  const user = await db.models.User.findOne({ openid }).lean();
  return user ? db.models.Report.find({ residentId: user._id }).lean() : [];
};

describe('a new WeChat user', () => {
  it('files a first report with location and photo after tapping 同意 when WeChat asks, and is asked to subscribe in the tap', async () => {
    const { app, wx } = t.phone;
    await app.launch();
    // First launch: the consent is offered; the user postpones it (拒绝), so WeChat asks again at the first privacy API.
    await app.until(() => app.find('同意'), 'the privacy consent on first launch');
    app.tap('拒绝');
    await signIn(app);
    app.tap('我要报事');
    await app.until(() => app.page.route === 'package-report/new/index' && app.find('同意'), 'WeChat holding getLocation for the consent');
    expect(wx.calls.find((c) => c.api === 'getLocation')?.outcome).toBeUndefined();

    app.tap('同意');
    await app.until(() => app.shows('所在网格：'), 'the position, once agreed');
    app.tap('违停占道');
    app.type('请描述问题和具体位置，例如：3号楼东侧路灯不亮已两天', '小区门口消防通道被车堵住了');
    app.tap('＋ 添加照片');
    await app.until(() => !app.shows('上传中') && wx.calls.some((c) => c.api === 'uploadFile' && c.outcome === 'ok'), 'the photo uploaded');
    app.tap('提交报事');
    await app.until(() => app.page.route === 'package-report/detail/index', 'the report page after submitting');

    const [report] = await reportsOf(t.phone.openid);
    expect(report).toMatchObject({ categoryCode: 'parking_occupation', status: 'assigned', gridCode: 'DS-A1-C1-G1', photoIds: [expect.any(String)] });
    expect(subscribeAsks().map((c) => c.outcome)).toEqual(['ok']);
    expect((subscribeAsks()[0]!.options as { tmplIds: string[] }).tmplIds.sort()).toEqual([templates.assigned.templateId, templates.resolved.templateId].sort());
    expect(wx.calls.filter((c) => c.api === 'request').every((c) => String((c.options as { url: string }).url).startsWith('https://api.linli.test/'))).toBe(true);
    expect(app.errors).toEqual([]);
  });

  it('reports by voice in 关怀模式, asked for the subscription in the tap of 确认提交', async () => {
    const { app, wx } = t.phone;
    await app.launch();
    await app.until(() => app.find('同意'), 'the privacy consent on first launch');
    app.tap('同意');
    await signIn(app);
    app.tap('关怀模式（长辈版）');
    await app.until(() => app.find('按住说话 报事'), 'the care-mode home');
    app.press('按住说话 报事');
    await app.until(() => app.shows('0:01 /'), 'a second of recording');
    app.release(/松开/);
    await app.until(() => app.page.route === 'package-report/voice/index' && app.shows('✓ 录音已保存') && app.shows('已自动定位'), 'the clip saved and the place found');
    app.tap('确认提交');
    await app.until(() => app.page.route === 'package-report/done/index', 'the read-back page');

    const [report] = await reportsOf(t.phone.openid);
    expect(report).toMatchObject({ voiceIds: [expect.any(String)], gridCode: 'DS-A1-C1-G1' });
    expect(subscribeAsks().map((c) => c.outcome)).toEqual(['ok']);
    expect(wx.calls.find((c) => c.api === 'RecorderManager.start')?.options).toMatchObject({ sampleRate: 16000, encodeBitRate: 48000, format: 'mp3' });
  });
});
