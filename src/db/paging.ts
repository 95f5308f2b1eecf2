/**
 * Lists fetch `limit + 1` rows: the extra row only says that there is a next page, whose cursor is the
 * last row of this one (API.md: `{ items, nextCursor }`).
 */
export function splitPage<R>(
  rows: R[],
  limit: number,
  cursorOf: (row: R) => string,
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
