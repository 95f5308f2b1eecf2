import { queryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

export type Budget =
  paths['/api/v1/companies/{c}/projects/{p}/budget']['get']['responses'][200]['content']['application/json'];
export type BudgetLine = Budget['lines'][number];

export const budgetKeys = {
  one: (c: string, p: string) => ['c', c, 'projects', p, 'budget'] as const,
};

export const budgetQuery = (api: ApiClient, c: string, p: string) =>
  queryOptions({
    queryKey: budgetKeys.one(c, p),
    queryFn: () =>
      unwrap(api.GET('/api/v1/companies/{c}/projects/{p}/budget', { params: { path: { c, p } } })),
    staleTime: 30_000,
  });
