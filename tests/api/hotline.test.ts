import { appealLimits, deadlineOf, defaultWorkCalendar, gcj02ToWgs84, type ReportView, type WorkOrderView } from '@linli/shared';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import type { Session } from '../support/api';
import { buildWorld, centreOf, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let worker: Session; // urban worker of DS-A1-C1-G1
let hotlineKey: string;
let open311Key: string;

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  worker = await w.staff('demo-worker-DS-A1-C1-G1-urban');
  const issue = (body: object) => w.api.call<{ apiKey: string; scope: string }>('POST', '/api/v1/admin/api-keys', { token: w.admin.token, body });
  const hotline = await issue({ name: '市12345热线', scope: 'hotline', gridCode: 'DS' });
  expect(hotline.status).toBe(201);
  expect(hotline.body.scope).toBe('hotline');
  hotlineKey = hotline.body.apiKey;
  open311Key = (await issue({ name: 'Open311 客户端' })).body.apiKey;
});
afterAll(() => server.close());

let seq = 0;
// 12345 speaks WGS-84; the grids are GCJ-02, so the order carries the GPS position of the grid's centre.
const where = gcj02ToWgs84(centreOf('DS-A1-C1-G1'));
const order = (extra: Record<string, unknown> = {}) => ({
  orderNo: `GD2026112800${String(++seq).padStart(2, '0')}`,
  appealType: '投诉',
  content: '小区门口一辆车停在消防通道上好几天了',
  address: '顶山街道示例路5号',
  lat: where.lat,
  long: where.lng,
  categoryCode: 'parking_occupation',
  contactName: '王先生',
  contactPhone: '13812345678',
  ...extra,
});
const send = (body: unknown, key: string | null = hotlineKey) =>
  w.api.call<WorkOrderView & { error?: { code: string } }>('POST', '/api/v1/hotline/work-orders', { body, headers: key ? { 'X-Api-Key': key } : {} });
const read = (orderNo: string, key = hotlineKey) => w.api.call<WorkOrderView>('GET', `/api/v1/hotline/work-orders/${orderNo}`, { headers: { 'X-Api-Key': key } });
const hotline = (orderNo: string, step: 'extension' | 'visit', body: unknown) =>
  w.api.call<WorkOrderView & { error?: { code: string } }>('POST', `/api/v1/hotline/work-orders/${orderNo}/${step}`, { body, headers: { 'X-Api-Key': hotlineKey } });

/** The street's report behind an order, as the worker's workbench lists it. */
async function reportOf(orderNo: string): Promise<ReportView> {
  const reportNo = (await read(orderNo)).body.reportNo;
  const found = await db.models.Report.findOne({ no: reportNo }).lean();
  return (await w.api.get(worker.token, String(found!._id))).body;
}

describe('receiving a 12345 work order (转办)', () => {
  it('routes it to the grid worker like a resident’s report, carrying the 诉求类型 and the deadline it implies', async () => {
    const body = order();
    const res = await send(body);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ orderNo: body.orderNo, appealType: '投诉', state: '待签收', signedAt: null, returned: null, steps: [{ step: '受理' }, { step: '交办' }] });
    const report = await reportOf(body.orderNo);
    expect(report).toMatchObject({ channel: 'hotline', status: 'assigned', categoryCode: 'parking_occupation', hotline: { orderNo: body.orderNo, appealType: '投诉' }, contactPhone: '138****5678' });
    // 投诉: 10 working days from 受理 on the street's calendar; 签收 within two hours.
    const received = new Date(report.createdAt);
    const due = deadlineOf(received, appealLimits['投诉'], defaultWorkCalendar).getTime();
    expect(Math.abs(new Date(report.resolveBy!).getTime() - due)).toBeLessThan(5_000);
    expect(new Date(report.signBy!).getTime() - received.getTime()).toBeLessThanOrEqual(2 * 3_600_000 + 1_000);
    expect(report.timeline[0]!.note).toContain(`12345热线转办，工单号 ${body.orderNo}`);
  });

  it('keeps the deadline 12345 gives, and answers the same order sent twice with the one report', async () => {
    const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const body = order({ deadline });
    const first = await send(body);
    const again = await send(body);

    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.reportNo).toBe(first.body.reportNo);
    expect(first.body.deadline).toBe(deadline);
    expect(await db.models.Report.countDocuments({ 'hotline.orderNo': body.orderNo })).toBe(1);
  });

  it('sends an order with no position to the grid the key names, for its command centre to 交办', async () => {
    const { lat: _lat, long: _long, ...noPosition } = order();
    const res = await send({ ...noPosition, categoryCode: 'other' });

    expect(res.status).toBe(201);
    expect(await db.models.Report.findOne({ no: res.body.reportNo }).lean()).toMatchObject({ streetCode: 'DS', channel: 'hotline' });
  });

  it('refuses a bad order in words and writes nothing', async () => {
    const before = await db.models.Report.countDocuments({});
    const wrongType = await send(order({ appealType: '吐槽' }));
    const halfPosition = await send(order({ long: undefined }));
    const operator = await send(order({ orderNo: { $gt: '' } }));

    for (const res of [wrongType, halfPosition, operator]) expect(res.status).toBe(400);
    expect(wrongType.body.error?.code).toBe('VALIDATION_FAILED');
    expect(await db.models.Report.countDocuments({})).toBe(before);
  });

  it('opens only to a hotline key: none, an Open311 key or another hotline’s key see nothing', async () => {
    const body = order();
    expect((await send(body)).status).toBe(201);

    expect((await send(order(), null)).body.error?.code).toBe('API_KEY_INVALID');
    // Without a key, even a malformed order is answered 401: the caller learns nothing about the input.
    const blind = await send({}, null);
    expect([blind.status, blind.body.error?.code]).toEqual([401, 'API_KEY_INVALID']);
    expect((await send(order(), open311Key)).status).toBe(401);
    const other = await w.api.call<{ apiKey: string }>('POST', '/api/v1/admin/api-keys', { token: w.admin.token, body: { name: '区12345分中心', scope: 'hotline' } });
    expect((await read(body.orderNo, other.body.apiKey)).status).toBe(404);
    const open311 = await fetch(`${server.url}/open311/v2/requests.json?api_key=${hotlineKey}`);
    expect(open311.status).toBe(403);
  });
});

