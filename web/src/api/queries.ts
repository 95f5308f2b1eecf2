import { queryOptions } from '@tanstack/react-query';
import type { Me } from '../auth/permissions.ts';
import { type ApiClient, ApiError, unwrap } from './client.ts';

/**
 * Query keys and options, defined once (STYLE.md §10). A company's keys start with `['c', companyId]`, so
 * no cached data crosses companies; the session's own key is `['me']`.
 */
export const keys = {
  me: ['me'] as const,
  company: (companyId: string) => ['c', companyId, 'company'] as const,
  standardCostCodes: (companyId: string) => ['c', companyId, 'standard-cost-codes'] as const,
  costTypes: (companyId: string) => ['c', companyId, 'cost-types'] as const,
};

/** The signed-in user, or `null` when nobody is signed in (a 401 here is an answer, not an error). */
export const meQuery = (api: ApiClient) =>
  queryOptions({
    queryKey: keys.me,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await unwrap(api.GET('/api/v1/me'));
        // A reload or a new tab gets the session's CSRF token here (A1), not only at sign-in.
        if (me.csrfToken) api.setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });

export const companyQuery = (api: ApiClient, companyId: string) =>
  queryOptions({
    queryKey: keys.company(companyId),
    queryFn: () => unwrap(api.GET('/api/v1/companies/{c}', { params: { path: { c: companyId } } })),
  });

/** The company's standard cost codes: the choices for a project's cost codes and a line's cost code. */
export const standardCostCodesQuery = (api: ApiClient, c: string) =>
  queryOptions({
    queryKey: keys.standardCostCodes(c),
    queryFn: () => unwrap(api.GET('/api/v1/companies/{c}/standard-cost-codes', { params: { path: { c } } })),
    staleTime: 30_000,
  });

/** The company's cost types: the choices for cost-type assignments and a line's cost type. */
export const costTypesQuery = (api: ApiClient, c: string) =>
  queryOptions({
    queryKey: keys.costTypes(c),
    queryFn: () => unwrap(api.GET('/api/v1/companies/{c}/cost-types', { params: { path: { c } } })),
    staleTime: 30_000,
  });
