import type { DB } from '../../db/schema.ts';

/** The names of the tables that have all of `Columns`: what a helper written once for them accepts. */
export type TablesWith<Columns> = {
  [T in keyof DB]: DB[T] extends Columns ? T : never;
}[keyof DB];
