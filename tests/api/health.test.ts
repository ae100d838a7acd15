import http from 'node:http';
import { connectDb } from '../../server/src/lib/db';
import { useTestDb } from '../support/db';
import { postJson, request } from '../support/http';
import { startTestServer, type TestServer } from '../support/server';

function rawRequest(url: string, method: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

const db = useTestDb();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(db);
});
afterAll(() => server.close());

describe('GET /healthz', () => {
  it('reports ok with the database up and the server version', async () => {
    const res = await request(`${server.url}/healthz`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', storage: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});

describe('every response', () => {
  it('carries security headers and a request id', async () => {
    const res = await request(`${server.url}/healthz`);

    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not send a browser on plain HTTP (a phone on the LAN) to an HTTPS port that does not exist', async () => {
    const res = await request(`${server.url}/`, { headers: { host: '192.168.1.20:3000' } });

    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('asks for HTTPS only on a request that came over HTTPS through a trusted proxy', async () => {
    const proxied = await startTestServer(db, { TRUST_PROXY: 'true' });
    const res = await request(`${proxied.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    await proxied.close();

    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('echoes a well-formed X-Request-Id from the caller and replaces a malformed one', async () => {
    const kept = await request(`${server.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    const replaced = await request(`${server.url}/healthz`, { headers: { 'x-request-id': 'has spaces <script>' } });

    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    expect(replaced.headers.get('x-request-id')).not.toContain('script');
  });
});

describe('errors', () => {
  it('answers an unknown path with 404 and the JSON error shape', async () => {
    const res = await request(`${server.url}/no/such/thing`);

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: '找不到该内容' } });
  });

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const res = await postJson(`${server.url}/healthz`, '{"broken":');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'BAD_REQUEST', message: '请求有误' } });
    expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it.each(['TRACE', 'QUERY', 'PROPFIND'])('answers the unsupported method %s with 405 and the JSON error shape', async (method) => {
    // fetch refuses TRACE itself, so this goes through node:http as any other client would.
    const res = await rawRequest(`${server.url}/api/v1/reports`, method);

    expect(res.status).toBe(405);
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: expect.stringMatching(/不支持/) } });
  });

  it('refuses a body over the size limit with 413', async () => {
    const big = { text: 'x'.repeat(server.config.BODY_LIMIT_KB * 1024 + 10) };

    const res = await postJson(`${server.url}/healthz`, big);

    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大' } });
  });
});

describe('GET /healthz with the database gone', () => {
  it('answers 503 with db down', async () => {
    // A connection of its own, so closing it leaves the rest of this file's tests alone.
    const conn = await connectDb({ uri: db.uri, dbName: db.dbName });
    const s = await startTestServer({ ...db, conn });
    await conn.close();

    const res = await request(`${s.url}/healthz`);
    await s.close();

    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'degraded', db: 'down' });
  });
});
