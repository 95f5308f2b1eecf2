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
  return {
    page,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

/**
 * Cursors are opaque to clients (a tagged key in base64url), so one a list never gave is recognised and
 * refused rather than read as an empty page: the end of a list and a mistake look different.
 */
const cursorTag = 'lg1:';
const encodeCursor = (key: string): string => Buffer.from(cursorTag + key).toString('base64url');

/** The key a cursor of {@link splitPage} carries, or undefined for anything else. */
export function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith(cursorTag) && text.length > cursorTag.length
    ? text.slice(cursorTag.length)
    : undefined;
}
