import { Kysely, PostgresDialect, type PostgresPoolClient } from 'kysely';
import type { DB } from '../schema.ts';
import type { NamedPoolConnection, NamedStatementPool } from './prepared-statements.ts';

/**
 * Transactions on a pool connection in pipeline mode. `begin` is written before `work` starts and
 * travels with its first statements; the statements `work` issues together (with `together`) travel
 * together, written in one go. A transaction writing several tables thus costs a few round trips
 * instead of one per statement. `work` must await every statement it issues before it returns.
 */
export function pipelinedTransactions(
  pool: NamedStatementPool,
): <T>(work: (trx: Kysely<DB>) => Promise<T>) => Promise<T> {
  return async (work) => {
    const connection = await pool.connect();
    let open = true;
    // Every statement of `work` is handed this connection, as if from a pool that never makes anyone
    // wait: that is what lets them be written without waiting for answers. One issued after the
    // transaction ended (a branch of a Promise.all that went on after another failed) is refused, not
    // run outside the transaction.
    const guarded: PostgresPoolClient = {
      // (Cast: pg's result names its `command` as any string, Kysely's as one of five.)
      query: ((text: string, values: readonly unknown[]) => {
        if (!open) throw new Error('a statement was issued after its pipelined transaction ended');
        writeTogether(connection);
        return connection.named.query(text, values);
      }) as unknown as PostgresPoolClient['query'],
      release() {},
    };
    const trx = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: { connect: async () => guarded, end: async () => {} } }),
    });
    writeTogether(connection);
    const begun = connection.client.query('begin');
    begun.catch(() => {}); // awaited below, after `work`: its failure must not count as unhandled meanwhile
    try {
      const result = await work(trx);
      await begun;
      open = false;
      // A failed statement ends the transaction: the server then answers `commit` with a rollback.
      const { command } = await connection.client.query('commit');
      if (command !== 'COMMIT') throw new Error(`the transaction was not committed (${command})`);
      connection.release();
      return result;
    } catch (error) {
      open = false;
      // On a lost connection the server has ended the transaction itself; the connection is not reused.
      const rolledBack = await connection.client.query('rollback').then(
        () => true,
        () => false,
      );
      connection.release(!rolledBack);
      throw error;
    }
  };
}

const corked = new WeakSet<NamedPoolConnection>();

/**
 * Holds the connection's writes until the statements issued in this turn of the event loop are all
 * written, then sends them in one system call (pg writes each statement on its own), which on this
 * kind of host costs more than the statement.
 */
function writeTogether(connection: NamedPoolConnection): void {
  if (corked.has(connection)) return;
  const { stream } = (
    connection.client as unknown as {
      connection: { stream: NodeJS.WritableStream & { cork(): void; uncork(): void } };
    }
  ).connection;
  stream.cork();
  corked.add(connection);
  process.nextTick(() => {
    corked.delete(connection);
    stream.uncork();
  });
}
