import type { SubscriptionState } from '@linli/shared';
import { Api, type Session } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { fakeOpenid } from '../support/factories';

const db = useTestDb();
let server: TestServer;
let api: Api;
let resident: Session;

beforeAll(async () => {
  server = await startTestServer(db, { SUBSCRIBE_TEMPLATE_IDS: 'tmpl_status_1,tmpl_done_2' });
  api = new Api(server.url);
  resident = await api.login(fakeOpenid('r'), 'resident');
});
afterAll(() => server.close());

type Items = { items: SubscriptionState[] };
const report = (results: Record<string, string>, token = resident.token) => api.call<Items>('POST', '/api/v1/subscriptions', { token, body: { results } });

describe('GET /api/v1/client-config', () => {
  it('tells the app which templates to ask for, whether the demo login exists and whether staff may bind by phone', async () => {
    const res = await api.call('GET', '/api/v1/client-config');

    expect(res.body).toEqual({ devLogin: true, subscribeTemplateIds: ['tmpl_status_1', 'tmpl_done_2'], subscribeKind: 'one_time', autoCloseDays: 7, phoneBinding: false });
  });
});

describe('POST /api/v1/subscriptions', () => {
  it('adds one message of quota per accept of a one-time template, and keeps it through a reject', async () => {
    await report({ tmpl_status_1: 'accept', tmpl_done_2: 'reject' });
    await report({ tmpl_status_1: 'accept' });
    const res = await report({ tmpl_status_1: 'reject' });

    const byId = Object.fromEntries(res.body.items.map((s) => [s.templateId, s]));
    expect(byId.tmpl_status_1).toMatchObject({ kind: 'one_time', quota: 2, active: true, lastResult: 'reject' });
    expect(byId.tmpl_done_2).toMatchObject({ quota: 0, active: false });
  });

  it('clears the quota when the user switched subscriptions off (ban)', async () => {
    const someone = await api.login(fakeOpenid('r'), 'resident');
    await report({ tmpl_status_1: 'accept' }, someone.token);

    const res = await report({ tmpl_status_1: 'ban' }, someone.token);

    expect(res.body.items[0]).toMatchObject({ quota: 0, active: false, lastResult: 'ban' });
  });

  it('refuses unknown results, empty reports and anonymous callers', async () => {
    expect((await report({ tmpl_status_1: 'maybe' })).status).toBe(400);
    expect((await report({})).status).toBe(400);
    expect((await api.call('POST', '/api/v1/subscriptions', { body: { results: { a: 'accept' } } })).status).toBe(401);
  });
});
