import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import type { TablesWith } from './tables-with.ts';

interface CompanyColumns {
  id: string;
  company_id: string;
}

/** The tables whose rows belong to one company and are addressed by id. */
export type CompanyTable = TablesWith<CompanyColumns>;

/** The company's row with this id; another company's row answers 404 just like a missing one. */
export async function loadCompanyRow<T extends CompanyTable>(
  db: Kysely<DB>,
  table: T,
  companyId: string,
  id: string,
  what: string,
  { forUpdate = false }: { forUpdate?: boolean } = {},
): Promise<Selectable<DB[T]>> {
  // Kysely cannot resolve columns on a table name that is still generic: the query is checked against
  // the columns every such table has, and `selectAll` returns the whole row of `table`.
  const scoped = db as unknown as Kysely<Record<CompanyTable, CompanyColumns>>;
  const query = scoped
    .selectFrom(table as CompanyTable)
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', id);
  const row = await (forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw notFound(what);
  return row as Selectable<DB[T]>;
}
