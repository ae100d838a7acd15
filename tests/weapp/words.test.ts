import { useTestDb } from '../support/db';
import { launchSignedIn, useStreetAndPhone } from '../support/weapp/phone';
import { centreOf } from '../support/world';

// The release weapp build on the strict WeChat double: what the resident's words bring up while they type.
const db = useTestDb();
const t = useStreetAndPhone(db, (phone) => {
  const here = centreOf('DS-A1-C1-G1');
  phone.wx.user.position = { latitude: here.lat, longitude: here.lng };
});

async function openReportForm() {
  const { app } = t.phone;
  await launchSignedIn(app);
  app.tap('我要报事');
  await app.until(() => app.page.route === 'package-report/new/index' && app.shows('所在网格：'), 'the report form, located');
}

describe('a resident describing an emergency', () => {
  it('is shown “紧急情况请立即拨打 110 / 119 / 120” as soon as the words say it, and one tap calls 119', async () => {
    const { app, wx } = t.phone;
    await openReportForm();
    expect(app.shows('紧急情况请立即拨打')).toBe(false);

    app.type('请描述问题和具体位置，例如：3号楼东侧路灯不亮已两天', '楼道里有股很大的煤气味，好像漏气了');
    await app.until(() => app.shows('紧急情况请立即拨打 110 / 119 / 120'), 'the emergency banner');
    app.tap('拨打 119（火警、燃气泄漏）');

    await app.until(() => wx.calls.some((c) => c.api === 'makePhoneCall' && c.outcome === 'ok'), 'the call placed');
    expect(wx.calls.find((c) => c.api === 'makePhoneCall')!.options).toMatchObject({ phoneNumber: '119' });
    expect(app.errors).toEqual([]);
  });
});

describe('a resident who writes before choosing a category', () => {
  it('is offered the likely categories under the words and picks one with a tap', async () => {
    const { app } = t.phone;
    await openReportForm();

    app.type('请描述问题和具体位置，例如：3号楼东侧路灯不亮已两天', '共享单车把盲道全堵了，盲人没法走');
    await app.until(() => app.shows('看起来是：'), 'the guesses under the words');
    app.tap(/^违停占道/);
    await app.until(() => app.shows('具体是（选填）') && !app.shows('看起来是：'), 'the category chosen, its 小类 offered');
    app.tap('提交报事');
    await app.until(() => app.page.route === 'package-report/detail/index', 'the report page after submitting');

    const user = await db.models.User.findOne({ openid: t.phone.openid }).lean();
    expect(await db.models.Report.findOne({ residentId: user!._id }).lean()).toMatchObject({ categoryCode: 'parking_occupation', categorySource: 'resident' });
    expect(app.errors).toEqual([]);
  });
});
