import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import type { Session } from '../support/api';
import { buildWorld, reportAt, type World } from '../support/world';

// A call-back number and 亲友代办: personal information the reporter gives, that staff reach only through the audited reveal.
const db = useTestDb();
let server: TestServer;
let w: World;
let daughter: Session;
let worker: Session;

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  daughter = await w.resident('王女士');
  worker = await w.staff('demo-worker-DS-A1-C1-G1-social');
});
afterAll(() => server.close());

describe('亲友代办 with a call-back number', () => {
  it('files for an elderly relative: staff see who it is for and a masked number they reveal with a reason, logged', async () => {
    const res = await w.api.submit(daughter.token, reportAt('DS-A1-C1-G1', 'elderly_help', { description: '我父亲一个人在家，腿脚不便，想请社区上门看看', contactPhone: '13912345678', onBehalfOf: { name: '王大爷', relation: '父母' } }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ onBehalfOf: { name: '王大爷', relation: '父母' } });
    expect(res.body).not.toHaveProperty('contactPhone');

    const seen = (await w.api.get(worker.token, res.body.id)).body;
    expect(seen).toMatchObject({ onBehalfOf: { name: '王大爷', relation: '父母' }, contactPhone: '139****5678' });
    const revealed = await w.api.call<{ phone: string }>('POST', `/api/v1/reports/${res.body.id}/reveal-phone`, { token: worker.token, body: { reason: '上门前电话确认老人在家' } });
    expect(revealed.body.phone).toBe('13912345678');
    expect(await db.models.AccessLog.countDocuments({ action: 'phone.reveal', subjectIds: res.body.id })).toBe(1);
  });

  it('shows a neighbour who joined neither the number nor who the report is for', async () => {
    const filed = await w.api.submit(daughter.token, reportAt('DS-A1-C1-G1', 'street_light', { contactPhone: '13912345678', onBehalfOf: { name: '王大爷' } }));
    const neighbour = await w.resident('邻居');
    const { lng, lat } = reportAt('DS-A1-C1-G1').location;
    expect((await w.api.call('POST', `/api/v1/reports/${filed.body.id}/join`, { token: neighbour.token, body: { lng, lat } })).status).toBe(200);

    const theirs = (await w.api.get(neighbour.token, filed.body.id)).body;
    expect(theirs.onBehalfOf).toBeNull();
    expect(theirs).not.toHaveProperty('contactPhone');
  });

  it('refuses a number that is not a mobile number, in words, and files nothing', async () => {
    const before = await db.models.Report.countDocuments({});
    const res = await w.api.submit(daughter.token, reportAt('DS-A1-C1-G1', 'street_light', { contactPhone: '12345' }));

    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('请填写11位手机号码');
    expect(await db.models.Report.countDocuments({})).toBe(before);
  });
});
