import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useApi } from '../api/client.ts';
import { meQuery } from '../api/queries.ts';
import type { Me } from './permissions.ts';

/** The signed-in user; only for screens under the signed-in layout, whose loader made sure of one. */
export function useMe(): Me {
  const me = useSuspenseQuery(meQuery(useApi())).data;
  if (!me) throw new Error('useMe is for signed-in screens only');
  return me;
}

export interface Credentials {
  email: string;
  password: string;
}

/** `POST /auth/login` → `GET /me` (S1); a failure rejects with the server's `ApiError`. */
export function useSignIn() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: Credentials) => {
      const { data } = await api.POST('/api/v1/auth/login', { body: credentials });
      api.setCsrfToken(data?.csrfToken);
      // Nothing cached for whoever was here before may show to the one signing in.
      queryClient.clear();
      return queryClient.fetchQuery(meQuery(api));
    },
  });
}

/** Sign out: end the session, forget everything cached, and go back to Sign in. */
export function useSignOut(): () => Promise<void> {
  const api = useApi();
  const queryClient = useQueryClient();
  const router = useRouter();
  return async () => {
    try {
      await api.POST('/api/v1/auth/logout');
    } finally {
      api.setCsrfToken(undefined);
      queryClient.clear();
      await router.navigate({ to: '/sign-in' });
    }
  };
}

const lastCompanyKey = 'ledgergate.lastCompany';

/** The company `/` opens next time (UI.md §2). */
export function rememberCompany(companyId: string): void {
  localStorage.setItem(lastCompanyKey, companyId);
}

export function lastCompanyId(): string | undefined {
  return localStorage.getItem(lastCompanyKey) ?? undefined;
}
