import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { WechatDouble } from '../support/wechat-double';
import { buildWorld, type World } from '../support/world';

// Where the mini-program is a certified 政务民生 account (WECHAT_PHONE_BINDING), an invited member can bind by the
// phone WeChat verified instead of typing the code: the number must match exactly one pending invitation.
const db = useTestDb();
const wechat = new WechatDouble();
let server: TestServer;
let w: World;

beforeAll(async () => {
  await wechat.start();
  server = await startTestServer(db, { WECHAT_API_BASE: wechat.url, WECHAT_APPID: wechat.appid, WECHAT_SECRET: wechat.secret, WECHAT_PHONE_BINDING: 'true' });
  w = await buildWorld(server);
});
afterAll(async () => {
  await server.close();
  await wechat.stop();
});

interface Bound {
  user: { id: string; role: string; gridCodes: string[] };
  error?: { code: string; message: string };
}
const invite = (phone: string, extra: object = {}) =>
  w.api.call<{ id: string }>('POST', '/api/v1/admin/invitations', { token: w.admin.token, body: { role: 'grid_worker', name: '手机号网格员', phone, gridCodes: ['DS-A1-C1-G1'], ...extra } });
const bindByPhone = (token: string, phoneCode: string) => w.api.call<Bound>('POST', '/api/v1/auth/bind', { token, body: { phoneCode } });

describe('binding by the verified phone number', () => {
  it('turns the account into the staff member invited for that number, and logs that the phone matched', async () => {
    const made = await invite('13911112222');
    const newcomer = await w.resident('新人');

    const bound = await bindByPhone(newcomer.token, wechat.phoneCodeFor('13911112222'));

    expect(bound.status).toBe(200);
    expect(bound.body.user).toMatchObject({ id: newcomer.user.id, role: 'grid_worker', gridCodes: ['DS-A1-C1-G1'] });
    const entry = await db.models.AdminLog.findOne({ action: 'invitation.redeem', subject: made.body.id }).lean();
    expect(entry!.after).toMatchObject({ by: 'phone' });
    expect(wechat.calls('/wxa/business/getuserphonenumber')).toHaveLength(1);
  });

  it('refuses a number with no pending invitation, an expired one, two at once, and a used phone code — changing nothing', async () => {
    await invite('13933334444', { expiresInHours: 1 });
    server.clock.advance(2 * 3_600_000);
    const resident = await w.resident('没有邀请的人');
    try {
      const none = await bindByPhone(resident.token, wechat.phoneCodeFor('13900000000'));
      const expired = await bindByPhone(resident.token, wechat.phoneCodeFor('13933334444'));
      await invite('13955556666');
      await invite('13955556666', { name: '同号第二人' });
      const twice = await bindByPhone(resident.token, wechat.phoneCodeFor('13955556666'));
      const code = wechat.phoneCodeFor('13977778888');
      await bindByPhone(resident.token, code);
      const reused = await bindByPhone(resident.token, code);

      expect([none.status, expired.status, twice.status, reused.status]).toEqual([404, 404, 409, 400]);
      expect(none.body.error).toMatchObject({ code: 'INVITATION_NO_PHONE_MATCH', message: expect.stringContaining('139****0000') });
      expect(twice.body.error!.code).toBe('INVITATION_PHONE_AMBIGUOUS');
      expect(reused.body.error!.code).toBe('PHONE_CODE_INVALID');
      expect((await db.models.User.findById(resident.user.id).lean())!.role).toBe('resident');
      expect(await db.models.Invitation.countDocuments({ phone: '13955556666', usedAt: { $ne: null } })).toBe(0);
    } finally {
      server.clock.advance(-2 * 3_600_000);
    }
  });

  it('tells the mini-program that phone binding is on', async () => {
    const config = await w.api.call<{ phoneBinding: boolean }>('GET', '/api/v1/client-config');

    expect(config.body.phoneBinding).toBe(true);
  });
});
