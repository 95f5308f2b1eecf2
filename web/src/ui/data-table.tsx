import {
  type ColumnDef,
  createColumnHelper,
  type Row,
  type RowData,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import {
  type HTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** The features every DataTable registers: the core model only; selection and actions are the screen's. */
export const dataTableFeatures = tableFeatures({});
export type DataTableFeatures = typeof dataTableFeatures;
// biome-ignore lint/suspicious/noExplicitAny: a column's value type varies per column, as in TanStack's own typings.
export type DataTableColumn<T extends RowData> = ColumnDef<DataTableFeatures, T, any>;
export const dataTableColumns = <T extends RowData>() => createColumnHelper<DataTableFeatures, T>();

export const ROW_HEIGHT = 36;
const OVERSCAN = 10;
/** The next page is asked for when the last drawn row is within this many rows of the end (UI.md §5). */
const PREFETCH_ROWS = 50;
const PAGE_ROWS = 15;

export interface DataTableProps<T extends RowData> {
  caption: string;
  /** Visually hide the caption where it would be noise (it stays for screen readers). */
  captionHidden?: boolean;
  columns: DataTableColumn<T>[];
  data: T[];
  getRowId: (row: T) => string;
  /** All matching rows on the server (loaded or not): `aria-rowcount` is this + 1 for the header row. */
  totalCount?: number;
  /** More rows exist on the server; `onEndReached` asks for them. */
  hasMore?: boolean;
  onEndReached?: () => void;
  /** Keys on a focused row beyond moving (Space, Enter, shortcuts): return true when handled. */
  onRowKeyDown?: (row: T, event: KeyboardEvent<HTMLTableRowElement>) => boolean;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement>;
  /** The row with focus, by id, when the screen wants to move it (a row left the list). */
  focusRowId?: string | null;
  onFocusRow?: (id: string) => void;
  height?: string;
  isBusy?: boolean;
}

/** Ignores the 0×0 rect of an unlaid-out element (tests, hidden tabs) so some rows are still drawn. */
const observeRect: typeof observeElementRect = (instance, callback) =>
  observeElementRect(instance, (rect) =>
    callback(rect.height > 0 ? rect : { width: rect.width || 1000, height: ROW_HEIGHT * 20 }),
  );

/**
 * A TanStack Table model rendered into a native `<table>` (UI.md §5): rows virtualised with TanStack
 * Virtual (fixed 36 px rows, overscan 10, sticky header), `aria-rowcount` = total + 1 and `aria-rowindex`
 * per row, so a 10,000-row list keeps fewer than 100 `<tr>` in the DOM. The body is one tab stop (roving
 * `tabIndex` on rows); ↑ ↓ PgUp PgDn Home End move, and the virtualiser follows.
 */
export function DataTable<T extends RowData>({
  caption,
  captionHidden = false,
  columns,
  data,
  getRowId,
  totalCount,
  hasMore = false,
  onEndReached,
  onRowKeyDown,
  rowProps,
  focusRowId,
  onFocusRow,
  height = 'min(70vh, 720px)',
  isBusy = false,
}: DataTableProps<T>) {
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId: (row: T) => getRowId(row),
  });
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    observeElementRect: observeRect,
    initialRect: { width: 1000, height: ROW_HEIGHT * 20 },
    // Rows render in React's next batch rather than synchronously inside each scroll event.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);

  const lastDrawn = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && onEndReached && lastDrawn >= rows.length - PREFETCH_ROWS) onEndReached();
  }, [hasMore, onEndReached, lastDrawn, rows.length]);

  // A screen moving focus (a row left the list): follow it by id.
  useEffect(() => {
    if (focusRowId == null) return;
    const index = rows.findIndex((r) => r.id === focusRowId);
    if (index >= 0) setActive(index);
  }, [focusRowId, rows]);

  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));

  const moveTo = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(index, rows.length - 1));
      setActive(next);
      pendingFocus.current = next;
      virtualizer.scrollToIndex(next, { align: 'auto' });
      const row = rows[next];
      if (row) onFocusRow?.(row.id);
    },
    [rows, virtualizer, onFocusRow],
  );

  useEffect(() => {
    if (pendingFocus.current === null) return;
    const row = scrollRef.current?.querySelector<HTMLTableRowElement>(
      `tr[data-index="${pendingFocus.current}"]`,
    );
    if (row) {
      row.focus();
      pendingFocus.current = null;
    }
  });

  // End goes to the real last row (UI.md §6): while more pages exist, each arriving page moves focus to
  // its new last row, and the prefetch above asks for the next, until the last page; any other key stops.
  const toEnd = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: on each arriving page only, not on moveTo's identity.
  useEffect(() => {
    if (!toEnd.current) return;
    if (!hasMore) toEnd.current = false;
    if (rows.length > 0 && active !== rows.length - 1) moveTo(rows.length - 1);
  }, [rows.length, hasMore]);

  const onKeyDown = (
    row: Row<DataTableFeatures, T>,
    index: number,
    event: KeyboardEvent<HTMLTableRowElement>,
  ) => {
    toEnd.current = event.key === 'End' && event.target === event.currentTarget && hasMore;
    if (event.target !== event.currentTarget) {
      // Inside the row's buttons: Esc goes back to the row.
      if (event.key === 'Escape') {
        event.preventDefault();
        event.currentTarget.focus();
      }
      return;
    }
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + PAGE_ROWS,
      PageUp: index - PAGE_ROWS,
      Home: 0,
      End: rows.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
      return;
    }
    if (event.key === 'ArrowRight') {
      const first = event.currentTarget.querySelector<HTMLElement>('button, a[href], input');
      if (first) {
        event.preventDefault();
        first.focus();
      }
      return;
    }
    if (onRowKeyDown?.(row.original, event)) event.preventDefault();
  };

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const columnCount = table.getAllLeafColumns().length;

  return (
    <div
      ref={scrollRef}
      className="overflow-auto rounded-md border border-gray-200 bg-white"
      style={{ height }}
    >
      <table
        className="w-full border-collapse text-sm"
        aria-rowcount={(totalCount ?? rows.length) + 1}
        aria-busy={isBusy || undefined}
      >
        <caption className={captionHidden ? 'sr-only' : 'px-3 py-2 text-left font-medium'}>{caption}</caption>
        <thead className="sticky top-0 z-10 bg-gray-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  scope="col"
                  className="border-b border-gray-200 px-2 py-2 text-left font-medium whitespace-nowrap"
                >
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {paddingTop > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row for the virtualiser, never focused.
            <tr aria-hidden="true" style={{ height: paddingTop }}>
              <td colSpan={columnCount} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <tr
                key={row.id}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                tabIndex={item.index === activeIndex ? 0 : -1}
                onFocus={(event) => {
                  if (event.target === event.currentTarget && item.index !== active) setActive(item.index);
                }}
                onKeyDown={(event) => onKeyDown(row, item.index, event)}
                style={{ height: ROW_HEIGHT }}
                className="border-b border-gray-100 outline-none focus-visible:bg-blue-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-700 aria-selected:bg-blue-50"
                {...rowProps?.(row.original)}
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="px-2 whitespace-nowrap">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row for the virtualiser, never focused.
            <tr aria-hidden="true" style={{ height: paddingBottom }}>
              <td colSpan={columnCount} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Skeleton rows while the first page loads (UI.md §3). */
export function TableSkeleton({ label }: { label: string }): ReactNode {
  return (
    <div
      role="status"
      aria-busy="true"
      aria-label={label}
      className="space-y-2 rounded-md border border-gray-200 bg-white p-3"
    >
      {Array.from({ length: 6 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity.
        <div key={i} className="h-6 animate-pulse rounded bg-gray-100 motion-reduce:animate-none" />
      ))}
    </div>
  );
}
