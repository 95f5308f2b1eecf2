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
  /**
   * Accept, Update and Retry: the row is pinned and turns Exporting… before the POST, so the worker's
   * events (accepted, synced), which may arrive before the answer, patch it in place rather than remove
   * it (S3, E4); a refused POST takes both back.
   */
  const exportRequest = async (request: RequestDetail, post: () => Promise<unknown>) => {
    const wasPinned = pinnedRows.has(request.id);
    applyStatus(queryClient, c, request, 'exporting');
    try {
      await post();
    } catch (error) {
      if (!wasPinned) pinnedRows.delete(request.id);
      applyStatus(queryClient, c, request, request.status);
      throw error;
    }
    settle(request.id);
  };
  return {
    accept: (request: RequestDetail, body: AcceptOptions & { version: number }) =>
      exportRequest(request, () =>
        api.POST('/api/v1/companies/{c}/erp/requests/{r}/accept', {
          params: { path: { c, r: request.id } },
          body,
        }),
      ),
    retry: (request: RequestDetail, body: AcceptOptions & { version: number }) =>
      exportRequest(request, () =>
        api.POST('/api/v1/companies/{c}/erp/requests/{r}/retry', {
          params: { path: { c, r: request.id } },
          body,
        }),
      ),
    reject: async (request: RequestDetail, comment: string) => {
      await api.POST('/api/v1/companies/{c}/erp/requests/{r}/reject', {
        params: { path: { c, r: request.id } },
        body: { version: request.version, comment },
      });
      applyStatus(queryClient, c, request, 'rejected');
      settle(request.id);
    },
    bulk: async (action: 'accept' | 'reject', ids: string[], comment?: string): Promise<BulkResult[]> => {
      // As a single accept: pinned before the POST, so early events patch the rows rather than remove them.
      const pinning = action === 'accept' ? ids.filter((id) => !pinnedRows.has(id)) : [];
      for (const id of pinning) pinnedRows.add(id);
      let results: BulkResult[];
      try {
        const { data } = await api.POST('/api/v1/companies/{c}/erp/requests/bulk', {
          params: { path: { c } },
          body: { action, ids, ...(comment && { comment }) },
        });
        results = data?.results ?? [];
      } catch (error) {
        for (const id of pinning) pinnedRows.delete(id);
        throw error;
      }
      const refused = new Set(results.filter((r) => !r.ok).map((r) => r.id));
      for (const id of pinning) if (refused.has(id)) pinnedRows.delete(id);
      void queryClient.invalidateQueries({ queryKey: queueKeys.counts(c) });
      return results;
    },
  };
}

export type { LivePage };
