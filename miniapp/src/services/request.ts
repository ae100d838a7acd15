import Taro from '@tarojs/taro';
import { errorMessages, type ApiError } from '@linli/shared';
import { API_BASE } from './config';
import { currentToken, saveSession } from './token';

/** A failed API call: the server's code and Chinese message, or NETWORK when nothing came back. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  get isNetwork(): boolean {
    return this.code === 'NETWORK';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  data?: unknown;
  headers?: Record<string, string>;
  /** Safe to send again after a network failure (GETs, and POSTs carrying an Idempotency-Key). */
  idempotent?: boolean;
  /** Show the error as a toast (default true). */
  toast?: boolean;
}

const RETRIES = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a request with the session token; retries idempotent calls on network failure; maps errors to RequestError. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const idempotent = opts.idempotent ?? method === 'GET';
  const token = currentToken();
  const header: Record<string, string> = { 'content-type': 'application/json', ...(opts.headers ?? {}) };
  if (token) header.authorization = `Bearer ${token}`;

  for (let attempt = 0; ; attempt++) {
    let res: Awaited<ReturnType<typeof Taro.request>>;
    try {
      res = await Taro.request({ url: `${API_BASE}${path}`, method, data: opts.data as object | undefined, header, timeout: 15_000 });
    } catch {
      if (idempotent && attempt < RETRIES) {
        await sleep(500 * 2 ** attempt);
        continue;
      }
      return fail(new RequestError(0, 'NETWORK', '网络不给力，请检查网络后重试'), opts);
    }
    // Some platforms answer a dropped connection with status 0 instead of failing the call.
    if (!res.statusCode) {
      if (idempotent && attempt < RETRIES) {
        await sleep(500 * 2 ** attempt);
        continue;
      }
      return fail(new RequestError(0, 'NETWORK', '网络不给力，请检查网络后重试'), opts);
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;
    if (res.statusCode >= 500 && idempotent && attempt < RETRIES) {
      await sleep(500 * 2 ** attempt);
      continue;
    }
    const body = res.data as Partial<ApiError> | undefined;
    const code = body?.error?.code ?? 'INTERNAL';
    if (res.statusCode === 401) saveSession(null);
    return fail(new RequestError(res.statusCode, code, body?.error?.message ?? errorMessages.INTERNAL, body?.error?.details), opts);
  }
}

function fail(err: RequestError, opts: RequestOptions): never {
  if (opts.toast !== false) void Taro.showToast({ title: err.message, icon: 'none', duration: 2500 });
  throw err;
}
