import type { ReportView, Role, Specialty, UserView } from '@linli/shared';
import { request, type JsonResponse } from './http';

export interface Session {
  token: string;
  user: UserView;
}

/** A small typed client over the real HTTP API, for arranging and acting in tests. */
export class Api {
  constructor(readonly base: string) {}

  call<T = unknown>(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    return request<T>(`${this.base}${path}`, { method, headers, body });
  }

  /** Dev login (enabled in tests) as any role. */
  async login(openid: string, role: Role, extra: { name?: string; gridCodes?: string[]; specialty?: Specialty; unitCode?: string } = {}): Promise<Session> {
    const res = await this.call<Session>('POST', '/api/v1/auth/dev', { body: { openid, role, ...extra } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    return res.body;
  }

  submit(token: string, body: unknown, key = `k-${Math.random().toString(36).slice(2, 12)}`) {
    return this.call<ReportView>('POST', '/api/v1/reports', { token, body, headers: { 'Idempotency-Key': key } });
  }

  act(token: string, id: string, body: unknown) {
    return this.call<ReportView>('POST', `/api/v1/reports/${id}/actions`, { token, body });
  }

  rate(token: string, id: string, body: unknown) {
    return this.call<ReportView>('POST', `/api/v1/reports/${id}/rating`, { token, body });
  }

  get(token: string, id: string) {
    return this.call<ReportView>('GET', `/api/v1/reports/${id}`, { token });
  }

  /** Uploads bytes as multipart field `file`. */
  async upload(token: string, bytes: Buffer, filename = 'file.bin', extra: Record<string, string> = {}) {
    const form = new FormData();
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(bytes)]), filename);
    return request<{ id: string; kind: string; mime: string; size: number; durationMs?: number }>(`${this.base}/api/v1/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  }
}
