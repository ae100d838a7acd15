import type { Logger } from './logger';
import type { WechatConfig } from './wechat';
import type { wechatTokenModel } from './wechat-token.model';

type TokenModel = ReturnType<typeof wechatTokenModel>;

/** How a send ended, in the terms the outbox acts on. */
export type SendOutcome =
  | { kind: 'sent'; msgid: string }
  | { kind: 'refused' } // 43101: the user refused or the one-time quota is spent; never retried
  | { kind: 'retry'; error: string } // network, timeout, 5xx, -1, a token that would not refresh
  | { kind: 'fatal'; error: string }; // bad data, bad template, bad openid: retrying cannot help

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN';
}

const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
const SAFETY_MS = 5 * 60_000;

/** WeChat's server-to-server messaging: a shared, cached access token and subscribe/send. */
export function wechatMessaging(config: WechatConfig, Tokens: TokenModel, logger: Logger, clock: () => Date = () => new Date()) {
  async function fetchToken(forceRefresh: boolean): Promise<string> {
    const res = await fetch(new URL('/cgi-bin/stable_token', config.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: config.appid, secret: config.secret, force_refresh: forceRefresh }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    if (!res.ok) throw new Error(`stable_token HTTP ${res.status}`);
    const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
    if (!body.access_token || !body.expires_in) throw new Error(`stable_token errcode ${body.errcode}: ${body.errmsg}`);
    const now = clock();
    await Tokens.updateOne(
      { _id: config.appid! },
      { $set: { accessToken: body.access_token, expiresAt: new Date(now.getTime() + body.expires_in * 1000), refreshedAt: now } },
      { upsert: true },
    );
    return body.access_token;
  }

  /** The app's access token: the stored one while it has five minutes left, else a fresh one for every instance. */
  async function accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh) {
      const stored = await Tokens.findById(config.appid!).lean();
      if (stored && stored.expiresAt.getTime() - SAFETY_MS > clock().getTime()) return stored.accessToken;
    }
    return fetchToken(forceRefresh);
  }

  async function post(token: string, msg: SubscribeMessage): Promise<{ errcode?: number; errmsg?: string; msgid?: number | string }> {
    const url = new URL('/cgi-bin/message/subscribe/send', config.baseUrl);
    url.searchParams.set('access_token', token);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(msg), signal: AbortSignal.timeout(config.timeoutMs) });
    if (!res.ok) throw new Error(`subscribe/send HTTP ${res.status}`);
    return (await res.json()) as { errcode?: number; errmsg?: string; msgid?: number | string };
  }

  return {
    accessToken,

    /** Sends one subscribe message; refreshes the token once on 40001/40014/42001. */
    async send(msg: SubscribeMessage): Promise<SendOutcome> {
      if (!config.appid || !config.secret) return { kind: 'fatal', error: 'WECHAT_APPID/WECHAT_SECRET not configured' };
      try {
        let reply = await post(await accessToken(), msg);
        if (reply.errcode && TOKEN_ERRORS.has(reply.errcode)) {
          logger.warn({ errcode: reply.errcode }, 'access token rejected; refreshing once');
          reply = await post(await accessToken(true), msg);
        }
        const code = reply.errcode ?? 0;
        if (code === 0) return { kind: 'sent', msgid: String(reply.msgid ?? '') };
        if (code === 43101) return { kind: 'refused' };
        if (code === -1 || TOKEN_ERRORS.has(code)) return { kind: 'retry', error: `errcode ${code}: ${reply.errmsg ?? ''}` };
        return { kind: 'fatal', error: `errcode ${code}: ${reply.errmsg ?? ''}` };
      } catch (err) {
        return { kind: 'retry', error: (err as Error).message };
      }
    },
  };
}

export type WechatMessaging = ReturnType<typeof wechatMessaging>;
