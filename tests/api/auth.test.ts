import { SignJWT } from 'jose';
import type { UserView } from '@linli/shared';
import { Api } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { WechatDouble } from '../support/wechat-double';

const db = useTestDb();
const wechat = new WechatDouble();
let server: TestServer;
let api: Api;

beforeAll(async () => {
  await wechat.start();
  server = await startTestServer(db, {
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: wechat.appid,
    WECHAT_SECRET: wechat.secret,
    WECHAT_TIMEOUT_MS: '300',
  });
  api = new Api(server.url);
});
afterAll(async () => {
  await server.close();
  await wechat.stop();
});

type Login = { token: string; expiresAt: string; user: UserView };
const wechatLogin = (code: string) => api.call<Login>('POST', '/api/v1/auth/wechat', { body: { code } });

describe('POST /api/v1/auth/wechat', () => {
  it('creates a resident on first login and signs the same user in next time, without leaking session_key', async () => {
    const first = await wechatLogin(wechat.codeFor('oWx_first_user_0001'));
    const second = await wechatLogin(wechat.codeFor('oWx_first_user_0001'));

    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ role: 'resident', gridCodes: [], careMode: false });
    expect(second.body.user.id).toBe(first.body.user.id);
    expect(first.text).not.toMatch(/session_key|sk_|oWx_first/);
    const call = wechat.calls('/sns/jscode2session')[0]!;
    expect(call.query).toMatchObject({ appid: wechat.appid, secret: wechat.secret, grant_type: 'authorization_code' });
  });

  it('gives a token that opens /api/v1/me', async () => {
    const login = await wechatLogin(wechat.codeFor('oWx_me_user_00002'));

    const me = await api.call<UserView>('GET', '/api/v1/me', { token: login.body.token });

    expect(me.status).toBe(200);
    expect(me.body.id).toBe(login.body.user.id);
  });

  it.each([
    [{ errcode: 40029 }, 400, 'WECHAT_CODE_INVALID'],
    [{ errcode: 45011 }, 429, 'WECHAT_RATE_LIMITED'],
    [{ errcode: 40226 }, 403, 'WECHAT_USER_BLOCKED'],
    [{ errcode: -1 }, 503, 'WECHAT_BUSY'],
    [{ errcode: 40125 }, 503, 'WECHAT_UNAVAILABLE'],
    [{ status: 502 }, 503, 'WECHAT_UNAVAILABLE'],
    [{ timeoutMs: 1_000 }, 503, 'WECHAT_UNAVAILABLE'],
  ])('maps WeChat failure %j to %i %s with a Chinese message', async (failure, status, code) => {
    wechat.failNext('/sns/jscode2session', failure);

    const res = await wechatLogin(wechat.codeFor('oWx_failing_user_03'));

    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error: { code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) } });
  });

  it('refuses a code that was already used', async () => {
    const code = wechat.codeFor('oWx_reused_code_04');
    await wechatLogin(code);

    const again = await wechatLogin(code);

    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: { code: 'WECHAT_CODE_INVALID' } });
  });

  it('refuses a body without a code, or with extra fields', async () => {
    expect((await api.call('POST', '/api/v1/auth/wechat', { body: {} })).status).toBe(400);
    expect((await api.call('POST', '/api/v1/auth/wechat', { body: { code: 'x', role: 'admin' } })).status).toBe(400);
  });
});

describe('session tokens', () => {
  it('rejects a forged token with 401 TOKEN_INVALID', async () => {
    const forged = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('000000000000000000000000')
      .setIssuer('linli')
      .setAudience('linli-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-server-secret-but-32-chars-long'));

    const res = await api.call('GET', '/api/v1/me', { token: forged });

    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
  });

  it('rejects an expired token with 401 TOKEN_EXPIRED', async () => {
    const session = await api.login('resident_expiring_05', 'resident');
    const { token } = await server.services.tokens.sign(
      { userId: session.user.id, role: 'resident' },
      new Date(Date.now() - (server.config.AUTH_TOKEN_TTL_HOURS + 1) * 3_600_000),
    );

    const res = await api.call('GET', '/api/v1/me', { token });

    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' } });
  });

  it('rejects a garbage Authorization header and a missing one', async () => {
    expect((await api.call('GET', '/api/v1/me', { headers: { authorization: 'Bearer nonsense' } })).status).toBe(401);
    expect((await api.call('GET', '/api/v1/me')).body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('POST /api/v1/auth/dev', () => {
  it('answers 404 when DEV_LOGIN is off, as in production', async () => {
    const off = await startTestServer(db, { DEV_LOGIN: 'false' });

    const res = await new Api(off.url).call('POST', '/api/v1/auth/dev', { body: { openid: 'someone_123', role: 'admin' } });
    await off.close();

    expect(res.status).toBe(404);
  });
});
