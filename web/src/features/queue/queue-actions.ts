import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/client.ts';
import {
  applyListOperation,
  type CompanyEvent,
  eventOperations,
  type LivePage,
  type LoadedList,
} from '../../api/events.ts';
import type { BulkResult } from './bulk-dialog.tsx';
import { type QueueData, type QueueFilter, queueKeys, type RequestDetail } from './queue-queries.ts';
import type { AcceptOptions } from './request-shapes.ts';

const split = (list: string | undefined) => (list ? list.split(',').filter(Boolean) : []);

/** The queue lists in the cache, with the filter each shows, as `eventOperations` reads them. */
export function loadedLists(queryClient: QueryClient, c: string): LoadedList[] {
  return queryClient
    .getQueryCache()
    .findAll({ queryKey: queueKeys.lists(c) })
    .map((query) => {
      const filter = query.queryKey[4] as QueueFilter;
      return {
        queryKey: query.queryKey,
        statuses: split(filter.status),
        kinds: split(filter.kind),
        data: query.state.data as LoadedList['data'],
      };
    });
}

/** Requests this tab accepted or retried: their rows stay in place and follow to Synced (S3, E4). */
export const pinnedRows = new Set<string>();

/**
 * Applies a status change to the loaded lists as a live event would (patch in place, or remove from a
 * list it leaves): used for our own actions too, so the row turns Exporting… at once.
 */
export function applyStatus(
  queryClient: QueryClient,
  c: string,
  request: Pick<RequestDetail, 'id' | 'kind' | 'subject'>,
  status: string,
) {
  const event: CompanyEvent = {
    id: 'local',
    type: 'request.accepted',
    at: new Date().toISOString(),
    data: { requestId: request.id, kind: request.kind, status, subject: request.subject },
  };
  if (status === 'exporting') pinnedRows.add(request.id);
  for (const op of eventOperations(event, loadedLists(queryClient, c), pinnedRows)) {
    if (op.op === 'patch' || op.op === 'remove')
      queryClient.setQueryData<QueueData>(
        op.queryKey,
        (data) =>
          applyListOperation(
            data as unknown as Parameters<typeof applyListOperation>[0],
            op,
          ) as unknown as QueueData,
      );
  }
}

/** Accept / Update, Retry, Reject and bulk: the API calls, then the cache follows. */
export function useQueueActions(c: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const settle = (r: string) => {
    void queryClient.invalidateQueries({ queryKey: queueKeys.counts(c) });
    void queryClient.invalidateQueries({ queryKey: queueKeys.detail(c, r) });
  };
  return {
    accept: async (request: RequestDetail, body: AcceptOptions & { version: number }) => {
      await api.POST('/api/v1/companies/{c}/erp/requests/{r}/accept', {
        params: { path: { c, r: request.id } },
        body,
      });
      applyStatus(queryClient, c, request, 'exporting');
      settle(request.id);
    },
    retry: async (request: RequestDetail, body: AcceptOptions & { version: number }) => {
      await api.POST('/api/v1/companies/{c}/erp/requests/{r}/retry', {
        params: { path: { c, r: request.id } },
        body,
      });
      applyStatus(queryClient, c, request, 'exporting');
      settle(request.id);
    },
    reject: async (request: RequestDetail, comment: string) => {
      await api.POST('/api/v1/companies/{c}/erp/requests/{r}/reject', {
        params: { path: { c, r: request.id } },
        body: { version: request.version, comment },
      });
      applyStatus(queryClient, c, request, 'rejected');
      settle(request.id);
    },
    bulk: async (action: 'accept' | 'reject', ids: string[], comment?: string): Promise<BulkResult[]> => {
      const { data } = await api.POST('/api/v1/companies/{c}/erp/requests/bulk', {
        params: { path: { c } },
        body: { action, ids, ...(comment && { comment }) },
      });
      void queryClient.invalidateQueries({ queryKey: queueKeys.counts(c) });
      return data?.results ?? [];
    },
  };
}

export type { LivePage };
