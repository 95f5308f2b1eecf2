import { type SelectQueryBuilder, sql } from 'kysely';
import { splitPage } from '../../db/paging.ts';

export interface PageProps {
  limit: number;
  /** The key of the previous page's last item; absent for the first page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * One page of `query`'s rows in `key` order (`desc`: newest first, for time-ordered ids), after the
 * cursor. The key must be unique within the query (an id, a job number), so rows written meanwhile never
 * shift the pages a client is walking through.
 */
export async function keysetPage<DB, TB extends keyof DB, O extends Record<K, string>, K extends string, T>(
  query: SelectQueryBuilder<DB, TB, O>,
  key: K,
  props: PageProps,
  present: (rows: O[]) => T[] | Promise<T[]>,
  order: 'asc' | 'desc' = 'asc',
): Promise<Page<T>> {
  let paged = query.orderBy(sql.ref(key), order).limit(props.limit + 1);
  if (props.cursor) paged = paged.where(sql.ref(key), order === 'asc' ? '>' : '<', props.cursor);
  const { page, nextCursor } = splitPage(await paged.execute(), props.limit, (row) => row[key]);
  return { items: await present(page), nextCursor };
}
