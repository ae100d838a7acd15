import { Types } from 'mongoose';
import { useTestDb } from '../support/db';
import { launchSignedIn, useStreetAndPhone } from '../support/weapp/phone';
import { centreOf } from '../support/world';

// The release weapp build on the strict WeChat double: an update waiting is a badge on 我的报事.
const db = useTestDb();
const t = useStreetAndPhone(db, (phone) => {
  const here = centreOf('DS-A1-C1-G1');
  phone.wx.user.position = { latitude: here.lat, longitude: here.lng };
});

describe('updates a resident has not read', () => {
  it('show as a badge on 我的报事 on every tab page, and go when read', async () => {
    const { app, wx } = t.phone;
    await launchSignedIn(app);
    const user = await db.models.User.findOne({ openid: t.phone.openid }).lean();
    // An update delivered while the app was in the background.
    await db.models.Notification.create({ _id: `n-${Date.now()}`, userId: user!._id, reportId: new Types.ObjectId(), event: 'resolved', title: '已办结', body: '您报的问题已办结，请评价', read: false, createdAt: new Date() });

    await app.open('pages/me/index');
    await app.until(() => wx.tabBadges.get(1) === '1', 'the badge on 我的报事');
    expect(wx.calls.filter((c) => c.api === 'setTabBarBadge').every((c) => c.outcome === 'ok')).toBe(true);

    await db.models.Notification.updateMany({ userId: user!._id }, { $set: { read: true } });
    await app.open('pages/index/index');
    await app.until(() => !wx.tabBadges.has(1), 'the badge gone once read');
    expect(app.errors).toEqual([]);
  });
});
