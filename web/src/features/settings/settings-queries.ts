import { queryOptions } from '@tanstack/react-query';
import { type ApiClient, ApiError, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

export type Company = paths['/api/v1/companies/{c}']['get']['responses'][200]['content']['application/json'];
export type ErpConnection =
  paths['/api/v1/companies/{c}/erp/connection']['get']['responses'][200]['content']['application/json'];
export type SageAgent =
  paths['/api/v1/companies/{c}/erp/agent']['get']['responses'][200]['content']['application/json'];

export const settingsKeys = {
  connection: (c: string) => ['c', c, 'erp', 'connection'] as const,
  agent: (c: string) => ['c', c, 'erp', 'agent'] as const,
  // Shared with the queue's Accept dialog (same key, same shape), so a sync refreshes both.
  jobTemplates: (c: string) => ['c', c, 'erp', 'job-templates'] as const,
  // The whole list answer, as the project cost-codes screen caches it under the same keys.
};

/**
 * The company's connection, or null before one is saved. Null is an answer: a 404 kept as an error would
 * turn every refetch back into "pending" (a query without data), and the page would unmount what it shows.
 */
export const connectionQuery = (api: ApiClient, c: string) =>
  queryOptions({
    queryKey: settingsKeys.connection(c),
    queryFn: async (): Promise<ErpConnection | null> => {
      try {
        return await unwrap(api.GET('/api/v1/companies/{c}/erp/connection', { params: { path: { c } } }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    staleTime: 30_000,
  });

export const jobTemplatesQuery = (api: ApiClient, c: string) =>
  queryOptions({
    queryKey: settingsKeys.jobTemplates(c),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/companies/{c}/erp/job-templates', {
            params: { path: { c }, query: { limit: 200 } },
          }),
        )
      ).items,
    staleTime: 300_000,
  });

/** The Sage agent's status, polled: the hub learns of an agent coming or going, and no event tells the page. */
export const agentQuery = (api: ApiClient, c: string) =>
  queryOptions({
    queryKey: settingsKeys.agent(c),
    queryFn: () => unwrap(api.GET('/api/v1/companies/{c}/erp/agent', { params: { path: { c } } })),
    refetchInterval: 5_000,
  });
