import {
  type InfiniteData,
  type UseInfiniteQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { RowData } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, errorDetail } from '../../api/client.ts';
import { Button } from '../../ui/button.tsx';
import { ComboBox } from '../../ui/combo-box.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { DataTable, type DataTableColumn, dataTableColumns, TableSkeleton } from '../../ui/data-table.tsx';
import { Dialog, DialogActions } from '../../ui/dialog.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { fitTableHeight } from '../../ui/table-height.ts';
import { toast } from '../../ui/toasts.tsx';
import { ErpAreaHeader } from '../sync/erp-area-header.tsx';
import { type CandidatesQuery, removeMirrorRow } from './mirror-queries.ts';

type Action = 'import' | 'link' | 'archive';

/** What differs between Jobs only in {ERP} (S7) and Vendors only in {ERP} (S8). */
export interface MirrorSpec<T extends RowData> {
  companyId: string;
  title: string;
  /** "job" or "vendor", in button-free sentences ("Archive job 23-040?"). */
  noun: string;
  columns: DataTableColumn<T>[];
  list: UseInfiniteQueryResult<InfiniteData<{ items: T[]; nextCursor: string | null }>>;
  listKey: readonly unknown[];
  /** The ERP key: job number or vendor code. */
  keyOf: (row: T) => string;
  /** "24-002 Oak Street Parking Deck": the row's accessible name and the dialogs' subject. */
  labelOf: (row: T) => string;
  empty: string;
  /** ERP admin: Import, Link, Archive. */
  canManage: boolean;
  importQuestion: (row: T) => string;
  /** POST …/import, then open the new record. */
  importRow: (row: T) => Promise<void>;
  link: {
    /** The picker's label ("Project"). */
    label: string;
    description: string;
    /** Records the ERP doesn't know yet; loaded only while the Link dialog is open. */
    candidates: CandidatesQuery;
    none: string;
    submit: (row: T, targetId: string) => Promise<unknown>;
  };
  archiveText: string;
  archiveRow: (row: T) => Promise<unknown>;
  /** Keys of other lists an action changes (the projects or vendors lists, the link pickers). */
  touches: readonly (readonly unknown[])[];
}

/** UI.md §3's handler for an action's failure, said in the dialog. */
function actionError(error: unknown, what: string): string {
  if (error instanceof ApiError && error.status === 403)
    return `You don't have permission to ${what}. ${error.problem.detail}`;
  return errorDetail(error);
}

