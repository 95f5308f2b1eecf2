import { Kysely, PostgresDialect, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { DB } from '../schema.ts';
import { typeParsers } from './connect.ts';
import { NamedStatementConnection, type StatementNames } from './prepared-statements.ts';

export interface PipelinedTransactions {
  run<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Transactions on a connection of their own in pipeline mode, one at a time. `begin` is written before
 * `work` starts and travels with its first statements; the statements `work` issues together (with
 * Promise.all) travel together. A transaction writing several tables thus costs three round trips (begin
 * with the first statements, the rest, commit) instead of one per statement. `work` must await every
 * statement it issues before it returns.
 *
 * The connection is replaced only between transactions: statements of a transaction whose connection
 * was lost fail with it, never run on a new connection outside the transaction.
 */
export function createPipelinedTransactions(
  connectionString: string,
  names: StatementNames,
): PipelinedTransactions {
  let connection: (pg.Client & { usable: boolean; named: NamedStatementConnection }) | undefined;
  const connect = async () => {
    const pgClient = new pg.Client({ connectionString, pipeline: true, types: typeParsers });
    const client = Object.assign(pgClient, {
      usable: true,
      named: new NamedStatementConnection(pgClient, names),
    });
    const lost = () => {
      client.usable = false;
    };
    // An error while idle must not become an unhandled 'error' event; the queries under way fail.
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    return client;
  };

  const transaction = async <T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T> => {
    // A stale connection (a migration changed a table under its statements) is replaced like a lost one.
    if (!connection?.usable || connection.named.stale) {
      connection?.end().catch(() => {});
      connection = undefined;
      connection = await connect();
    }
    const client = connection;
    let open = true;
    // Every statement of `work` is handed this connection, as if from a pool that never makes anyone
    // wait: that is what lets them be written without waiting for answers. One issued after the
    // transaction ended (a branch of a Promise.all that went on after another failed) is refused, not
    // run outside the transaction.
    const guarded: PostgresPoolClient = {
      // (Cast: pg's result names its `command` as any string, Kysely's as one of five.)
      query: ((text: string, values: readonly unknown[]) => {
        if (!open) throw new Error('a statement was issued after its pipelined transaction ended');
        return client.named.query(text, values);
      }) as unknown as PostgresPoolClient['query'],
      release() {},
    };
    const trx = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: { connect: async () => guarded, end: async () => {} } }),
    });
    const begun = client.query('begin');
    begun.catch(() => {}); // awaited below, after `work`: its failure must not count as unhandled meanwhile
    try {
      const result = await work(trx);
      await begun;
      open = false;
      // A failed statement ends the transaction: the server then answers `commit` with a rollback.
      const { command } = await client.query('commit');
      if (command !== 'COMMIT') throw new Error(`the transaction was not committed (${command})`);
      return result;
    } catch (error) {
      open = false;
      // On a lost connection the server has ended the transaction itself.
      await client.query('rollback').catch(() => {});
      throw error;
    }
  };
  let turn: Promise<unknown> = Promise.resolve();
  return {
    run(work) {
      const run = turn.then(() => transaction(work));
      turn = run.catch(() => {});
      return run;
    },
    async close() {
      await turn;
      await connection?.end();
      connection = undefined;
    },
  };
}
