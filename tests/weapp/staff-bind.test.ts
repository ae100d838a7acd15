import { useTestDb } from '../support/db';
import { newPhone, signIn, startStreet, type Phone, type Street } from '../support/weapp/phone';

// On a certified 政务民生 account an invited member binds by the phone WeChat verified: the getPhoneNumber button,
// a privacy interface, on the release build and the WeChat double.
const db = useTestDb();
let street: Street;
let phone: Phone;
const NUMBER = '13822223333';

beforeAll(async () => {
  street = await startStreet(db, { WECHAT_PHONE_BINDING: 'true' });
});
afterAll(() => street.close());
afterEach(() => phone.close());

async function invited(): Promise<void> {
  const res = await street.world.api.call('POST', '/api/v1/admin/invitations', {
    token: street.world.admin.token,
    body: { role: 'grid_worker', name: '手机绑定网格员', phone: NUMBER, gridCodes: ['DS-A1-C1-G1'], specialty: 'urban' },
  });
  expect(res.status).toBe(201);
}

/** 我的 → 工作人员绑定, opened. */
async function bindCard(): Promise<void> {
  await phone.app.open('pages/me/index');
  await phone.app.until(() => phone.app.find('工作人员绑定'), 'the binding card');
  phone.app.tap('工作人员绑定');
  await phone.app.until(() => phone.app.find('用本机手机号绑定'), 'the phone button');
}
const roleOf = async () => (await db.models.User.findOne({ openid: phone.openid }).lean())!.role;

describe('binding by the verified phone on a phone', () => {
  it('binds with one tap once the privacy guide is agreed, asking for it first when it was refused', async () => {
    phone = newPhone(street, { verifiedPhone: NUMBER });
    await invited();
    const { app } = phone;
    await app.launch();
    await app.until(() => app.find('拒绝'), 'the privacy consent on first launch');
    app.tap('拒绝');
    await signIn(app);
    await bindCard();

    app.tap('用本机手机号绑定');
    // WeChat holds the phone sheet until the user agrees in the app's own consent popup.
    await app.until(() => app.find('同意'), 'the consent asked again');
    expect(await roleOf()).toBe('resident');
    app.tap('同意');

    await app.until(async () => (await roleOf()) === 'grid_worker', 'the account bound');
    await app.until(() => app.shows('待办'), 'the workbench');
    expect(phone.wx.calls.filter((c) => c.api === 'getPhoneNumber')).toHaveLength(1);
  });

  it('says so and changes nothing when the user does not share the number', async () => {
    phone = newPhone(street, { verifiedPhone: '13844445555' });
    phone.wx.user.sharesPhone = 'deny';
    const { app } = phone;
    await app.launch();
    await app.until(() => app.find('同意'), 'the privacy consent on first launch');
    app.tap('同意');
    await signIn(app);
    await bindCard();

    app.tap('用本机手机号绑定');

    await app.until(() => app.shows('没有获得手机号，也可以输入邀请码绑定'), 'the refusal explained');
    expect(await roleOf()).toBe('resident');
  });
});
