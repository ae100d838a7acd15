import { createContext, useCallback, useContext, useEffect, useMemo, useState, type PropsWithChildren } from 'react';
import type { Role, UserView } from '@linli/shared';
import { getMe, loginAsDemo, loginWithWechat, updateMe, type AuthResult } from '../services/api';
import { loadSession, saveSession } from '../services/token';
import { platform } from '../platform';
import { taroStore } from '../lib/storage';

const CARE_KEY = 'linli.careMode';

interface SessionValue {
  user: UserView | null;
  token: string | null;
  careMode: boolean;
  /** WeChat login on weapp; false on H5, where the demo picker is used. */
  loginWithWechat(): Promise<boolean>;
  loginAsDemo(openid: string, role?: Role): Promise<void>;
  /** Takes a new token for this account (after binding a staff invitation, its role and scope changed). */
  adopt(result: AuthResult): void;
  logout(): void;
  setCareMode(on: boolean): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Who is signed in and whether care mode is on, for every page at once. */
export function SessionProvider({ children }: PropsWithChildren) {
  const [session, setSession] = useState(loadSession);
  const [careMode, setCare] = useState<boolean>(() => taroStore.get<boolean>(CARE_KEY) ?? false);

  const adopt = useCallback((r: AuthResult) => {
    saveSession(r);
    setSession(r);
    if (r.user.careMode) {
      taroStore.set(CARE_KEY, true);
      setCare(true);
    }
  }, []);

  // Refresh the profile once at start: the server's care-mode choice follows the resident to a new phone.
  useEffect(() => {
    if (!session) return;
    getMe()
      .then((user) => {
        const next = { ...session, user };
        saveSession(next);
        setSession(next);
        if (user.careMode !== careMode) {
          taroStore.set(CARE_KEY, user.careMode);
          setCare(user.careMode);
        }
      })
      .catch(() => setSession(loadSession()));
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      user: session?.user ?? null,
      token: session?.token ?? null,
      careMode,
      async loginWithWechat() {
        const code = await platform.loginCode();
        if (!code) return false;
        adopt(await loginWithWechat(code));
        return true;
      },
      async loginAsDemo(openid, role) {
        adopt(await loginAsDemo(openid, role));
      },
      adopt,
      logout() {
        saveSession(null);
        setSession(null);
      },
      async setCareMode(on) {
        taroStore.set(CARE_KEY, on);
        setCare(on);
        // The page itself changes at once: no toast to read before it disappears.
        if (session) await updateMe({ careMode: on }).catch(() => undefined);
      },
    }),
    [session, careMode, adopt],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
