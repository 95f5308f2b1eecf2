import { queryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

export type CompanyUser =
  paths['/api/v1/companies/{c}/users']['get']['responses'][200]['content']['application/json']['items'][number];
export type Level = CompanyUser['erpPermission'];

export const levels: { id: Level; label: string }[] = [
  { id: 'none', label: 'None' },
  { id: 'read_only', label: 'Read only' },
  { id: 'standard', label: 'Standard' },
  { id: 'admin', label: 'Admin' },
];

export const userKeys = {
  list: (c: string) => ['c', c, 'users'] as const,
};

export const usersQuery = (api: ApiClient, c: string) =>
  queryOptions({
    queryKey: userKeys.list(c),
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/companies/{c}/users', { params: { path: { c } } }))).items,
    staleTime: 30_000,
  });
