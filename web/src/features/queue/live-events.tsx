import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  applyListOperation,
  type CacheOperation,
  type CompanyEvent,
  companyEventTypes,
  debounce,
  eventOperations,
} from '../../api/events.ts';
import { keys } from '../../api/queries.ts';
import { loadedLists, pinnedRows } from './queue-actions.ts';
import { type QueueData, type QueueRow, queueKeys, type RequestDetail } from './queue-queries.ts';

export type LiveStatus = 'live' | 'reconnecting' | 'offline';

type EventListener = (event: CompanyEvent) => void;
const listeners = new Set<EventListener>();

/**
 * Hears each company event once the cache has taken it: for screens that say what changed (the
 * queue's live region, UI.md §4). Answers the unsubscribe.
 */
export function onCompanyEvent(listener: EventListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells the listeners of `onCompanyEvent` of an event the cache has taken. */
export function emitCompanyEvent(event: CompanyEvent): void {
  for (const listener of listeners) listener(event);
}

/** After this long without a stream, queries fall back to polling (UI.md §4). */
const OFFLINE_AFTER_MS = 10_000;
const POLL_MS = 30_000;

function apply(queryClient: QueryClient, c: string, op: CacheOperation, refetchCounts: () => void) {
  switch (op.op) {
    case 'patch':
    case 'remove':
      queryClient.setQueryData<QueueData>(
        op.queryKey,
        (data) => applyListOperation(data as never, op) as unknown as QueueData,
      );
      return;
    case 'append':
      // The event is small: the row itself comes from the request's detail (a superset of a list row).
      void queryClient
        .fetchQuery({
          queryKey: queueKeys.detail(c, op.requestId),
          queryFn: async () => {
            const response = await fetch(`/api/v1/companies/${c}/erp/requests/${op.requestId}`);
            if (!response.ok) throw new Error(response.statusText);
            return (await response.json()) as RequestDetail;
          },
        })
        .then((detail) =>
          queryClient.setQueryData<QueueData>(
            op.queryKey,
            (data) => applyListOperation(data as never, op, detail as QueueRow) as unknown as QueueData,
          ),
        )
        .catch(() => undefined);
      return;
    case 'refetchCounts':
      refetchCounts();
      return;
    case 'invalidateDetail':
      void queryClient.invalidateQueries({ queryKey: queueKeys.detail(c, op.requestId) });
      return;
    case 'invalidateSubject':
      // Record pages keyed with the subject's id (project, vendor, commitment, change order).
      void queryClient.invalidateQueries({
        predicate: (q) =>
          q.queryKey[0] === 'c' &&
          q.queryKey[1] === c &&
          q.queryKey.includes(op.subjectId) &&
          q.queryKey[2] !== 'erp-requests',
      });
      return;
    case 'invalidateSync':
      void queryClient.invalidateQueries({
        predicate: (q) =>
          q.queryKey[0] === 'c' &&
          q.queryKey[1] === c &&
          q.queryKey[2] !== 'erp-requests' &&
          q.queryKey[2] !== 'company',
      });
      return;
  }
}

/** One company event into the cache (rows this tab pinned stay in place), then told to the listeners. */
export function applyCompanyEvent(
  queryClient: QueryClient,
  c: string,
  event: CompanyEvent,
  refetchCounts: () => void,
): void {
  for (const op of eventOperations(event, loadedLists(queryClient, c), pinnedRows))
    apply(queryClient, c, op, refetchCounts);
  emitCompanyEvent(event);
}

/**
 * One `EventSource` for the company (UI.md §4): each named event becomes cache operations through
 * `eventOperations`; the status drives the header's Live / Reconnecting… / Offline indicator.
 */
export function useCompanyEvents(companyId: string | undefined, enabled: boolean): LiveStatus | undefined {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus | undefined>();

  useEffect(() => {
    if (!companyId || !enabled || typeof EventSource === 'undefined' || import.meta.env.MODE === 'test') {
      setStatus(undefined);
      return;
    }
    const c = companyId;
    const source = new EventSource(`/api/v1/companies/${c}/events`);
    const refetchCounts = debounce(
      () => void queryClient.invalidateQueries({ queryKey: queueKeys.counts(c) }),
      500,
    );
    let downSince: number | null = null;
    let offlineTimer: ReturnType<typeof setTimeout> | undefined;
    const setPolling = (on: boolean) =>
      queryClient.setQueryDefaults(['c', c], { refetchInterval: on ? POLL_MS : false });

    setStatus('reconnecting');
    source.onopen = () => {
      downSince = null;
      clearTimeout(offlineTimer);
      setPolling(false);
      setStatus('live');
    };
    source.onerror = () => {
      if (downSince === null) {
        downSince = Date.now();
        setStatus('reconnecting');
        offlineTimer = setTimeout(() => {
          setStatus('offline');
          setPolling(true);
        }, OFFLINE_AFTER_MS);
      }
      // A closed stream: tell an expired session (401 → Sign in) from a lost connection.
      if (source.readyState === EventSource.CLOSED) void queryClient.invalidateQueries({ queryKey: keys.me });
    };
    const onEvent = (message: MessageEvent<string>) => {
      let event: CompanyEvent;
      try {
        event = JSON.parse(message.data) as CompanyEvent;
      } catch {
        return;
      }
      applyCompanyEvent(queryClient, c, event, refetchCounts);
    };
    for (const type of companyEventTypes) source.addEventListener(type, onEvent);
    return () => {
      clearTimeout(offlineTimer);
      setPolling(false);
      source.close();
    };
  }, [companyId, enabled, queryClient]);

  return status;
}

const labels: Record<LiveStatus, string> = {
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline — refreshing every 30 s',
};

/** The header's indicator: text and a dot, in a polite status region. */
export function LiveIndicator({ status }: { status: LiveStatus | undefined }) {
  if (!status) return null;
  const dot =
    status === 'live' ? 'bg-green-600' : status === 'reconnecting' ? 'bg-yellow-500' : 'bg-gray-500';
  return (
    <span role="status" className="inline-flex items-center gap-1.5 text-sm text-gray-700">
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${dot}`} />
      {labels[status]}
    </span>
  );
}
