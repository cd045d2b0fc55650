import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, call, setAccessToken, setUnauthorizedHandler, type Schemas } from '../../shared/api/client';

export type Me = Schemas['MeResponse'];
export type Role = Me['roles'][number];
type Tokens = Pick<
  Schemas['TokensResponse'],
  'accessToken' | 'expiresIn' | 'passwordChangeRequired' | 'mfaEnrollmentRequired'
>;

/** The tokens of a login answer, or undefined when it asks for the MFA step instead. */
export function tokensOf(answer: Schemas['LoginResponse']): Tokens | undefined {
  if (!answer.accessToken || answer.expiresIn === undefined) return undefined;
  return {
    accessToken: answer.accessToken,
    expiresIn: answer.expiresIn,
    passwordChangeRequired: answer.passwordChangeRequired ?? false,
    mfaEnrollmentRequired: answer.mfaEnrollmentRequired ?? false,
  };
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | {
      status: 'signedIn';
      me: Me;
      organizationName: string;
      mustChangePassword: boolean;
      mustEnrolMfa: boolean;
    };

interface SessionApi {
  state: SessionState;
  /** Starts a session from tokens that login or MFA answered (the cookie came with them). */
  begin(tokens: Tokens): Promise<void>;
  signOut(): Promise<void>;
  reload(): Promise<void>;
}

const SessionContext = createContext<SessionApi | undefined>(undefined);

/** Refresh this long before the access token expires, so that no request meets an expired one. */
const REFRESH_MARGIN_SECONDS = 60;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refreshing = useRef<Promise<Tokens | undefined> | undefined>(undefined);
  const queryClient = useQueryClient();

  const end = useCallback(() => {
    clearTimeout(timer.current);
    setAccessToken(undefined);
    queryClient.clear();
    setState({ status: 'signedOut' });
  }, [queryClient]);

  const refresh = useCallback((): Promise<Tokens | undefined> => {
    // One refresh at a time: the cookie rotates, and a second use of the old one would end the session.
    refreshing.current ??= (async () => {
      const answer = await api.POST('/api/v1/auth/refresh', { body: {} });
      if (!answer.response.ok || !answer.data) return undefined;
      return answer.data;
    })().finally(() => {
      refreshing.current = undefined;
    });
    return refreshing.current;
  }, []);

  const adopt = useCallback(
    async (tokens: Tokens) => {
      setAccessToken(tokens.accessToken);
      clearTimeout(timer.current);
      const inSeconds = Math.max(10, tokens.expiresIn - REFRESH_MARGIN_SECONDS);
      timer.current = setTimeout(() => {
        void refresh().then((next) => (next ? adopt(next) : end()));
      }, inSeconds * 1000);
      const me = await call(() => api.GET('/api/v1/auth/me'));
      const restricted = tokens.passwordChangeRequired || tokens.mfaEnrollmentRequired;
      const organization = restricted ? undefined : await call(() => api.GET('/api/v1/organization'));
      setState({
        status: 'signedIn',
        me,
        organizationName: organization?.name ?? '',
        mustChangePassword: tokens.passwordChangeRequired,
        mustEnrolMfa: tokens.mfaEnrollmentRequired,
      });
    },
    [refresh, end],
  );

  useEffect(() => {
    setUnauthorizedHandler(async () => {
      const next = await refresh();
      if (!next) {
        end();
        return false;
      }
      setAccessToken(next.accessToken);
      return true;
    });
    // A reload finds no token in memory: the HttpOnly cookie brings the session back, or nobody is in.
    void refresh()
      .then((tokens) => (tokens ? adopt(tokens) : end()))
      .catch(end);
    return () => {
      setUnauthorizedHandler(undefined);
      clearTimeout(timer.current);
    };
  }, [refresh, adopt, end]);

  const signOut = useCallback(async () => {
    await api.POST('/api/v1/auth/logout', { body: {} }).catch(() => undefined);
    end();
  }, [end]);

  const reload = useCallback(async () => {
    const tokens = await refresh();
    if (tokens) await adopt(tokens);
    else end();
  }, [refresh, adopt, end]);

  const value = useMemo(() => ({ state, begin: adopt, signOut, reload }), [state, adopt, signOut, reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for pages behind the sign-in gate. */
export function useMe(): Extract<SessionState, { status: 'signedIn' }> {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe without a session');
  return state;
}
