import { defaultRangeExtractor, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import {
  type FocusEvent,
  Fragment,
  type KeyboardEvent,
  type MouseEvent,
  memo,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ProblemError } from '../api/client.ts';
import {
  defaultMoneyFormat,
  formatMoney,
  fromCents,
  type MoneyFormat,
  parseMoney,
  toCents,
} from '../format/money.ts';
import { Button } from './button.tsx';

/**
 * The editable, virtualised grid of cost lines (UI.md §5): budget lines (S13), commitment and change-order
 * lines (S15). All lines stay in memory and only the rows in view (plus 10 each side) are drawn, so 5,000
 * lines keep fewer than 100 `<tr>`. The grid is one tab stop with a roving active cell; rows are memoised
 * and take the active column only when they hold it, so moving or committing redraws one or two rows.
 */

const ROW_HEIGHT = 36;
const OVERSCAN = 10;
const PAGE_ROWS = 15;

export interface LineGridOption {
  value: string;
  label: string;
}

/** One column of a LineGrid. A column without `set` is shown and navigable but never edited. */
export interface LineGridColumn<L> {
  /** Stable id; also the field name in server paths (`lines[3].amount` marks column `amount`). */
  id: string;
  /** Visible header text. */
  header: string;
  /** `money`: an API decimal string, shown in the company's currency and typed with its marks. */
  kind: 'text' | 'money' | 'select';
  /** The cell's value as a string (money: the API's decimal string, e.g. "1250.00"). */
  value: (line: L) => string;
  /** A copy of the line with the committed value (money arrives normalised, e.g. "1250.50"). */
  set?: (line: L, value: string) => L;
  /** `select` only: the choices for this line (they may depend on the line, e.g. a code's cost types). */
  options?: (line: L) => readonly LineGridOption[];
  /** CSS width of the column (the table has a fixed layout, so widths don't jump while scrolling). */
  width?: string;
  /** `text` only: the longest value the server accepts. */
  maxLength?: number;
}

/** A server message about one line (`lines[3].amount` → `{ line: 3, column: 'amount' }`). */
export interface LineGridError {
  line: number;
  column?: string | undefined;
  message: string;
}

/**
 * What a screen passes to a LineGrid. Keep `columns`, `amount` and `money` stable (module constants or
 * `useMemo`): memoised rows redraw when they change.
 */
export interface LineGridProps<L extends object> {
  /** The table's caption (also its accessible name), e.g. "Budget lines". */
  caption: string;
  /** Visually hide the caption where the page heading already says it (it stays for screen readers). */
  captionHidden?: boolean;
  columns: readonly LineGridColumn<L>[];
  /** All lines, in order; the caller owns them (controlled). Treat each line as immutable. */
  lines: readonly L[];
  /** Every commit, removal and addition, with the new array (only the changed line is a new object). */
  onChange: (lines: L[]) => void;
  /** The amount of a line as an API decimal string, for the total (summed exactly, in bigint cents). */
  amount: (line: L) => string;
  /** A blank line for **Add line**; without it there is no Add line button. */
  newLine?: () => L;
  /** Locked: no editing, no Add line, no Remove; the grid can still be navigated and read. */
  readOnly?: boolean;
  /** The company's locale and currency (A11); `en-US` / `USD` by default. */
  money?: MoneyFormat;
  /** Server messages to mark on lines (see `lineErrorsFrom`). */
  errors?: readonly LineGridError[];
  /** More toolbar content after Add line (Save, Lock Budget…). */
  toolbar?: ReactNode;
  /** Shown instead of the table while there are no lines (what will appear and how). */
  empty?: ReactNode;
  /** The scrolling area's maximum height (with few lines it is only as tall as they are). */
  height?: string;
}

/** 400/422 `errors[]` whose path names a line (`lines[3].amount`, `/body/lines/3/amount`) as LineGrid errors. */
export function lineErrorsFrom(errors: readonly ProblemError[], field = 'lines'): LineGridError[] {
  const pattern = new RegExp(`^(?:/?body[/.])?${field}(?:\\[(\\d+)\\]|[/.](\\d+))(?:[/.](\\w+))?`);
  return errors.flatMap((error) => {
    const match = pattern.exec(error.path);
    if (!match) return [];
    return [
      { line: Number.parseInt(match[1] ?? match[2] ?? '0', 10), column: match[3], message: error.message },
    ];
  });
}

/**
 * Each line's amount in cents, kept by line object: lines are immutable, so a commit re-parses only the
 * line it replaced and a 5,000-line total stays a sum of cached bigints (UI.md §5: commit → total ≤ 50 ms).
 */
const centsCache = new WeakMap<object, { amount: string; cents: bigint }>();

function centsOf(line: object, amount: string): bigint {
  const cached = centsCache.get(line);
  if (cached?.amount === amount) return cached.cents;
  let cents = 0n;
  try {
    cents = toCents(amount);
  } catch {
    // A new line's blank amount counts as zero: the server names it on save.
  }
  centsCache.set(line, { amount, cents });
  return cents;
}

/** The exact total of the lines' amounts; an amount that isn't the API's form yet counts as zero. */
export function totalOf<L extends object>(lines: readonly L[], amount: (line: L) => string): string {
  let cents = 0n;
  for (const line of lines) cents += centsOf(line, amount(line));
  return fromCents(cents);
}

/** How a cell reads on screen (and in the filter): a select's label, money in the company's format. */
function shownValue<L>(column: LineGridColumn<L>, line: L, money: MoneyFormat): string {
  const value = column.value(line);
  if (column.kind === 'money') return value === '' ? '' : formatMoney(value, money);
  if (column.kind === 'select') return column.options?.(line).find((o) => o.value === value)?.label ?? value;
  return value;
}

/** `''` keeps the lines' own order; otherwise `{column id}:asc` or `{column id}:desc`. */
type SortKey = string;

/**
 * The line indexes shown, in order, for a filter text and a sort; null when all lines show in their
 * own order (the common case, with no 5,000-entry array).
 */
function viewOrder<L>(
  lines: readonly L[],
  columns: readonly LineGridColumn<L>[],
  filter: string,
  sort: SortKey,
  money: MoneyFormat,
): number[] | null {
  const needle = filter.trim().toLocaleLowerCase(money.locale);
  if (!needle && !sort) return null;
  let order = lines.map((_, i) => i);
  if (needle)
    order = order.filter((i) =>
      columns.some((column) =>
        shownValue(column, lines[i] as L, money)
          .toLocaleLowerCase(money.locale)
          .includes(needle),
      ),
    );
  const [id, direction] = sort.split(':');
  const column = columns.find((c) => c.id === id);
  if (column) {
    const sign = direction === 'desc' ? -1 : 1;
    const key = (i: number) => column.value(lines[i] as L);
    const compare =
      column.kind === 'money'
        ? (a: number, b: number) => {
            const x = centsOf(lines[a] as object, key(a));
            const y = centsOf(lines[b] as object, key(b));
            return x < y ? -1 : x > y ? 1 : 0;
          }
        : (a: number, b: number) =>
            shownValue(column, lines[a] as L, money).localeCompare(
              shownValue(column, lines[b] as L, money),
              money.locale,
            );
    order.sort((a, b) => sign * compare(a, b) || a - b);
  }
  return order;
}

/** The number as a person edits it: the company's decimal mark, no currency, no grouping. */
function editableMoney(amount: string, format: MoneyFormat): string {
  if (amount === '') return '';
  return new Intl.NumberFormat(format.locale, { minimumFractionDigits: 2, useGrouping: false }).format(
    amount as Intl.StringNumericLiteral,
  );
}

/** Ignores the 0×0 rect of an unlaid-out element (tests, hidden tabs) so some rows are still drawn. */
const observeRect: typeof observeElementRect = (instance, callback) =>
  observeElementRect(instance, (rect) =>
    callback(rect.height > 0 ? rect : { width: rect.width || 1000, height: ROW_HEIGHT * 20 }),
  );

interface Cell {
  row: number;
  col: number;
}
interface Editing extends Cell {
  /** A typed character that started the edit replaces the value. */
  initial?: string;
}

const cellOf = (target: EventTarget | null): Cell | null => {
  const el = (target as HTMLElement | null)?.closest?.('[data-col]');
  if (!el) return null;
  const row = el.closest('tr')?.dataset.index;
  const col = (el as HTMLElement).dataset.col;
  return row === undefined || col === undefined
    ? null
    : { row: Number.parseInt(row, 10), col: Number.parseInt(col, 10) };
};

/**
 * A LineGrid: ↑ ↓ ← → Home End PgUp PgDn (Ctrl+Home/End) move the active cell; Enter or F2 (or typing)
 * edits it; in the editor Enter commits, Esc cancels and Tab / Shift+Tab commit and move to the next /
 * previous cell. Enter on a Remove button removes the line. An invalid amount keeps the editor open with
 * "Enter an amount like 1,250.00." The total below the grid updates on each commit. "Filter lines" and
 * "Sort by" change only what is shown; the order is kept while lines are edited.
 */
export function LineGrid<L extends object>({
  caption,
  captionHidden = false,
  columns,
  lines,
  onChange,
  amount,
  newLine,
  readOnly = false,
  money = defaultMoneyFormat,
  errors,
  toolbar,
  empty,
  height = 'min(65vh, 640px)',
}: LineGridProps<L>) {
  const id = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<Cell>({ row: 0, col: 0 });
  const [editing, setEditingState] = useState<Editing | null>(null);
  // Read by the blur handler, which can run after a commit in the same tick and must not commit twice.
  const editingRef = useRef<Editing | null>(null);
  const setEditing = (next: Editing | null) => {
    editingRef.current = next;
    setEditingState(next);
  };
  const [message, setMessage] = useState<string | null>(null);
  const pendingFocus = useRef(false);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortKey>('');
  // The order is kept while lines are edited (an edited line doesn't jump away from the cursor) and
  // worked out again when the filter, the sort or the number of lines changes.
  const view = useRef<{ key: unknown[]; order: number[] | null } | null>(null);
  const viewKey = [filter, sort, lines.length, columns, money];
  if (!view.current || viewKey.some((k, i) => k !== view.current?.key[i]))
    view.current = { key: viewKey, order: viewOrder(lines, columns, filter, sort, money) };
  const order = view.current.order;
  const count = order ? order.length : lines.length;
  /** The line index shown at view row `row`. */
  const lineAt = (row: number) => (order ? (order[row] ?? -1) : row);
  const colCount = columns.length + (readOnly ? 0 : 1);
  const activeRow = Math.min(active.row, Math.max(count - 1, 0));
  const activeCol = Math.min(active.col, colCount - 1);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    observeElementRect: observeRect,
    initialRect: { width: 1000, height: ROW_HEIGHT * 20 },
    scrollPaddingStart: ROW_HEIGHT,
    // The active row is always drawn, so the grid keeps its tab stop when scrolled away.
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      return indexes.includes(activeRow) || count === 0
        ? indexes
        : [...indexes, activeRow].sort((a, b) => a - b);
    },
  });
  const items = virtualizer.getVirtualItems();

  const total = useMemo(() => totalOf(lines, amount), [lines, amount]);
  const errorsByLine = useMemo(() => {
    const map = new Map<number, LineGridError[]>();
    for (const error of errors ?? []) map.set(error.line, [...(map.get(error.line) ?? []), error]);
    return map;
  }, [errors]);

  useLayoutEffect(() => {
    if (!pendingFocus.current || editing) return;
    const cell = scrollRef.current?.querySelector<HTMLElement>(
      `tr[data-index="${activeRow}"] [data-col="${activeCol}"]`,
    );
    if (cell) {
      cell.focus();
      pendingFocus.current = false;
    }
  });

  const moveTo = (row: number, col: number) => {
    const next = {
      row: Math.max(0, Math.min(row, count - 1)),
      col: Math.max(0, Math.min(col, colCount - 1)),
    };
    setActive(next);
    pendingFocus.current = true;
    virtualizer.scrollToIndex(next.row, { align: 'auto' });
  };

  const editable = (col: number) => !readOnly && columns[col]?.set !== undefined;

  /** Commits the editor's text; false (editor stays open, message shown) when it isn't a valid value. */
  const commit = (cell: Cell, raw: string): boolean => {
    const column = columns[cell.col];
    const index = lineAt(cell.row);
    const line = lines[index];
    if (!column?.set || line === undefined) return true;
    let value = raw;
    if (column.kind === 'money') {
      const parsed = parseMoney(raw, money);
      if (!parsed.ok) {
        setMessage(parsed.message);
        return false;
      }
      value = parsed.amount;
    }
    setMessage(null);
    setEditing(null);
    if (value !== column.value(line)) {
      const next = lines.slice();
      next[index] = column.set(line, value);
      onChange(next);
    }
    return true;
  };

  const cancel = () => {
    setMessage(null);
    setEditing(null);
    pendingFocus.current = true;
  };

  const remove = (row: number) => {
    const index = lineAt(row);
    onChange(lines.filter((_, i) => i !== index));
    setActive({ row: Math.min(row, count - 2), col: colCount - 1 });
    pendingFocus.current = true;
  };

  const add = () => {
    if (!newLine) return;
    // The new line goes at the end of the lines' own order, so it is shown there.
    setFilter('');
    setSort('');
    onChange([...lines, newLine()]);
    const first = columns.findIndex((c) => c.set !== undefined);
    setActive({ row: lines.length, col: Math.max(first, 0) });
    pendingFocus.current = true;
    // Drawn after the new count renders.
    requestAnimationFrame(() => virtualizer.scrollToIndex(lines.length, { align: 'auto' }));
  };

  const onEditorKey = (cell: Cell, event: KeyboardEvent) => {
    const input = event.target as HTMLInputElement | HTMLSelectElement;
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (commit(cell, input.value)) pendingFocus.current = true;
    } else if (event.key === 'Tab') {
      event.preventDefault();
      if (!commit(cell, input.value)) return;
      const flat = cell.row * colCount + cell.col + (event.shiftKey ? -1 : 1);
      const target = Math.max(0, Math.min(flat, count * colCount - 1));
      moveTo(Math.floor(target / colCount), target % colCount);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const cell = cellOf(event.target);
    if (!cell) return;
    if (editing) {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement)
        onEditorKey(cell, event);
      return;
    }
    const { row, col } = cell;
    const ctrl = event.ctrlKey || event.metaKey;
    const moves: Record<string, [number, number]> = {
      ArrowDown: [row + 1, col],
      ArrowUp: [row - 1, col],
      ArrowRight: [row, col + 1],
      ArrowLeft: [row, col - 1],
      PageDown: [row + PAGE_ROWS, col],
      PageUp: [row - PAGE_ROWS, col],
      Home: ctrl ? [0, 0] : [row, 0],
      End: ctrl ? [count - 1, colCount - 1] : [row, colCount - 1],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      moveTo(...move);
      return;
    }
    if (col === columns.length) return; // Remove: the button handles Enter and Space itself.
    if ((event.key === 'Enter' || event.key === 'F2') && editable(col)) {
      event.preventDefault();
      setEditing(cell);
    } else if (
      event.key.length === 1 &&
      !ctrl &&
      !event.altKey &&
      editable(col) &&
      columns[col]?.kind !== 'select'
    ) {
      event.preventDefault();
      setEditing({ ...cell, initial: event.key });
    }
  };

  const onFocus = (event: FocusEvent<HTMLTableElement>) => {
    const cell = cellOf(event.target);
    if (cell && (cell.row !== activeRow || cell.col !== activeCol)) setActive(cell);
  };

  // Leaving the editor by mouse commits it, as Enter would; an invalid amount keeps it open.
  const onBlur = (event: FocusEvent<HTMLTableElement>) => {
    const current = editingRef.current;
    if (!current) return;
    if (!(event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement)) return;
    const cell = cellOf(event.target);
    if (cell && cell.row === current.row && cell.col === current.col) commit(cell, event.target.value);
  };

  // Rows are memoised: they get this stable function, which calls the current `remove`.
  const removeRef = useRef(remove);
  removeRef.current = remove;
  const onRemove = useCallback((row: number) => removeRef.current(row), []);

  const onDoubleClick = (event: MouseEvent<HTMLTableElement>) => {
    const cell = cellOf(event.target);
    if (cell && editable(cell.col) && !editing) setEditing(cell);
  };

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const messageId = `${id}-message`;
  const number = (n: number) => new Intl.NumberFormat(money.locale).format(n);

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        {newLine && !readOnly && <Button onPress={add}>Add line</Button>}
        {toolbar}
        {lines.length > 0 && (
          <div className="ml-auto flex flex-wrap items-end gap-2">
            <label className="text-sm font-medium">
              Filter lines
              <input
                type="search"
                value={filter}
                onChange={(event) => setFilter(event.target.value)}
                className={`${fieldClass} w-44`}
              />
            </label>
            <label className="text-sm font-medium">
              Sort by
              <select value={sort} onChange={(event) => setSort(event.target.value)} className={fieldClass}>
                <option value="">Line</option>
                {columns.flatMap((column) =>
                  column.kind === 'money'
                    ? [
                        <option key={`${column.id}:asc`} value={`${column.id}:asc`}>
                          {column.header}, low to high
                        </option>,
                        <option key={`${column.id}:desc`} value={`${column.id}:desc`}>
                          {column.header}, high to low
                        </option>,
                      ]
                    : [
                        <option key={column.id} value={`${column.id}:asc`}>
                          {column.header}
                        </option>,
                      ],
                )}
              </select>
            </label>
          </div>
        )}
      </div>
      {lines.length === 0 && empty ? (
        empty
      ) : (
        <div
          ref={scrollRef}
          className="overflow-auto rounded-md border border-gray-200 bg-white"
          style={{ maxHeight: height }}
        >
          <table
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: ARIA's grid pattern on a native table, for cell navigation and editing.
            role="grid"
            className="w-full table-fixed border-collapse text-sm"
            aria-rowcount={count + 1}
            aria-colcount={colCount + 1}
            aria-readonly={readOnly || undefined}
            onKeyDown={onKeyDown}
            onFocus={onFocus}
            onBlur={onBlur}
            onDoubleClick={onDoubleClick}
          >
            <caption className={captionHidden ? 'sr-only' : 'px-3 py-2 text-left font-medium'}>
              {caption}
            </caption>
            <thead className="sticky top-0 z-10 bg-gray-50">
              <tr aria-rowindex={1}>
                <th
                  scope="col"
                  aria-sort={sort === '' ? 'ascending' : undefined}
                  className="w-16 border-b border-gray-200 px-3 py-2 text-left font-medium"
                >
                  Line
                </th>
                {columns.map((column) => (
                  <th
                    key={column.id}
                    scope="col"
                    style={column.width ? { width: column.width } : undefined}
                    aria-sort={
                      sort === `${column.id}:asc`
                        ? 'ascending'
                        : sort === `${column.id}:desc`
                          ? 'descending'
                          : undefined
                    }
                    className={`border-b border-gray-200 px-3 py-2 font-medium whitespace-nowrap ${
                      column.kind === 'money' ? 'text-right' : 'text-left'
                    }`}
                  >
                    {column.header}
                  </th>
                ))}
                {!readOnly && (
                  <th scope="col" className="w-28 border-b border-gray-200 px-3 py-2 text-left font-medium">
                    <span className="sr-only">Remove</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {paddingTop > 0 && (
                // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row for the virtualiser, never focused.
                <tr aria-hidden="true" style={{ height: paddingTop }}>
                  <td colSpan={colCount + 1} />
                </tr>
              )}
              {items.map((item, i) => {
                const index = lineAt(item.index);
                const line = lines[index];
                if (line === undefined) return null;
                const isActive = item.index === activeRow;
                // The always-drawn active row may sit apart from the rows in view: a spacer keeps its place.
                const gap = i > 0 ? item.start - (items[i - 1]?.end ?? item.start) : 0;
                return (
                  <Fragment key={item.index}>
                    {gap > 0 && (
                      // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row for the virtualiser, never focused.
                      <tr aria-hidden="true" style={{ height: gap }}>
                        <td colSpan={colCount + 1} />
                      </tr>
                    )}
                    <LineRow
                      row={item.index}
                      index={index}
                      line={line}
                      columns={columns}
                      readOnly={readOnly}
                      money={money}
                      activeCol={isActive ? activeCol : -1}
                      editing={editing?.row === item.index ? editing : null}
                      errors={errorsByLine.get(index)}
                      messageId={message && editing?.row === item.index ? messageId : undefined}
                      onRemove={onRemove}
                    />
                  </Fragment>
                );
              })}
              {paddingBottom > 0 && (
                // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row for the virtualiser, never focused.
                <tr aria-hidden="true" style={{ height: paddingBottom }}>
                  <td colSpan={colCount + 1} />
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      <p id={messageId} role="alert" className="min-h-5 text-sm text-red-800">
        {message}
      </p>
      <p aria-live="polite" className="text-sm font-medium" data-testid="line-grid-total">
        {order && count !== lines.length && `Showing ${number(count)} of `}
        {number(lines.length)} {lines.length === 1 ? 'line' : 'lines'} · Total {formatMoney(total, money)}
      </p>
    </div>
  );
}

interface LineRowProps<L> {
  /** The row's place in the view (sorted, filtered). */
  row: number;
  /** The line's index in `lines`: its number on screen and for Remove. */
  index: number;
  line: L;
  columns: readonly LineGridColumn<L>[];
  readOnly: boolean;
  money: MoneyFormat;
  /** The active column when this row holds the active cell, else -1 (so other rows skip redrawing). */
  activeCol: number;
  editing: Editing | null;
  errors: LineGridError[] | undefined;
  messageId: string | undefined;
  onRemove: (index: number) => void;
}

const fieldClass =
  'mt-1 block rounded-md border border-gray-300 bg-white px-2 py-1 text-sm font-normal text-gray-900';

const cellClass =
  'px-3 outline-none focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-700 focus:bg-blue-50';

function LineRowInner<L>({
  row,
  index,
  line,
  columns,
  readOnly,
  money,
  activeCol,
  editing,
  errors,
  messageId,
  onRemove,
}: LineRowProps<L>) {
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <tr
      data-index={row}
      aria-rowindex={row + 2}
      style={{ height: ROW_HEIGHT }}
      className={`border-b border-gray-100 ${invalid ? 'bg-red-50' : ''}`}
    >
      <th scope="row" className="px-3 text-left font-normal text-gray-700 whitespace-nowrap">
        {index + 1}
        {invalid && (
          <span className="ml-1 font-medium text-red-800" title={errors.map((e) => e.message).join(' ')}>
            !<span className="sr-only"> {errors.map((e) => e.message).join(' ')}</span>
          </span>
        )}
      </th>
      {columns.map((column, col) => {
        const value = column.value(line);
        const isEditing = editing?.col === col;
        const cellInvalid = errors?.some((e) => e.column === column.id) ?? false;
        const shown = shownValue(column, line, money);
        return (
          <td
            key={column.id}
            data-col={col}
            tabIndex={isEditing ? undefined : col === activeCol ? 0 : -1}
            aria-invalid={cellInvalid || undefined}
            className={`${cellClass} truncate ${column.kind === 'money' ? 'text-right tabular-nums' : ''} ${
              cellInvalid ? 'text-red-900 outline-1 -outline-offset-1 outline-red-700' : ''
            }`}
          >
            {isEditing ? (
              <CellEditor
                column={column}
                line={line}
                initial={editing.initial ?? (column.kind === 'money' ? editableMoney(value, money) : value)}
                messageId={messageId}
              />
            ) : (
              shown
            )}
          </td>
        );
      })}
      {!readOnly && (
        <td className="px-3">
          <button
            type="button"
            data-col={columns.length}
            tabIndex={activeCol === columns.length ? 0 : -1}
            aria-label={`Remove line ${index + 1}`}
            onClick={() => onRemove(index)}
            className="rounded-md px-2 py-0.5 text-sm text-red-800 outline-none hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-blue-700"
          >
            Remove
          </button>
        </td>
      )}
    </tr>
  );
}

const LineRow = memo(LineRowInner) as typeof LineRowInner;

function CellEditor<L>({
  column,
  line,
  initial,
  messageId,
}: {
  column: LineGridColumn<L>;
  line: L;
  initial: string;
  messageId: string | undefined;
}) {
  const ref = useRef<HTMLInputElement & HTMLSelectElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    if (el instanceof HTMLInputElement) el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  const common = {
    'aria-label': column.header,
    'aria-invalid': messageId !== undefined || undefined,
    'aria-describedby': messageId,
    className:
      'h-7 w-full rounded border border-blue-700 bg-white px-1 text-sm outline-none focus-visible:ring-2 focus-visible:ring-blue-700 aria-[invalid=true]:border-red-700',
  };
  if (column.kind === 'select') {
    const options = column.options?.(line) ?? [];
    return (
      <select ref={ref} defaultValue={initial} {...common}>
        {!options.some((o) => o.value === initial) && <option value={initial}>{initial || 'Choose…'}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      ref={ref}
      type="text"
      inputMode={column.kind === 'money' ? 'decimal' : undefined}
      defaultValue={initial}
      maxLength={column.maxLength}
      {...common}
      className={`${common.className} ${column.kind === 'money' ? 'text-right' : ''}`}
    />
  );
}
