import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useRouter, useSearch } from '@tanstack/react-router';
import { createContext, type KeyboardEvent, use, useCallback, useMemo, useRef, useState } from 'react';
import { errorDetail, useApi } from '../../api/client.ts';
import { companyQuery } from '../../api/queries.ts';
import type { paths } from '../../api/schema.d.ts';
import { can } from '../../auth/permissions.ts';
import { useMe } from '../../auth/session.tsx';
import { copy } from '../../copy.ts';
import { type DateFormat, formatAge, formatInstant } from '../../format/dates.ts';
import { erpName } from '../../format/erp.ts';
import { StatusBadge } from '../../ui/badge.tsx';
import { Button, PlainButton } from '../../ui/button.tsx';
import { DataTable, type DataTableColumn, dataTableColumns, TableSkeleton } from '../../ui/data-table.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { ErpAreaHeader } from '../sync/index.ts';
import { BulkDialog, kindLabels } from './bulk-dialog.tsx';
import { preflightSummary } from './preflight-list.tsx';
import { applyStatus, useQueueActions } from './queue-actions.ts';
import { LiveRegion, useQueueAnnouncer } from './queue-announcer.tsx';
import { type OpenDialog, QueueDialogs, type QueueDialogType } from './queue-dialogs.tsx';
import {
  countOf,
  countsQuery,
  NEEDS_ACTION,
  type QueueFilter,
  type QueueRow,
  queueListQuery,
  type RequestStatus,
} from './queue-queries.ts';
import type { QueueSearch } from './queue-search.ts';
import { RequestDetailPanel } from './request-detail.tsx';
import { rowKeyShortcuts, ShortcutsDialog } from './shortcuts-dialog.tsx';

type Company = paths['/api/v1/companies/{c}']['get']['responses'][200]['content']['application/json'];

interface Tab {
  label: string;
  kinds: string[];
}
const tabs: Tab[] = [
  { label: 'All', kinds: [] },
  { label: 'Jobs', kinds: ['project', 'cost_codes'] },
  { label: 'Budgets', kinds: ['budget'] },
  { label: 'Vendors', kinds: ['vendor'] },
  { label: 'Commitments', kinds: ['commitment'] },
  { label: 'Change Orders', kinds: ['change_order'] },
];

interface Filter {
  label: string;
  statuses: RequestStatus[];
}
const needsAction: Filter = { label: 'Needs action', statuses: NEEDS_ACTION };
const filters: Filter[] = [
  needsAction,
  { label: copy.readyToExport, statuses: ['ready_to_export'] },
  { label: copy.readyToUpdate, statuses: ['ready_to_update'] },
  { label: 'Exporting', statuses: ['exporting'] },
  { label: copy.failedToExport, statuses: ['failed'] },
  { label: copy.synced, statuses: ['synced'] },
  { label: 'Rejected', statuses: ['rejected'] },
  { label: 'Retrieved', statuses: ['retrieved'] },
];

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** The tab a `kind` list belongs to, and the chip for a narrower kind ("Cost codes only"). */
export function tabFor(kind: string | undefined): { tab: Tab; chip?: string } {
  const kinds = kind ? kind.split(',') : [];
  const exact = tabs.find((t) => sameSet(t.kinds, kinds));
  if (exact) return { tab: exact };
  const wider = tabs.find((t) => t.kinds.length > 0 && kinds.every((k) => t.kinds.includes(k)));
  if (wider && kinds.length === 1) {
    const label = kinds[0] === 'cost_codes' ? 'Cost codes only' : 'Projects only';
    return { tab: wider, chip: label };
  }
  return { tab: tabs[0] as Tab };
}

export function filterFor(status: string | undefined): Filter {
  if (!status) return needsAction;
  return (
    filters.find((f) => sameSet(f.statuses, status.split(','))) ?? {
      label: 'Filtered',
      statuses: status.split(',') as RequestStatus[],
    }
  );
}

/** The seed's headings (S2). */
export function queueHeading(tab: Tab, filter: Filter, erp: string): string {
  const ready = filter.statuses.length === 1 ? filter.statuses[0] : undefined;
  if (tab.label === 'Jobs' && ready === 'ready_to_export')
    return `Projects in Ledgergate not synced to ${erp}`;
  if (tab.label === 'Jobs' && ready === 'ready_to_update')
    return `Projects with cost codes to update in ${erp}`;
  if (tab.label === 'Change Orders' && ready === 'ready_to_export')
    return `Change Orders – Ready to be Exported to ${erp}`;
  return `${tab.label} – ${filter.label}`;
}

