import { SaxesParser } from 'saxes';
import { gcj02ToWgs84 } from '@linli/shared';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { jpegBytes } from '../support/media-samples';
import { request } from '../support/http';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, centreOf, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let apiKey: string;
let worker: Session;

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  worker = await w.staff('demo-worker-DS-A2-C1-G2-urban');
  const issued = await w.api.call<{ apiKey: string }>('POST', '/api/v1/admin/api-keys', { token: w.admin.token, body: { name: '12345热线' } });
  apiKey = issued.body.apiKey;
});
afterAll(() => server.close());

const base = () => `${server.url}/open311/v2`;
const post = (fmt: 'json' | 'xml', fields: Record<string, string>) =>
  request(`${base()}/requests.${fmt}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(fields).toString(),
  });
// Open311 speaks WGS-84; the grids are GCJ-02, so the client sends the GPS position of the grid's centre.
const where = gcj02ToWgs84(centreOf('DS-A2-C1-G2'));
const validFields = () => ({ api_key: apiKey, service_code: 'street_light', lat: String(where.lat), long: String(where.lng), description: '路灯<b>不亮</b>', address_string: '示例路8号' });
/** Whether a strict XML 1.0 parser reads the document without an error. */
function wellFormed(xml: string): boolean {
  const parser = new SaxesParser({ xmlns: false });
  let ok = true;
  parser.on('error', () => (ok = false));
  parser.write(xml).close();
  return ok;
}
const xmlValue = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

describe('Open311 discovery and services', () => {
  it('describes itself in JSON and XML with contact, changeset, key service and both formats', async () => {
    const json = await request<{ contact: string; changeset: string; endpoints: { formats: string[]; specification: string }[] }>(`${base()}/discovery.json`);
    const xml = await request(`${base()}/discovery.xml`);

    expect(json.status).toBe(200);
    expect(json.body.contact).toBeTruthy();
    expect(json.body.changeset).toMatch(/\+08:00$/);
    expect(json.body.endpoints[0]!.formats).toEqual(expect.arrayContaining(['text/xml', 'application/json']));
    expect(xml.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(xml.text).toContain('<discovery>');
    expect(xml.text).toContain('<format>text/xml</format>');
    expect(xml.text).toContain('<key_service>');
  });

  it('lists every active category as a service, each with a code, in both formats', async () => {
    const json = await request<{ service_code: string; service_name: string; type: string }[]>(`${base()}/services.json`);
    const xml = await request(`${base()}/services.xml`);

    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.body.length).toBeGreaterThanOrEqual(13);
    expect(json.body.every((s) => s.service_code && s.service_name && s.type === 'realtime')).toBe(true);
    expect(xml.text.match(/<service>/g)).toHaveLength(json.body.length);
  });

  it('serves a service definition, and 404 in the spec shape for an unknown one', async () => {
    const def = await request<{ service_code: string; attributes: unknown[] }>(`${base()}/services/noise.json`);
    const missing = await request<{ code: number; description: string }[]>(`${base()}/services/unknown_thing.json`);
    const missingXml = await request(`${base()}/services/unknown_thing.xml`);

    expect(def.body).toEqual({ service_code: 'noise', attributes: [] });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual([{ code: 404, description: expect.any(String) }]);
    expect(missingXml.text).toMatch(/<errors><error><code>404<\/code><description>.+<\/description><\/error><\/errors>/);
  });
});

describe('POST /open311/v2/requests', () => {
  it('refuses a request without a valid api_key with 403 in the spec error shape, creating nothing', async () => {
    const before = await db.models.Report.countDocuments();

    const none = await post('json', { ...validFields(), api_key: '' });
    const wrong = await post('xml', { ...validFields(), api_key: 'o311_not_a_key' });

    expect(none.status).toBe(403);
    expect(none.body).toEqual([{ code: 403, description: 'api_key is required' }]);
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('<errors><error><code>403</code>');
    expect(await db.models.Report.countDocuments()).toBe(before);
  });

  it('creates exactly one report, routed like one from the mini-program, and answers its id', async () => {
    const before = await db.models.Report.countDocuments();

    const res = await post('json', validFields());

    expect(res.status).toBe(201);
    const [created] = res.body as { service_request_id: string }[];
    expect(created!.service_request_id).toMatch(/^\d{8}-\d{4}$/);
    expect(await db.models.Report.countDocuments()).toBe(before + 1);
    const stored = await db.models.Report.findOne({ no: created!.service_request_id }).lean();
    expect(stored).toMatchObject({ channel: 'open311', status: 'assigned', gridCode: 'DS-A2-C1-G2', description: '路灯不亮' });
    expect(String(stored!.assigneeId)).toBe(worker.user.id);
  });

  it('answers in XML too', async () => {
    const res = await post('xml', validFields());

    expect(res.status).toBe(201);
    expect(res.text).toMatch(/<service_requests><request><service_request_id>\d{8}-\d{4}<\/service_request_id>/);
  });

  it('refuses an unknown service, a missing location and a half coordinate with 400', async () => {
    const { lat: _lat, long: _long, address_string: _a, ...noLocation } = validFields();

    expect((await post('json', { ...validFields(), service_code: 'nothing' })).status).toBe(400);
    expect((await post('json', noLocation)).status).toBe(400);
    expect((await post('json', { ...noLocation, lat: '32.1' })).status).toBe(400);
    expect((await post('json', { ...validFields(), lat: '95' })).status).toBe(400);
  });

  it('takes an address without coordinates into the dispatcher’s queue', async () => {
    const { lat: _lat, long: _long, ...fields } = validFields();

    const res = await post('json', fields);
    const id = (res.body as { service_request_id: string }[])[0]!.service_request_id;

    expect(res.status).toBe(201);
    expect(await db.models.Report.findOne({ no: id }).lean()).toMatchObject({ status: 'submitted', gridCode: null });
  });
});

describe('Open311 under abuse', () => {
  it('keeps the XML well-formed whatever characters a client sends, U+FFFE and U+FFFF included', async () => {
    const created = await post('xml', { ...validFields(), description: '路灯\uFFFE不亮\uFFFF\u0001了', address_string: '示例路\uFFFF8号' });
    const id = xmlValue(created.text, 'service_request_id')!;
    const read = await request(`${base()}/requests/${id}.xml?api_key=${apiKey}`);

    expect(created.status).toBe(201);
    expect(wellFormed(created.text)).toBe(true);
    expect(wellFormed(read.text)).toBe(true);
    expect(xmlValue(read.text, 'description')).toBe('路灯不亮了');
    expect(xmlValue(read.text, 'address')).toBe('示例路8号');
  });

  it('limits how many requests one API key may hand in per minute, answering 429 in the spec shape', async () => {
    const limited = await startTestServer(db, { RATE_LIMIT_OPEN311_PER_MIN: '3' });
    const key = (await w.api.call<{ apiKey: string }>('POST', '/api/v1/admin/api-keys', { token: w.admin.token, body: { name: '限流测试' } })).body.apiKey;
    const postTo = () =>
      request<{ code: number; description: string }[]>(`${limited.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: new URLSearchParams({ ...validFields(), api_key: key }).toString(),
      });
    const before = await db.models.Report.countDocuments();

    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await postTo());
    await limited.close();

    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429, 429]);
    expect(answers[3]!.body[0]).toMatchObject({ code: 429 });
    expect(answers[3]!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await db.models.Report.countDocuments()).toBe(before + 3);
  });
});

