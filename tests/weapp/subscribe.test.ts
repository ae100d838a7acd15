import { useTestDb } from '../support/db';
import { signIn, templates, useStreetAndPhone } from '../support/weapp/phone';
import { reportAt } from '../support/world';

// Every path that asks for WeChat progress messages asks in the tap itself, as WeChat requires: on the double, a request
// made after an await fails ("can only be invoked by user TAP gesture"), and the test would see it.
const db = useTestDb();
const t = useStreetAndPhone(db);

const asks = () => t.phone.wx.calls.filter((c) => c.api === 'requestSubscribeMessage').map((c) => c.outcome);

/** A report of this phone's resident, already resolved by the grid's worker through the API. */
async function resolvedReport(): Promise<string> {
  const user = await db.models.User.findOne({ openid: t.phone.openid }).lean();
  const { token } = await t.street.server.services.tokens.sign({ userId: String(user!._id), role: 'resident' });
  const r = await t.street.world.api.submit(token, reportAt('DS-A1-C1-G1', 'parking_occupation'));
  const worker = await t.street.world.staff('demo-worker-DS-A1-C1-G1-urban');
  await t.street.world.api.act(worker.token, r.body.id, { action: 'accept' });
  await t.street.world.api.act(worker.token, r.body.id, { action: 'resolve', note: '已处理' });
  return r.body.id;
}

describe('asking for progress messages', () => {
  it('happens in the tap of 开启提醒 on a report, and the answer reaches the server', async () => {
    const { app } = t.phone;
    await app.launch();
    await app.until(() => app.find('同意'), 'the privacy consent');
    app.tap('同意');
    await signIn(app);
    const id = await resolvedReport();
    await app.open('package-report/detail/index', { id });
    await app.until(() => app.find('开启提醒'), 'the subscribe card');
    app.tap('开启提醒');
    await app.until(() => app.find('再开启一次'), 'the card saying it is on');

    expect(asks()).toEqual(['ok']);
    const user = await db.models.User.findOne({ openid: t.phone.openid }).lean();
    expect(await db.models.Subscription.find({ userId: user!._id }).lean()).toEqual(
      expect.arrayContaining([expect.objectContaining({ templateId: templates.resolved.templateId, active: true })]),
    );
  });

  it('happens in the tap of 提交评价', async () => {
    const { app } = t.phone;
    await app.launch();
    await app.until(() => app.find('同意'), 'the privacy consent');
    app.tap('同意');
    await signIn(app);
    const id = await resolvedReport();
    await app.open('package-report/rate/index', { id });
    await app.until(() => app.find(/5分|非常满意/), 'the stars');
    app.tap(app.text(app.find(/非常满意/)!.node).trim());
    await app.until(() => app.enabled('提交评价'), 'the rating button enabled');
    app.tap('提交评价');
    await app.until(async () => (await db.models.Report.findById(id).lean())?.status === 'closed', 'the rating saved', 10_000);

    expect(asks()).toEqual(['ok']);
  });
});
