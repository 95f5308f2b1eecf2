import type { PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * The names of the statements a process runs often. A named statement is parsed and planned once per
 * connection; an unnamed one on every run, which on the accept path cost PostgreSQL about as much as
 * running them (bench/README.md, issue 17). Names are few, for every connection keeps its statements
 * for its life: a text is named on its `runsBeforeNamed`-th run, while fewer than `limit` are.
 */
export class StatementNames {
  readonly #limit: number;
  readonly #runsBeforeNamed: number;
  readonly #names = new Map<string, string>();
  readonly #runs = new Map<string, number>();

  constructor({ limit = 100, runsBeforeNamed = 3 }: { limit?: number; runsBeforeNamed?: number } = {}) {
    this.#limit = limit;
    this.#runsBeforeNamed = runsBeforeNamed;
  }

  /** The name to run `text` under; undefined runs it unnamed. */
  of(text: string): string | undefined {
    const name = this.#names.get(text);
    if (name !== undefined || this.#names.size >= this.#limit || text.length > maxNamedLength) return name;
    const runs = (this.#runs.get(text) ?? 0) + 1;
    if (runs < this.#runsBeforeNamed) {
      // Texts run once or twice (migrations, lists of every length) are forgotten in bulk, not kept forever.
      if (this.#runs.size >= this.#limit * 20) this.#runs.clear();
      this.#runs.set(text, runs);
      return undefined;
    }
    this.#runs.delete(text);
    const named = `lg_${this.#names.size}`;
    this.#names.set(text, named);
    return named;
  }
}

/** Longer texts are the batches of many rows, each of its own length: never worth a name. */
const maxNamedLength = 4_000;

/**
 * A migration that changes a table's columns (a rolling upgrade) makes PostgreSQL refuse a statement
 * prepared before it whose result has those columns (`select *`).
 */
export function isStalePlan(error: unknown): boolean {
  return (
    (error as { code?: unknown } | null)?.code === '0A000' &&
    String((error as Error).message).includes('cached plan must not change result type')
  );
}

/**
 * Runs statements on one connection under their names. After a stale plan the connection is `stale`:
 * every statement it prepared is suspect, so it runs nothing more by name and its owner replaces it.
 * The statement that met the stale plan fails inside a transaction (which is aborted by then); outside
 * one it is run again unnamed, so a single statement never fails for it.
 */
export class NamedStatementConnection {
  readonly #client: pg.ClientBase;
  readonly #names: StatementNames;
  #stale = false;

  constructor(client: pg.ClientBase, names: StatementNames) {
    this.#client = client;
    this.#names = names;
  }

  get stale(): boolean {
    return this.#stale;
  }

  async query(text: string, values: readonly unknown[]): Promise<pg.QueryResult> {
    const name = this.#stale ? undefined : this.#names.of(text);
    if (name === undefined) return this.#client.query(text, [...values]);
    try {
      return await this.#client.query({ name, text, values: [...values] });
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      this.#stale = true;
      // The status the server reported with the error: idle means no transaction was under way.
      if (this.#client.getTransactionStatus() !== 'I') throw error;
      return this.#client.query(text, [...values]);
    }
  }
}

/** A pool connection with its named statements; `release` closes it when it is stale or `broken`. */
export interface NamedPoolConnection {
  readonly client: pg.PoolClient;
  readonly named: NamedStatementConnection;
  release(broken?: boolean): void;
}

/** A pg pool whose connections run statements by name. */
export interface NamedStatementPool {
  connect(): Promise<NamedPoolConnection>;
  end(): Promise<void>;
}

export function namedStatementPool(pool: pg.Pool, names: StatementNames): NamedStatementPool {
  const connections = new WeakMap<pg.PoolClient, NamedPoolConnection>();
  return {
    async connect() {
      const client = await pool.connect();
      let connection = connections.get(client);
      if (!connection) {
        const named = new NamedStatementConnection(client, names);
        connection = { client, named, release: (broken) => client.release(broken || named.stale) };
        connections.set(client, connection);
      }
      return connection;
    },
    end: () => pool.end(),
  };
}

/** Kysely's view of a connection that runs statements by name. */
export function kyselyClient(connection: NamedPoolConnection): PostgresPoolClient {
  return {
    // (Cast: pg's result names its `command` as any string, Kysely's as one of five.)
    query: ((text: string, values: readonly unknown[]) =>
      connection.named.query(text, values)) as unknown as PostgresPoolClient['query'],
    release: () => connection.release(),
  };
}