/** Focus the row that took the removed row's place, else the page heading (the trigger is gone). */
function focusAfterRemoval(index: number, heading: HTMLElement | null) {
  let tries = 0;
  let held = 0;
  const attempt = () => {
    // Not while the modal is up (it makes the page inert), and again until the modal's own focus
    // restore, to a trigger that is gone, is over: focus must hold for a few frames.
    const modalGone = document.querySelector('[role="dialog"]') === null;
    const rows = [...document.querySelectorAll<HTMLElement>('tr[data-index]')];
    const target = rows.find((r) => Number(r.dataset.index) >= index) ?? rows.at(-1) ?? heading;
    if (modalGone && document.activeElement !== target) target?.focus();
    held = modalGone && document.activeElement === target ? held + 1 : 0;
    if (held < 5 && tries++ < 120) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

/**
 * S7 and S8: ERP records no Ledgergate record is linked to, with the ERP area header; an ERP admin
 * imports one as a new synced record, links it to one the ERP doesn't know, or archives it, and the
 * row leaves the list.
 */
export function MirrorPage<T extends RowData>(spec: MirrorSpec<T>) {
  const { list } = spec;
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const [open, setOpen] = useState<{ action: Action; row: T; index: number } | null>(null);

  const openDialog = useCallback((action: Action, row: T) => {
    const tr = document.activeElement?.closest('tr[data-index]');
    setOpen({ action, row, index: Number(tr?.getAttribute('data-index') ?? 0) });
  }, []);

  const act = useMutation({
    mutationFn: async ({ action, row, targetId }: { action: Action; row: T; targetId?: string }) => {
      if (action === 'import') return spec.importRow(row);
      if (action === 'link') return spec.link.submit(row, targetId ?? '');
      return spec.archiveRow(row);
    },
    onSuccess: (_, { action, row }) => {
      const key = spec.keyOf(row);
      removeMirrorRow<T>(queryClient, spec.listKey, (r) => spec.keyOf(r) === key);
      for (const queryKey of spec.touches) void queryClient.invalidateQueries({ queryKey });
      const done = { import: 'Imported', link: 'Linked', archive: 'Archived' }[action];
      toast(`${done} ${spec.noun} ${spec.labelOf(row)}`);
      const index = open?.index ?? 0;
      setOpen(null);
      if (action !== 'import') focusAfterRemoval(index, heading.current);
    },
    onError: (error) => {
      // The row changed meanwhile (linked or archived by someone else): show the list as it is now.
      if (error instanceof ApiError && error.status === 409) void list.refetch();
    },
  });

  const close = () => {
    if (act.isPending) return;
    act.reset();
    setOpen(null);
  };

  const columns = useMemo(() => {
    if (!spec.canManage) return spec.columns;
    const actions = dataTableColumns<T>().display({
      id: 'actions',
      header: 'Actions',
      cell: ({ row }) => (
        <div className="flex gap-1">
          <Button className="px-2 py-0.5 text-xs" onPress={() => openDialog('import', row.original)}>
            Import
          </Button>
          <Button className="px-2 py-0.5 text-xs" onPress={() => openDialog('link', row.original)}>
            Link
          </Button>
          <Button
            variant="quiet"
            className="px-2 py-0.5 text-xs"
            onPress={() => openDialog('archive', row.original)}
          >
            Archive
          </Button>
        </div>
      ),
    });
    return [...spec.columns, actions];
  }, [spec.columns, spec.canManage, openDialog]);

  const onEndReached = useCallback(() => {
    if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, [list]);

  const error = act.error ? actionError(act.error, `${open?.action ?? 'change'} this ${spec.noun}`) : null;
  const label = open ? spec.labelOf(open.row) : '';

  return (
    <section className="space-y-4">
      <div className="space-y-1">
        <h1 ref={heading} tabIndex={-1} className="text-xl font-semibold outline-none">
          {spec.title}
        </h1>
        <ErpAreaHeader companyId={spec.companyId} />
      </div>
      {list.isPending ? (
        <TableSkeleton label={`Loading ${spec.title}`} />
      ) : list.isError ? (
        <ErrorState detail={errorDetail(list.error)} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{spec.empty}</EmptyState>
      ) : (
        <DataTable
          caption={spec.title}
          captionHidden
          columns={columns}
          data={rows}
          getRowId={spec.keyOf}
          hasMore={list.hasNextPage}
          onEndReached={onEndReached}
          isBusy={list.isFetchingNextPage}
          rowProps={(row) => ({ 'aria-label': spec.labelOf(row) })}
          height={fitTableHeight(rows.length)}
        />
      )}
      {open?.action === 'import' && (
        <ConfirmDialog
          title={`Import ${spec.noun} ${spec.keyOf(open.row)}`}
          isOpen
          onClose={close}
          confirmLabel="Import"
          onConfirm={() => act.mutate({ action: 'import', row: open.row })}
          isPending={act.isPending}
          error={error}
        >
          {spec.importQuestion(open.row)}
        </ConfirmDialog>
      )}
      {open?.action === 'archive' && (
        <ConfirmDialog
          title={`Archive ${spec.noun} ${label}?`}
          isOpen
          onClose={close}
          confirmLabel="Archive"
          variant="danger"
          onConfirm={() => act.mutate({ action: 'archive', row: open.row })}
          isPending={act.isPending}
          error={error}
        >
          {spec.archiveText}
        </ConfirmDialog>
      )}
      {open?.action === 'link' && (
        <LinkDialog
          title={`Link ${spec.noun} ${label}`}
          link={spec.link}
          onClose={close}
          onLink={(targetId) => act.mutate({ action: 'link', row: open.row, targetId })}
          isPending={act.isPending}
          error={error}
        />
      )}
    </section>
  );
}

function LinkDialog({
  title,
  link,
  onClose,
  onLink,
  isPending,
  error,
}: {
  title: string;
  link: Omit<MirrorSpec<RowData>['link'], 'submit'>;
  onClose: () => void;
  onLink: (targetId: string) => void;
  isPending: boolean;
  error: string | null;
}) {
  const candidates = useQuery(link.candidates);
  const [selected, setSelected] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const loaded = candidates.data !== undefined;
  useEffect(() => {
    if (loaded) input.current?.focus();
  }, [loaded]);
  const [missing, setMissing] = useState(false);
  const submit = () => {
    if (!selected) {
      setMissing(true);
      return;
    }
    onLink(selected);
  };
  return (
    <Dialog title={title} isOpen onClose={onClose} isDismissable={!isPending}>
      <form
        className="space-y-3 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-red-900">
            {error}
          </p>
        )}
        {candidates.isError ? (
          <ErrorState detail={errorDetail(candidates.error)} onRetry={() => void candidates.refetch()} />
        ) : !candidates.data ? (
          <p role="status">Loading…</p>
        ) : candidates.data.length === 0 ? (
          <p>{link.none}</p>
        ) : (
          <ComboBox
            label={link.label}
            items={candidates.data}
            selectedKey={selected}
            onSelectionChange={(key) => {
              setSelected(key);
              setMissing(false);
            }}
            description={link.description}
            error={missing ? `Choose a ${link.label.toLowerCase()} to link.` : undefined}
            isRequired
            inputRef={input}
          />
        )}
        <DialogActions>
          <Button onPress={onClose} isDisabled={isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" isPending={isPending} isDisabled={!candidates.data?.length}>
            Link
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
