import { queryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

export type CompanyEntry =
  paths['/api/v1/companies']['get']['responses'][200]['content']['application/json']['items'][number];

/** Not under `['c', …]`: the list spans companies (the switcher and S18 share it). */
export const companiesKey = ['companies'] as const;

/**
 * `GET /companies` (A2), every page: all companies for an operator, else one's memberships — with each
 * company's ERP, which `/me` lacks.
 */
export const companiesQuery = (api: ApiClient) =>
  queryOptions({
    queryKey: companiesKey,
    queryFn: async () => {
      const items: CompanyEntry[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: CompanyEntry[]; nextCursor: string | null } = await unwrap(
          api.GET('/api/v1/companies', { params: { query: { limit: 200, ...(cursor && { cursor }) } } }),
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    },
    staleTime: 30_000,
  });
