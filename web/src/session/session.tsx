/**
 * Who is signed in: the API key lives in sessionStorage (this tab only, gone when it closes), the
 * principal comes from GET /auth/me. Pages ask `useSession()` what the key may do.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap, useKey, type Schemas } from '../api/client.ts';

export type Principal = Schemas['Principal'];
export type Role = Principal['role'];

const STORAGE_KEY = 'isa.apiKey';

interface SessionState {
  principal: Principal | undefined;
  /** True until a stored key has been checked. */
  checking: boolean;
  signIn(key: string): Promise<Principal>;
  signOut(): void;
  can(roles: readonly Role[] | 'anyone' | 'signedIn'): boolean;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

async function whoIs(key: string): Promise<Principal> {
  useKey(key);
  try {
    return await unwrap(api.GET('/auth/me'));
  } catch (err) {
    useKey(undefined);
    throw err;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [principal, setPrincipal] = useState<Principal | undefined>();
  const [checking, setChecking] = useState(() => sessionStorage.getItem(STORAGE_KEY) !== null);

  useEffect(() => {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (!stored) return;
    whoIs(stored)
      .then(setPrincipal, () => sessionStorage.removeItem(STORAGE_KEY))
      .finally(() => setChecking(false));
  }, []);

  const signIn = useCallback(
    async (key: string) => {
      const who = await whoIs(key.trim());
      sessionStorage.setItem(STORAGE_KEY, key.trim());
      queries.clear();
      setPrincipal(who);
      return who;
    },
    [queries],
  );

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    useKey(undefined);
    queries.clear();
    setPrincipal(undefined);
  }, [queries]);

  const value = useMemo<SessionState>(
    () => ({
      principal,
      checking,
      signIn,
      signOut,
      can: (roles) => (roles === 'anyone' ? true : roles === 'signedIn' ? principal !== undefined : principal !== undefined && roles.includes(principal.role)),
    }),
    [principal, checking, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
