import Taro from '@tarojs/taro';
import type { UserView } from '@linli/shared';

const KEY = 'linli.session';

export interface StoredSession {
  token: string;
  expiresAt: string;
  user: UserView;
}

/** The signed-in session, kept in local storage so the app opens signed in. */
export function loadSession(): StoredSession | null {
  const s = Taro.getStorageSync<StoredSession | ''>(KEY);
  if (!s || !s.token || new Date(s.expiresAt).getTime() < Date.now()) return null;
  return s;
}

export function saveSession(s: StoredSession | null): void {
  if (s) Taro.setStorageSync(KEY, s);
  else Taro.removeStorageSync(KEY);
}

export function currentToken(): string | null {
  return loadSession()?.token ?? null;
}
