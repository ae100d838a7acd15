import type { ApiError } from '@linli/shared';

const TOKEN_KEY = 'linli.console.token';
const SESSION_KEY = 'linli.console.session';

export const session = {
  token: (): string | null => localStorage.getItem(TOKEN_KEY),
  /** The QR sign-in this token belongs to (none for the demo login): signed out on the server when leaving. */
  id: (): string | null => localStorage.getItem(SESSION_KEY),
  save: (t: string, id?: string) => {
    localStorage.setItem(TOKEN_KEY, t);
    if (id) localStorage.setItem(SESSION_KEY, id);
    else localStorage.removeItem(SESSION_KEY);
  },
  clear: () => {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(SESSION_KEY);
  },
};

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GET/POST JSON against the same server; the error's Chinese message is what the screen shows. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const token = session.token();
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers ?? {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ApiError | null;
    throw new ApiFailure(res.status, body?.error.message ?? `请求失败（${res.status}）`);
  }
  return (await res.json()) as T;
}

/** Downloads an authenticated file (the CSV) through a blob, since a plain link cannot carry the token. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${session.token() ?? ''}` } });
  if (!res.ok) throw new ApiFailure(res.status, '导出失败');
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
