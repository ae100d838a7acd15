import { AppError, ServiceUnavailableError } from './errors';
import type { Logger } from './logger';

export interface WechatConfig {
  baseUrl: string;
  appid?: string;
  secret?: string;
  timeoutMs: number;
}

export interface WechatSession {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

interface Code2SessionReply {
  openid?: string;
  session_key?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

/** WeChat's documented jscode2session errors, mapped to what the resident should be told. */
function loginError(errcode: number): AppError {
  switch (errcode) {
    case 40029:
    case 40163:
      return new AppError(400, 'WECHAT_CODE_INVALID', '登录凭证无效或已使用，请重新登录');
    case 45011:
      return new AppError(429, 'WECHAT_RATE_LIMITED', '登录太频繁，请稍后再试');
    case 40226:
      return new AppError(403, 'WECHAT_USER_BLOCKED', '该微信账号暂时无法登录，请联系社区工作人员');
    case -1:
      return new ServiceUnavailableError('微信服务繁忙，请稍后再试', 'WECHAT_BUSY');
    default:
      // 40125 (bad secret), 40013 (bad appid) and anything new: our configuration, not the user's fault.
      return new ServiceUnavailableError('微信登录暂时不可用，请稍后再试', 'WECHAT_UNAVAILABLE');
  }
}

/** Client for WeChat's server APIs; the base URL is configurable so tests use a local double. */
export function wechatClient(config: WechatConfig, logger: Logger) {
  return {
    /** Exchanges a wx.login code for the user's openid; session_key stays on the server. */
    async code2Session(code: string): Promise<WechatSession> {
      if (!config.appid || !config.secret) throw new ServiceUnavailableError('微信登录未配置', 'WECHAT_NOT_CONFIGURED');
      const url = new URL('/sns/jscode2session', config.baseUrl);
      url.search = new URLSearchParams({ appid: config.appid, secret: config.secret, js_code: code, grant_type: 'authorization_code' }).toString();
      let reply: Code2SessionReply;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(config.timeoutMs) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        reply = (await res.json()) as Code2SessionReply;
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'jscode2session unreachable');
        throw new ServiceUnavailableError('微信服务暂时无法访问，请稍后再试', 'WECHAT_UNAVAILABLE');
      }
      if (reply.errcode) {
        logger.warn({ errcode: reply.errcode, errmsg: reply.errmsg }, 'jscode2session refused');
        throw loginError(reply.errcode);
      }
      if (!reply.openid || !reply.session_key) throw new ServiceUnavailableError('微信服务返回异常', 'WECHAT_UNAVAILABLE');
      return { openid: reply.openid, sessionKey: reply.session_key, unionid: reply.unionid };
    },
  };
}

export type WechatClient = ReturnType<typeof wechatClient>;