describe('the street’s answers and the hotline’s decisions', () => {
  it('signs, asks for 延期 that only 12345 may grant, replies, and reopens on 不满意 until 满意 closes it', async () => {
    const { orderNo } = order();
    const created = await send({ ...order(), orderNo });
    expect(created.status).toBe(201);
    const id = (await reportOf(orderNo)).id;

    expect((await w.api.act(worker.token, id, { action: 'accept' })).status).toBe(200);
    expect((await read(orderNo)).body).toMatchObject({ state: '办理中', signedAt: expect.any(String) });

    const asked = new Date(Date.now() + 30 * 86_400_000).toISOString();
    expect((await w.api.act(worker.token, id, { action: 'extend', note: '需协调交警拖车', dueAt: asked })).status).toBe(200);
    expect((await read(orderNo)).body.extension).toMatchObject({ state: 'pending', reason: '需协调交警拖车' });
    const byStreet = await w.api.act(w.dispatcher.token, id, { action: 'approve_extension' });
    expect(byStreet.status).toBe(409);
    expect(byStreet.body).toMatchObject({ error: { code: 'HOTLINE_DECIDES' } });
    const granted = await hotline(orderNo, 'extension', { approved: true });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ extension: { state: 'granted' }, deadline: asked });
    // 转派 starts a new clock, but the granted deadline is the hotline's and stays.
    const workerId = String((await db.models.User.findOne({ openid: 'demo-worker-DS-A1-C1-G1-urban' }).lean())!._id);
    const handedOver = await w.api.act(w.dispatcher.token, id, { action: 'reassign', assigneeId: workerId, note: '请原网格员继续跟进' });
    expect(handedOver.body.resolveBy).toBe(asked);
    expect((await w.api.act(worker.token, id, { action: 'accept' })).status).toBe(200);

    expect((await w.api.act(worker.token, id, { action: 'resolve', note: '已联系车主挪车，消防通道已畅通' })).status).toBe(200);
    expect((await read(orderNo)).body).toMatchObject({ state: '已办结待回访', reply: '已联系车主挪车，消防通道已畅通' });

    const unhappy = await hotline(orderNo, 'visit', { satisfaction: '不满意', comment: '车又停回来了' });
    expect(unhappy.status).toBe(200);
    expect(unhappy.body.state).toBe('待签收');
    expect(unhappy.body.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['回访评价', '重办']));

    await w.api.act(worker.token, id, { action: 'accept' });
    await w.api.act(worker.token, id, { action: 'resolve', note: '已安装隔离桩，车辆无法再停' });
    const happy = await hotline(orderNo, 'visit', { satisfaction: '满意' });
    expect(happy.body).toMatchObject({ state: '已归档', satisfaction: { score: 5 } });
    expect(happy.body.steps.map((s) => s.step)).toEqual(['受理', '交办', '签收', '延期申请', '延期同意', '交办', '签收', '办结', '回访评价', '重办', '签收', '办结', '回访评价']);
    expect((await hotline(orderNo, 'visit', { satisfaction: '满意' })).status).toBe(409);
  });

  it('refuses a 延期 decision when nothing was asked', async () => {
    const { orderNo } = order();
    await send({ ...order(), orderNo });

    const res = await hotline(orderNo, 'extension', { approved: false, note: '不予延期' });
    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe('NO_EXTENSION_PENDING');
  });

  it('lets the command centre 退回 an order that is not the street’s, with the reason 12345 reads', async () => {
    const { orderNo } = order();
    await send({ ...order(), orderNo });
    const id = (await reportOf(orderNo)).id;

    expect((await w.api.act(w.dispatcher.token, id, { action: 'return_to_hotline' })).status).toBe(400);
    const back = await w.api.act(w.dispatcher.token, id, { action: 'return_to_hotline', note: '该地址属于邻街道管辖' });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('closed');

    expect((await read(orderNo)).body).toMatchObject({ state: '已退回', deadline: null, returned: { reason: '该地址属于邻街道管辖' } });
  });

  it('does not let a resident’s report be 退回 to 12345, nor a worker return one', async () => {
    const resident = await w.resident();
    const own = await w.api.submit(resident.token, { categoryCode: 'noise', description: '楼上太吵', location: centreOf('DS-A1-C1-G1') });
    const res = await w.api.act(w.dispatcher.token, own.body.id, { action: 'return_to_hotline', note: '不是12345的' });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'NOT_HOTLINE_ORDER' } });
    const { orderNo } = order();
    await send({ ...order(), orderNo });
    expect((await w.api.act(worker.token, (await reportOf(orderNo)).id, { action: 'return_to_hotline', note: '不归我' })).status).toBe(403);
  });
});
