import { AppError, ServiceUnavailableError } from './errors';
import type { Logger } from './logger';
import type { WechatConfig } from './wechat';

const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

interface PhoneReply {
  errcode?: number;
  errmsg?: string;
  phone_info?: { phoneNumber?: string; purePhoneNumber?: string; countryCode?: string };
}

/**
 * WeChat's phone-number API (getuserphonenumber): a getPhoneNumber button's one-time code for the number the user
 * verified in WeChat. Only certified accounts may call it (free for government subjects).
 */
export function wechatPhone(config: WechatConfig, accessToken: (forceRefresh?: boolean) => Promise<string>, logger: Logger) {
  async function ask(token: string, code: string): Promise<PhoneReply> {
    const url = new URL('/wxa/business/getuserphonenumber', config.baseUrl);
    url.searchParams.set('access_token', token);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }), signal: AbortSignal.timeout(config.timeoutMs) });
    if (!res.ok) throw new Error(`getuserphonenumber HTTP ${res.status}`);
    return (await res.json()) as PhoneReply;
  }

  return {
    /** The mainland number (without +86) behind a getPhoneNumber code; refreshes the token once if WeChat rejects it. */
    async numberOf(code: string): Promise<{ phone: string; countryCode: string }> {
      if (!config.appid || !config.secret) throw new ServiceUnavailableError('微信未配置', 'WECHAT_NOT_CONFIGURED');
      let reply: PhoneReply;
      try {
        reply = await ask(await accessToken(), code);
        if (reply.errcode && TOKEN_ERRORS.has(reply.errcode)) reply = await ask(await accessToken(true), code);
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'getuserphonenumber unreachable');
        throw new ServiceUnavailableError('微信服务暂时无法访问，请稍后再试', 'WECHAT_UNAVAILABLE');
      }
      if (reply.errcode === 40029) throw new AppError(400, 'PHONE_CODE_INVALID', '手机号授权已失效，请重新点击“用本机手机号绑定”');
      if (reply.errcode) {
        logger.warn({ errcode: reply.errcode, errmsg: reply.errmsg }, 'getuserphonenumber refused');
        throw new ServiceUnavailableError('暂时无法获取手机号，请改用邀请码绑定', 'WECHAT_UNAVAILABLE');
      }
      const pure = reply.phone_info?.purePhoneNumber;
      if (!pure) throw new ServiceUnavailableError('微信服务返回异常', 'WECHAT_UNAVAILABLE');
      return { phone: pure, countryCode: reply.phone_info?.countryCode ?? '86' };
    },
  };
}

export type WechatPhone = ReturnType<typeof wechatPhone>;