/** The actions of a row, by status (S2): [dialog, label, shortcut]. */
export function rowActions(status: RequestStatus): [QueueDialogType, string, string][] {
  switch (status) {
    case 'ready_to_export':
      return [
        ['accept', copy.accept, 'A'],
        ['reject', copy.reject, 'R'],
      ];
    case 'ready_to_update':
      return [
        ['view', copy.viewRequestedUpdates, 'V'],
        ['accept', copy.update, 'A'],
        ['reject', copy.reject, 'R'],
      ];
    case 'failed':
      return [
        ['retry', copy.retry, 'T'],
        ['reject', copy.reject, 'R'],
      ];
    default:
      return [];
  }
}

interface RowContext {
  c: string;
  canAct: boolean;
  selected: ReadonlySet<string>;
  toggle: (id: string) => void;
  openDialog: (type: QueueDialogType, id: string) => void;
  dates: DateFormat;
  now: Date;
  /** The queue's filters as the row links carry them (`?kind=…`), serialised once per render. */
  searchString: string;
  openDetail: (id: string) => void;
}
const RowCtx = createContext<RowContext | null>(null);
const useRow = () => use(RowCtx) as RowContext;

function SelectCell({ row }: { row: QueueRow }) {
  const ctx = useRow();
  return (
    <input
      type="checkbox"
      tabIndex={-1}
      aria-label={`Select ${row.subject.label}`}
      checked={ctx.selected.has(row.id)}
      onChange={() => ctx.toggle(row.id)}
    />
  );
}

function ItemCell({ row }: { row: QueueRow }) {
  const ctx = useRow();
  // A plain anchor with the router's navigation on a plain click: a router Link per row builds and
  // matches its location on every render, which dominated scrolling through 10,000 rows.
  return (
    <a
      href={`/companies/${ctx.c}/erp/requests/${row.id}${ctx.searchString}`}
      tabIndex={-1}
      // Long names are cut so the Actions column fits at 1280 px; the whole name is the title.
      title={row.subject.label}
      className="block max-w-[9rem] truncate text-blue-800 hover:underline"
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        ctx.openDetail(row.id);
      }}
    >
      <span className="mr-1 text-xs text-gray-600">{kindLabels[row.kind][0]}</span>
      {row.subject.label}
    </a>
  );
}

function SentCell({ row }: { row: QueueRow }) {
  const { dates, now } = useRow();
  const full = formatInstant(row.sentAt, dates);
  return (
    <time dateTime={row.sentAt} title={full}>
      {formatAge(row.sentAt, now, dates.locale)}
    </time>
  );
}

function ActionsCell({ row }: { row: QueueRow }) {
  const ctx = useRow();
  if (!ctx.canAct) return null;
  return (
    <div className="flex gap-1">
      {rowActions(row.status).map(([type, label, key]) => (
        <PlainButton
          key={type}
          variant={type === 'reject' ? 'quiet' : 'secondary'}
          className="px-1.5 py-0.5 text-xs"
          tabIndex={-1}
          aria-keyshortcuts={key}
          onClick={() => ctx.openDialog(type, row.id)}
        >
          {label}
        </PlainButton>
      ))}
    </div>
  );
}

const helper = dataTableColumns<QueueRow>();
const selectColumn = helper.display({
  id: 'select',
  header: () => <SelectAllHeader />,
  cell: ({ row }) => <SelectCell row={row.original} />,
});
const itemColumn = helper.display({
  id: 'item',
  header: 'Item',
  cell: ({ row }) => <ItemCell row={row.original} />,
});
const kindColumn = helper.display({
  id: 'kind',
  header: 'Kind',
  cell: ({ row }) => kindLabels[row.original.kind][0],
});
const statusColumn = helper.display({
  id: 'status',
  header: 'Status',
  cell: ({ row }) => <StatusBadge status={row.original.status} />,
});
const preflightColumn = helper.display({
  id: 'preflight',
  header: 'Preflight',
  cell: ({ row }) => (
    <span title={row.original.preflight.problems.map((p) => p.message).join('\n') || undefined}>
      {preflightSummary(row.original.preflight)}
    </span>
  ),
});
const senderColumn = helper.display({
  id: 'sender',
  header: 'Sent by',
  cell: ({ row }) => (
    <span className="block max-w-[6rem] truncate" title={row.original.sender.email}>
      {row.original.sender.email}
    </span>
  ),
});
const sentColumn = helper.display({
  id: 'sent',
  header: 'Sent',
  cell: ({ row }) => <SentCell row={row.original} />,
});
const attemptsColumn = helper.display({
  id: 'attempts',
  header: 'Attempts',
  cell: ({ row }) => row.original.attempts,
});
const actionsColumn = helper.display({
  id: 'actions',
  header: 'Actions',
  cell: ({ row }) => <ActionsCell row={row.original} />,
});