describe('GET /open311/v2/requests', () => {
  it('reads a request back open, then closed with the worker’s reply as status_notes, in JSON and XML', async () => {
    const id = ((await post('json', validFields())).body as { service_request_id: string }[])[0]!.service_request_id;
    const open = await request<Record<string, unknown>[]>(`${base()}/requests/${id}.json?api_key=${apiKey}`);
    const report = await db.models.Report.findOne({ no: id }).lean();
    await w.api.act(worker.token, String(report!._id), { action: 'accept' });
    const photo = (await w.api.upload(worker.token, jpegBytes())).body.id;
    await w.api.act(worker.token, String(report!._id), { action: 'resolve', note: '已更换灯具', photoIds: [photo] });

    const closed = await request<Record<string, unknown>[]>(`${base()}/requests/${id}.json?api_key=${apiKey}`);
    const xml = await request(`${base()}/requests/${id}.xml?api_key=${apiKey}`);

    expect(open.body[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'street_light',
      service_name: '路灯照明',
      agency_responsible: '九华社区第二网格',
      lat: expect.closeTo(where.lat, 5),
      long: expect.closeTo(where.lng, 5),
      address: '示例路8号',
      requested_datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/),
      expected_datetime: expect.stringMatching(/\+08:00$/),
    });
    expect(closed.body[0]).toMatchObject({ status: 'closed', status_notes: '已更换灯具' });
    expect(xmlValue(xml.text, 'status')).toBe('closed');
    expect(xmlValue(xml.text, 'status_notes')).toBe('已更换灯具');
  });

  it('lists the client’s requests with status filter and page/page_size', async () => {
    await post('json', validFields());
    await post('json', validFields());

    const all = await request<{ service_request_id: string }[]>(`${base()}/requests.json?api_key=${apiKey}`);
    const page1 = await request<{ service_request_id: string }[]>(`${base()}/requests.json?api_key=${apiKey}&page_size=2&page=1`);
    const page2 = await request<{ service_request_id: string }[]>(`${base()}/requests.json?api_key=${apiKey}&page_size=2&page=2`);
    const closed = await request<{ status: string }[]>(`${base()}/requests.json?api_key=${apiKey}&status=closed`);
    const byId = await request<{ service_request_id: string }[]>(`${base()}/requests.json?api_key=${apiKey}&service_request_id=${all.body[0]!.service_request_id}`);

    expect(all.body.length).toBeGreaterThanOrEqual(4);
    expect(page1.body).toHaveLength(2);
    expect(page2.body[0]!.service_request_id).not.toBe(page1.body[0]!.service_request_id);
    expect(closed.body.every((r) => r.status === 'closed')).toBe(true);
    expect(byId.body.map((r) => r.service_request_id)).toEqual([all.body[0]!.service_request_id]);
  });

  it('shows a client only the requests it handed in', async () => {
    const other = (await w.api.call<{ apiKey: string }>('POST', '/api/v1/admin/api-keys', { token: w.admin.token, body: { name: '数字城管' } })).body.apiKey;
    const mine = ((await post('json', validFields())).body as { service_request_id: string }[])[0]!.service_request_id;

    expect((await request(`${base()}/requests/${mine}.json?api_key=${other}`)).status).toBe(404);
    expect((await request<unknown[]>(`${base()}/requests.json?api_key=${other}`)).body).toEqual([]);
  });

  it('refuses bad parameters with 400 in the spec shape', async () => {
    const bad = await request<{ code: number }[]>(`${base()}/requests.json?api_key=${apiKey}&start_date=yesterday`);
    const tooWide = await request(`${base()}/requests.json?api_key=${apiKey}&start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z`);

    expect(bad.status).toBe(400);
    expect(bad.body[0]!.code).toBe(400);
    expect(tooWide.status).toBe(400);
  });
});
