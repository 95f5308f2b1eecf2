import type { InfiniteData } from '@tanstack/react-query';

/**
 * Live updates (UI.md §4): a company event becomes cache operations. `eventOperations` is pure (it
 * reads the loaded queue lists it is given and returns what to do); `applyListOperation` is the pure
 * change of one infinite list. The EventSource hook applies both to the query cache.
 */

export const companyEventTypes = [
  'request.sent',
  'request.accepted',
  'request.rejected',
  'request.synced',
  'request.failed',
  'request.retrieved',
  'sync.finished',
] as const;
export type CompanyEventType = (typeof companyEventTypes)[number];

export interface RequestEventData {
  requestId: string;
  kind: string;
  status: string;
  subject: { id: string; label: string };
}

/** The `data` of one SSE frame: `{id, type, at, data}`. */
export interface CompanyEvent {
  id: string;
  type: CompanyEventType;
  at: string;
  data: RequestEventData | { syncRunId: string; status: string };
}

/** The part of a queue row an event can change. */
export interface LiveRow {
  id: string;
  status: string;
  kind: string;
}
export interface LivePage<R extends LiveRow = LiveRow> {
  items: R[];
  nextCursor: string | null;
}

/** One loaded queue list: its key and the filter it shows (comma lists of the API, parsed). */
export interface LoadedList {
  queryKey: readonly unknown[];
  statuses: readonly string[];
  /** Empty: every kind. */
  kinds: readonly string[];
  data: InfiniteData<LivePage> | undefined;
}

export type CacheOperation =
  | { op: 'patch'; queryKey: readonly unknown[]; requestId: string; status: string }
  | { op: 'remove'; queryKey: readonly unknown[]; requestId: string }
  | { op: 'append'; queryKey: readonly unknown[]; requestId: string }
  | { op: 'refetchCounts' }
  | { op: 'invalidateDetail'; requestId: string }
  | { op: 'invalidateSubject'; subjectId: string }
  | { op: 'invalidateSync' };

const isRequestEvent = (event: CompanyEvent): event is CompanyEvent & { data: RequestEventData } =>
  event.type.startsWith('request.');

const hasRow = (data: InfiniteData<LivePage> | undefined, id: string) =>
  data?.pages.some((page) => page.items.some((item) => item.id === id)) ?? false;

const lastPageLoaded = (data: InfiniteData<LivePage> | undefined) =>
  data !== undefined && (data.pages.at(-1)?.nextCursor ?? null) === null;

/**
 * What to do with the cache for one event, given the queue lists currently loaded. `pinned` rows are
 * ones this user just accepted or retried: they stay where they are and are patched (Exporting… →
 * Synced, S3 and E4) even though that status leaves the filter.
 */
export function eventOperations(
  event: CompanyEvent,
  lists: readonly LoadedList[],
  pinned: ReadonlySet<string> = new Set(),
): CacheOperation[] {
  if (!isRequestEvent(event)) return [{ op: 'invalidateSync' }];
  const { requestId, status, kind, subject } = event.data;
  const ops: CacheOperation[] = [];
  for (const list of lists) {
    const matches = list.statuses.includes(status) && (list.kinds.length === 0 || list.kinds.includes(kind));
    const loaded = hasRow(list.data, requestId);
    if (loaded && (matches || pinned.has(requestId)))
      ops.push({ op: 'patch', queryKey: list.queryKey, requestId, status });
    else if (loaded) ops.push({ op: 'remove', queryKey: list.queryKey, requestId });
    else if (matches && lastPageLoaded(list.data))
      ops.push({ op: 'append', queryKey: list.queryKey, requestId });
  }
  ops.push(
    { op: 'refetchCounts' },
    { op: 'invalidateDetail', requestId },
    { op: 'invalidateSubject', subjectId: subject.id },
  );
  return ops;
}

/** A list after one operation; the same object when nothing changed. `row` is the appended row. */
export function applyListOperation<R extends LiveRow>(
  data: InfiniteData<LivePage<R>> | undefined,
  op: CacheOperation,
  row?: R,
): InfiniteData<LivePage<R>> | undefined {
  if (!data) return data;
  switch (op.op) {
    case 'patch':
      return {
        ...data,
        pages: data.pages.map((page) =>
          page.items.some((item) => item.id === op.requestId)
            ? {
                ...page,
                items: page.items.map((item) =>
                  item.id === op.requestId ? { ...item, status: op.status } : item,
                ),
              }
            : page,
        ),
      };
    case 'remove':
      return {
        ...data,
        pages: data.pages.map((page) =>
          page.items.some((item) => item.id === op.requestId)
            ? { ...page, items: page.items.filter((item) => item.id !== op.requestId) }
            : page,
        ),
      };
    case 'append': {
      if (!row || hasRow(data as InfiniteData<LivePage>, row.id)) return data;
      const pages = [...data.pages];
      const last = pages.at(-1);
      if (!last) return data;
      pages[pages.length - 1] = { ...last, items: [...last.items, row] };
      return { ...data, pages };
    }
    default:
      return data;
  }
}

/** Calls `fn` at most once per `ms`, after the last call (counts refetch, UI.md §4: 500 ms). */
export function debounce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };
}