interface SelectAll {
  all: boolean;
  some: boolean;
  toggleAll: () => void;
}
const SelectAllCtx = createContext<SelectAll | null>(null);
function SelectAllHeader() {
  const s = use(SelectAllCtx);
  if (!s) return null;
  return (
    <input
      type="checkbox"
      aria-label="Select all loaded rows"
      checked={s.all}
      ref={(el) => {
        if (el) el.indeterminate = s.some && !s.all;
      }}
      onChange={s.toggleAll}
    />
  );
}

/** S2: the ERP Integrations queue, with S4 as a side panel when `panelId` is set. */
export function QueuePage({ panelId }: { panelId?: string | undefined }) {
  const { c } = useParams({ strict: false }) as { c: string };
  const search = useSearch({ strict: false }) as QueueSearch;
  const api = useApi();
  const me = useMe();
  const company = useQuery(companyQuery(api, c)).data;
  if (!company) return <TableSkeleton label="Loading the queue" />;
  return (
    <Queue
      c={c}
      search={search}
      company={company}
      canAct={can(me, c, 'actOnErpRequests')}
      panelId={panelId}
    />
  );
}

function Queue({
  c,
  search,
  company,
  canAct,
  panelId,
}: {
  c: string;
  search: QueueSearch;
  company: Company;
  canAct: boolean;
  panelId: string | undefined;
}) {
  const api = useApi();
  const navigate = useNavigate();
  const router = useRouter();
  const queryClient = useQueryClient();
  const erp = erpName(company.erpSystem);
  const { tab, chip } = tabFor(search.kind);
  const filter = filterFor(search.status);
  const apiFilter: QueueFilter = {
    status: filter.statuses.join(','),
    kind: search.kind ?? (tab.kinds.length > 0 ? tab.kinds.join(',') : undefined),
    q: search.q,
  };
  const list = useInfiniteQuery(queueListQuery(api, c, apiFilter));
  const counts = useQuery(countsQuery(api, c)).data;
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = countOf(counts, apiFilter.kind ? apiFilter.kind.split(',') : [], filter.statuses);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  // The selection as the bulk dialog opened: a row leaving the list meanwhile (retrieved) is still sent,
  // and the results panel tells why it was not done (S3, E21).
  const [bulk, setBulk] = useState<{ action: 'accept' | 'reject'; rows: QueueRow[] } | null>(null);
  const [paging, setPaging] = useState(false);
  const [shortcuts, setShortcuts] = useState(false);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const announcer = useQueueAnnouncer((id) => id === panelId || id === focusedId);
  const [qInput, setQInput] = useState(search.q ?? '');
  const actions = useQueueActions(c);
  const dates: DateFormat = { timeZone: company.timeZone, locale: company.settings.locale };
  const now = useMemo(() => new Date(), []);
  const loadedIds = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  // A selected row that leaves the list is deselected (UI.md §4).
  const selectedLoaded = useMemo(
    () => new Set([...selected].filter((id) => loadedIds.has(id))),
    [selected, loadedIds],
  );

  const toggle = useCallback(
    (id: string) =>
      setSelected((s) => {
        const next = new Set(s);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  // Focus returns to the trigger, or to the row that took its place (S3), after any dialog.
  const returnFocus = useRef<{ element: Element | null; index: number }>({ element: null, index: 0 });
  const openDialog = useCallback((type: QueueDialogType, id: string) => {
    const element = document.activeElement;
    const row = element?.closest('tr[data-index]');
    returnFocus.current = { element, index: Number(row?.getAttribute('data-index') ?? 0) };
    setDialog({ type, id });
  }, []);
  const closeDialog = useCallback(() => {
    setDialog(null);
    setBulk(null);
    // After React Aria's modal has gone (its outside-hiding and its own focus restore): retried for a
    // few frames until the row really has focus.
    let tries = 0;
    const attempt = () => {
      const { element, index } = returnFocus.current;
      let target: HTMLElement | undefined;
      if (element instanceof HTMLElement && element.isConnected) target = element;
      else {
        const rows = [...document.querySelectorAll<HTMLElement>('tr[data-index]')];
        target = rows.find((r) => Number(r.dataset.index) >= index) ?? rows.at(-1);
      }
      target?.focus();
      if (target && document.activeElement !== target && tries++ < 30) requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
  }, []);
  const rowCtx: RowContext = {
    c,
    canAct,
    selected: selectedLoaded,
    toggle,
    openDialog,
    dates,
    now,
    searchString: router.options.stringifySearch(search),
    openDetail: (id) => void openDetail(id),
  };
  const selectAll: SelectAll = {
    all: rows.length > 0 && selectedLoaded.size === rows.length,
    some: selectedLoaded.size > 0,
    toggleAll: () => setSelected(selectedLoaded.size === rows.length ? new Set() : new Set(loadedIds)),
  };

  const columns = useMemo(() => {
    const cols: DataTableColumn<QueueRow>[] = [];
    if (canAct) cols.push(selectColumn);
    cols.push(itemColumn);
    if (tab.kinds.length === 0) cols.push(kindColumn);
    cols.push(statusColumn, preflightColumn, senderColumn, sentColumn);
    if (filter.statuses.includes('failed') && filter.statuses.length === 1) cols.push(attemptsColumn);
    if (canAct) cols.push(actionsColumn);
    return cols;
  }, [canAct, tab.kinds.length, filter.statuses]);

  const onEndReached = useCallback(() => {
    if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, [list]);

  const openDetail = (id: string) =>
    navigate({
      to: '/companies/$c/erp/requests/$r',
      params: { c, r: id },
      search,
      state: { fromQueue: true } as never,
    });

  const onRowKeyDown = (row: QueueRow, event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.key === 'Enter') {
      openDetail(row.id);
      return true;
    }
    if (event.key === '?') {
      returnFocus.current = { element: document.activeElement, index: 0 };
      setShortcuts(true);
      return true;
    }
    if (!canAct || event.ctrlKey || event.metaKey || event.altKey) return false;
    if (event.key === ' ') {
      toggle(row.id);
      return true;
    }
    const action = rowActions(row.status).find(([, , key]) => key === event.key.toUpperCase());
    if (action) {
      openDialog(action[0], row.id);
      return true;
    }
    return false;
  };

  const selectAllMatching = async () => {
    setPaging(true);
    try {
      let result = await list.fetchNextPage();
      while (result.hasNextPage) result = await list.fetchNextPage();
      setSelected(new Set(result.data?.pages.flatMap((p) => p.items.map((i) => i.id)) ?? []));
    } finally {
      setPaging(false);
    }
  };

  const heading = queueHeading(tab, filter, erp);
  const tabSearch = (t: Tab): QueueSearch => ({
    ...(t.kinds.length > 0 && { kind: t.kinds.join(',') }),
    ...(search.status && { status: search.status }),
    ...(search.q && { q: search.q }),
  });
  const filterSearch = (f: Filter): QueueSearch => ({
    ...(search.kind && { kind: search.kind }),
    ...(f !== needsAction && { status: f.statuses.join(',') }),
    ...(search.q && { q: search.q }),
  });
  const navClass =
    'flex items-center justify-between gap-2 rounded-md px-3 py-1.5 text-sm text-gray-800 hover:bg-gray-100 aria-[current=page]:bg-blue-50 aria-[current=page]:font-medium aria-[current=page]:text-blue-900';
  const selectedRows = rows.filter((r) => selectedLoaded.has(r.id));

  return (
    <RowCtx value={rowCtx}>
      <SelectAllCtx value={selectAll}>
        <div className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h1 className="text-xl font-semibold">{copy.erpIntegrations}</h1>
            <ErpAreaHeader companyId={c} />
          </div>
          {!canAct && (
            <p className="rounded-md border border-blue-200 bg-blue-50 p-3 text-sm text-blue-900">
              You can view this queue. To accept or reject, an operator must grant you{' '}
              {copy.canPushToAccounting}.
            </p>
          )}
          <nav aria-label="Kinds" className="flex flex-wrap gap-1 border-b border-gray-200">
            {tabs.map((t) => {
              const n = countOf(counts, t.kinds, NEEDS_ACTION);
              return (
                <Link
                  key={t.label}
                  to="/companies/$c/erp/requests"
                  params={{ c }}
                  search={tabSearch(t)}
                  aria-current={t === tab ? 'page' : undefined}
                  activeOptions={{ exact: true, includeSearch: true }}
                  activeProps={{}}
                  className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm aria-[current=page]:border-blue-700 aria-[current=page]:font-medium aria-[current=page]:text-blue-900"
                >
                  {t.label}
                  {n !== undefined && n > 0 && (
                    <span className="ml-1.5 rounded-full bg-gray-100 px-1.5 text-xs">
                      {n.toLocaleString('en-US')}
                      <span className="sr-only"> need action</span>
                    </span>
                  )}
                </Link>
              );
            })}
          </nav>
          <div className="flex flex-col gap-4 md:flex-row">
            <aside className="w-full shrink-0 space-y-3 md:w-48">
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void navigate({
                    to: '/companies/$c/erp/requests',
                    params: { c },
                    search: { ...search, q: qInput.trim() || undefined },
                  });
                }}
              >
                <label className="text-sm font-medium" htmlFor="queue-q">
                  Find by name or sender
                </label>
                <input
                  id="queue-q"
                  type="search"
                  value={qInput}
                  onChange={(e) => setQInput(e.target.value)}
                  className="mt-1 w-full rounded-md border border-gray-300 px-2.5 py-1.5 text-sm"
                />
              </form>
              <nav aria-label="Filters">
                <h2 className="mb-1 text-sm font-medium text-gray-700">Filters</h2>
                <ul className="space-y-0.5">
                  {filters.map((f) => {
                    const n = countOf(counts, tab.kinds, f.statuses);
                    return (
                      <li key={f.label}>
                        <Link
                          to="/companies/$c/erp/requests"
                          params={{ c }}
                          search={filterSearch(f)}
                          aria-current={f.label === filter.label ? 'page' : undefined}
                          activeProps={{}}
                          className={navClass}
                        >
                          <span>{f.label}</span>
                          {n !== undefined && (
                            <span className="text-xs text-gray-600">{n.toLocaleString('en-US')}</span>
                          )}
                        </Link>
                      </li>
                    );
                  })}
                  {tab.label === 'Jobs' && (
                    <li>
                      <Link to="/companies/$c/erp/jobs" params={{ c }} className={navClass}>
                        {copy.jobsOnlyIn(erp)}
                      </Link>
                    </li>
                  )}
                  {tab.label === 'Vendors' && (
                    <li>
                      <Link to="/companies/$c/erp/vendors" params={{ c }} className={navClass}>
                        {copy.vendorsOnlyIn(erp)}
                      </Link>
                    </li>
                  )}
                </ul>
              </nav>
            </aside>
            <section className="min-w-0 flex-1 space-y-2" aria-labelledby="queue-heading">
              <div className="flex flex-wrap items-center gap-2">
                <h2 id="queue-heading" className="text-lg font-medium">
                  {heading}
                </h2>
                {chip && (
                  <Link
                    to="/companies/$c/erp/requests"
                    params={{ c }}
                    search={tabSearch(tab)}
                    className="rounded-full bg-gray-100 px-2 py-0.5 text-xs"
                    aria-label={`Remove filter: ${chip}`}
                  >
                    {chip} <span aria-hidden="true">×</span>
                  </Link>
                )}
              </div>
              {canAct && selectedLoaded.size > 0 && (
                <section
                  aria-label="Bulk actions"
                  className="sticky top-0 z-20 flex flex-wrap items-center gap-2 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm"
                >
                  <span>{selectedLoaded.size.toLocaleString('en-US')} selected</span>
                  <Button
                    variant="primary"
                    onPress={() => {
                      returnFocus.current = { element: document.activeElement, index: 0 };
                      setBulk({ action: 'accept', rows: selectedRows });
                    }}
                  >
                    {copy.accept}
                  </Button>
                  <Button
                    variant="danger"
                    onPress={() => {
                      returnFocus.current = { element: document.activeElement, index: 0 };
                      setBulk({ action: 'reject', rows: selectedRows });
                    }}
                  >
                    {copy.reject}
                  </Button>
                  <Button variant="quiet" onPress={() => setSelected(new Set())}>
                    Clear
                  </Button>
                  {total !== undefined && total > rows.length && (
                    <Button variant="quiet" onPress={selectAllMatching} isPending={paging}>
                      Select all {total.toLocaleString('en-US')} matching
                    </Button>
                  )}
                  {paging && (
                    <progress
                      aria-label="Loading matching items"
                      value={rows.length}
                      max={total ?? rows.length}
                    />
                  )}
                </section>
              )}
              {list.isPending ? (
                <TableSkeleton label="Loading the queue" />
              ) : list.isError ? (
                <ErrorState detail={errorDetail(list.error)} onRetry={() => void list.refetch()} />
              ) : rows.length === 0 ? (
                <EmptyState>
                  {filter === needsAction && !search.q
                    ? 'Nothing is waiting for approval. Items appear here when a project manager clicks Send to ERP.'
                    : `No items here. Items appear when their status is ${filter.label}.`}
                </EmptyState>
              ) : (
                <DataTable
                  caption={heading}
                  captionHidden
                  columns={columns}
                  data={rows}
                  getRowId={(r) => r.id}
                  totalCount={Math.max(total ?? rows.length, rows.length)}
                  hasMore={list.hasNextPage}
                  onEndReached={onEndReached}
                  onRowKeyDown={onRowKeyDown}
                  onFocusRow={setFocusedId}
                  isBusy={list.isFetchingNextPage}
                  rowProps={(row) => ({
                    'aria-label': `${row.subject.label}`,
                    'data-row-id': row.id,
                    ...(canAct && { 'aria-selected': selectedLoaded.has(row.id) }),
                    'aria-keyshortcuts': rowKeyShortcuts(
                      rowActions(row.status).map(([, , k]) => k),
                      canAct,
                    ),
                  })}
                />
              )}
              {rows.length > 0 && (
                <p className="flex flex-wrap items-center gap-1 text-xs text-gray-600">
                  Keys in the table: ↑ ↓ move, Space selects, Enter opens
                  {canAct && ', A accept or update, R reject, V view requested updates, T retry'}, ? lists
                  them.
                  <Button
                    variant="quiet"
                    className="px-1 py-0 text-xs underline"
                    aria-keyshortcuts="?"
                    onPress={() => {
                      returnFocus.current = { element: document.activeElement, index: 0 };
                      setShortcuts(true);
                    }}
                  >
                    Keyboard shortcuts
                  </Button>
                </p>
              )}
              <LiveRegion message={announcer.message} />
            </section>
            {panelId && (
              <aside
                aria-label="Request"
                className="w-full shrink-0 border-l border-gray-200 pl-4 md:w-[28rem]"
              >
                <RequestDetailPanel
                  company={company}
                  r={panelId}
                  canAct={canAct}
                  onAction={(type) => openDialog(type, panelId)}
                  onClose={() => {
                    // Esc or × closes the panel and returns focus to its row (S4).
                    const id = panelId;
                    void navigate({ to: '/companies/$c/erp/requests', params: { c }, search }).then(() =>
                      requestAnimationFrame(() =>
                        document.querySelector<HTMLElement>(`tr[data-row-id="${CSS.escape(id)}"]`)?.focus(),
                      ),
                    );
                  }}
                />
              </aside>
            )}
          </div>
          {dialog && (
            <QueueDialogs company={company} open={dialog} onOpen={setDialog} onClose={closeDialog} />
          )}
          {shortcuts && (
            <ShortcutsDialog
              canAct={canAct}
              onClose={() => {
                setShortcuts(false);
                closeDialog();
              }}
            />
          )}
          {bulk && (
            <BulkDialog
              action={bulk.action}
              rows={bulk.rows}
              erp={erp}
              onClose={closeDialog}
              onSelect={(ids) => {
                setSelected(new Set(ids));
                setBulk(null);
              }}
              run={async (ids, comment) => {
                // The results panel tells the outcome; the accepts and rejects' own events are not told again.
                announcer.actedOn(ids);
                const results = await actions.bulk(bulk.action, ids, comment);
                const byId = new Map(bulk.rows.map((r) => [r.id, r]));
                for (const result of results) {
                  const row = byId.get(result.id);
                  if (row && result.ok && result.status) applyStatus(queryClient, c, row, result.status);
                }
                return results;
              }}
            />
          )}
        </div>
      </SelectAllCtx>
    </RowCtx>
  );
}
