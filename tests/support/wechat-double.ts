import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/** One planned misbehaviour for the next call to a path. */
export type Failure = { errcode: number; errmsg?: string } | { status: number } | { timeoutMs: number };

export interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/**
 * A local stand-in for WeChat's server APIs, following their documented contract
 * (shared/reference/wechat-platform.md): jscode2session, stable_token, subscribe/send.
 * It can be told to fail and records what it received.
 */
export class WechatDouble {
  readonly appid = 'wx_test_appid_0001';
  readonly secret = 'test_secret_0001';
  readonly received: Received[] = [];
  private readonly failures = new Map<string, Failure[]>();
  private readonly delays = new Map<string, number[]>();
  private readonly codes = new Map<string, string>();
  private readonly phoneCodes = new Map<string, string>();
  private readonly tokens = new Set<string>();
  private tokenSeq = 0;
  /** Messages WeChat accepted, in order. */
  readonly delivered: { touser: string; template_id: string; page?: string; data: Record<string, { value: string }>; receivedAt: number }[] = [];
  private server?: http.Server;
  url = '';

  /** Registers a one-time login code for an openid (codes are single-use, as on WeChat). */
  codeFor(openid: string): string {
    const code = `code_${randomBytes(8).toString('hex')}`;
    this.codes.set(code, openid);
    return code;
  }

  /** Registers a getPhoneNumber button's one-time code for the number the user verified in WeChat (mainland, 11 digits). */
  phoneCodeFor(phone: string): string {
    const code = `pc_${randomBytes(8).toString('hex')}`;
    this.phoneCodes.set(code, phone);
    return code;
  }

  /** Makes every token issued so far invalid, as when WeChat rotates it (the next send answers 40001). */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** The next call to `path` misbehaves like this (queued, one per call). */
  failNext(path: string, failure: Failure): void {
    const list = this.failures.get(path) ?? [];
    list.push(failure);
    this.failures.set(path, list);
  }

  /** The next call to `path` is answered normally, but only after `ms` (a slow network or a busy WeChat). */
  slowNext(path: string, ms: number): void {
    const list = this.delays.get(path) ?? [];
    list.push(ms);
    this.delays.set(path, list);
  }

  calls(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    let body: unknown = undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    this.received.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };

    const delay = this.delays.get(url.pathname)?.shift();
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const failure = this.failures.get(url.pathname)?.shift();
    if (failure) {
      if ('timeoutMs' in failure) {
        await new Promise((r) => setTimeout(r, failure.timeoutMs));
        if (!res.destroyed) json(200, { errcode: -1, errmsg: 'system error' });
        return;
      }
      if ('status' in failure) return json(failure.status, { errmsg: 'server error' });
      return json(200, { errcode: failure.errcode, errmsg: failure.errmsg ?? 'planned failure' });
    }

    if (url.pathname === '/sns/jscode2session' && req.method === 'GET') {
      const q = url.searchParams;
      if (q.get('appid') !== this.appid || q.get('secret') !== this.secret) return json(200, { errcode: 40125, errmsg: 'invalid appsecret' });
      if (q.get('grant_type') !== 'authorization_code') return json(200, { errcode: 40002, errmsg: 'invalid grant_type' });
      const openid = this.codes.get(q.get('js_code') ?? '');
      if (!openid) return json(200, { errcode: 40029, errmsg: 'invalid code' });
      this.codes.delete(q.get('js_code')!);
      return json(200, { openid, session_key: `sk_${randomBytes(12).toString('base64')}` });
    }
    if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
      const b = (body ?? {}) as { grant_type?: string; appid?: string; secret?: string; force_refresh?: boolean };
      if (b.grant_type !== 'client_credential' || b.appid !== this.appid || b.secret !== this.secret) return json(200, { errcode: 40013, errmsg: 'invalid appid' });
      // Normal mode hands back the current token while it is valid; force_refresh issues a new one.
      if (!b.force_refresh && this.tokens.size > 0) return json(200, { access_token: [...this.tokens].at(-1), expires_in: 7200 });
      const token = `tok_${++this.tokenSeq}_${randomBytes(6).toString('hex')}`;
      this.tokens.add(token);
      return json(200, { access_token: token, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      if (!this.tokens.has(url.searchParams.get('access_token') ?? '')) return json(200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      const msg = body as { touser?: string; template_id?: string; page?: string; data?: Record<string, { value?: unknown }> };
      if (!msg?.touser) return json(200, { errcode: 40003, errmsg: 'invalid openid' });
      if (!msg.template_id) return json(200, { errcode: 40037, errmsg: 'invalid template_id' });
      for (const [key, v] of Object.entries(msg.data ?? {})) {
        const problem = checkKeyword(key, v?.value);
        if (problem) return json(200, { errcode: 47003, errmsg: `argument invalid! data.${key}.value ${problem}` });
      }
      this.delivered.push({ ...(msg as Omit<WechatDouble['delivered'][number], 'receivedAt'>), receivedAt: Date.now() });
      return json(200, { errcode: 0, errmsg: 'ok', msgid: 1_000_000 + this.delivered.length });
    }
    if (url.pathname === '/wxa/business/getuserphonenumber' && req.method === 'POST') {
      if (!this.tokens.has(url.searchParams.get('access_token') ?? '')) return json(200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      const code = (body as { code?: string } | null)?.code ?? '';
      const phone = this.phoneCodes.get(code);
      if (!phone) return json(200, { errcode: 40029, errmsg: 'invalid code' });
      this.phoneCodes.delete(code);
      return json(200, {
        errcode: 0,
        errmsg: 'ok',
        phone_info: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86', watermark: { timestamp: Math.floor(Date.now() / 1000), appid: this.appid } },
      });
    }
    return json(404, { errcode: 404, errmsg: 'not found in double' });
  }
}

/** WeChat's keyword limits, judged from the keyword's name (thing1, phrase2, time3, …). */
function checkKeyword(key: string, value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'empty';
  const type = key.replace(/\d+$/, '');
  const n = Array.from(value).length;
  switch (type) {
    case 'thing':
      return n <= 20 ? null : 'too long';
    case 'phrase':
      return n <= 5 && /^[\u4e00-\u9fa5]+$/.test(value) ? null : 'not a phrase';
    case 'time':
      return /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/.test(value) ? null : 'bad time';
    case 'character_string':
      return n <= 32 && /^[\x21-\x7e]+$/.test(value) ? null : 'bad character_string';
    case 'name':
      return n <= 20 ? null : 'too long';
    default:
      return null;
  }
}
