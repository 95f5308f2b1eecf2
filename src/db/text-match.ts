import { type Expression, type SqlBool, sql } from 'kysely';

/** `%`, `_` and the escape character itself match literally in the pattern. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * True where any of `columns` contains `text`, ignoring case, alike on both databases: both sides are
 * lower-cased (SQLite's `lower` is made Unicode-aware in `sqlite/connect.ts`, as PostgreSQL's is) and
 * `like` then compares exactly. A null column matches nothing.
 */
export function containsIgnoringCase(columns: readonly string[], text: string): Expression<SqlBool> {
  const pattern = `%${likeEscaped(text.toLowerCase())}%`;
  return sql<SqlBool>`(${sql.join(
    columns.map((column) => sql`lower(${sql.ref(column)}) like ${pattern} escape '\\'`),
    sql` or `,
  )})`;
}
