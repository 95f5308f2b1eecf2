import { ROW_HEIGHT } from './data-table.tsx';

/**
 * A DataTable `height` that fits a short list (the header and its rows) and scrolls a long one, so a
 * three-row list isn't drawn in a screen-high box.
 */
export const fitTableHeight = (rows: number, max = '70vh'): string =>
  `min(${max}, ${(rows + 1) * ROW_HEIGHT + 8}px)`;
