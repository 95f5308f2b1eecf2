import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { fromJson, toJson } from '../../src/db/json.ts';
import { dialects, until, useTestDatabase } from '../support/databases.ts';

describe.each(dialects)('database on %s', (dialect) => {
  const t = useTestDatabase(dialect);
  const now = new Date().toISOString();

  it('round-trips strings, ISO instants, JSON text and flags identically', async () => {
    const { db } = t.current;
    await db
      .insertInto('companies')
      .values({
        id: 'c1',
        name: 'Acme',
        time_zone: 'America/Chicago',
        erp_system: 'spectrum',
        features: toJson({ customCcoTitle: true }),
        settings: toJson({}),
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const row = await db.selectFrom('companies').selectAll().where('id', '=', 'c1').executeTakeFirstOrThrow();
    expect(row.created_at).toBe(now);
    expect(fromJson(row.features)).toEqual({ customCcoTitle: true });
    expect(row.version).toBe(1);
  });

  it('recognises unique violations through the capabilities', async () => {
    const { db, caps } = t.current;
    const user = {
      id: 'u1',
      email: 'a@b.c',
      name: 'A',
      password_hash: null,
      is_operator: 0 as const,
      created_at: now,
      updated_at: now,
    };
    await db.insertInto('users').values(user).execute();
    const error = await db
      .insertInto('users')
      .values({ ...user, id: 'u2' })
      .execute()
      .catch((e: unknown) => e);
    expect(caps.isUniqueViolation(error)).toBe(true);
    expect(caps.isUniqueViolation(new Error('other'))).toBe(false);
  });

  it('rolls back a failed transaction completely', async () => {
    const { db } = t.current;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values({
            id: 'u3',
            email: 'x@y.z',
            name: 'X',
            password_hash: null,
            is_operator: 0,
            created_at: now,
            updated_at: now,
          })
          .execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(
      await db.selectFrom('users').where('id', '=', 'u3').selectAll().executeTakeFirst(),
    ).toBeUndefined();
  });

  describe('pipelined transactions', () => {
    const user = (id: string) => ({
      id,
      email: `${id}@example.com`,
      name: id,
      password_hash: null,
      is_operator: 0 as const,
      created_at: now,
      updated_at: now,
    });
    const userIds = async (prefix: string) =>
      (await t.current.db.selectFrom('users').select('id').where('id', 'like', `${prefix}%`).execute())
        .map((row) => row.id)
        .sort();

    it('commits the statements issued together, and none of them when one fails', async () => {
      const { pipelinedTransaction } = t.current;
      await pipelinedTransaction((trx) =>
        Promise.all(['p1', 'p2', 'p3'].map((id) => trx.insertInto('users').values(user(id)).execute())),
      );
      expect(await userIds('p')).toEqual(['p1', 'p2', 'p3']);

      const failed = pipelinedTransaction(async (trx) => {
        await trx.insertInto('users').values(user('q1')).execute();
        // The second statement repeats p1's e-mail: the unique index refuses it, the third is not kept.
        await Promise.all([
          trx.insertInto('users').values(user('q2')).execute(),
          trx
            .insertInto('users')
            .values({ ...user('q3'), email: 'p1@example.com' })
            .execute(),
          trx.insertInto('users').values(user('q4')).execute(),
        ]);
      });
      await expect(failed).rejects.toSatisfy(t.current.caps.isUniqueViolation);
      expect(await userIds('q')).toEqual([]);
      // The connection is usable again.
      await pipelinedTransaction((trx) => trx.insertInto('users').values(user('q5')).execute());
      expect(await userIds('q')).toEqual(['q5']);
    });

    it('refuses a statement issued after its transaction ended, never runs it outside', async () => {
      const { db, pipelinedTransaction } = t.current;
      await db.insertInto('users').values(user('s0')).execute();
      let late: Promise<unknown> | undefined;
      const failed = pipelinedTransaction((trx) =>
        Promise.all([
          (async () => {
            await trx.insertInto('users').values(user('s1')).execute();
            // This branch goes on after the other failed and the transaction was rolled back.
            late = new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
              trx.insertInto('users').values(user('s2')).execute(),
            );
            late.catch(() => {}); // asserted below
            await late;
          })(),
          trx
            .insertInto('users')
            .values({ ...user('s3'), email: 's0@example.com' })
            .execute(),
        ]),
      );
      await expect(failed).rejects.toSatisfy(t.current.caps.isUniqueViolation);
      await expect(late).rejects.toThrow();
      expect(await userIds('s')).toEqual(['s0']);
    });

    it.runIf(dialect === 'postgres')(
      'runs beside other transactions, each on its own pool connection',
      async () => {
        const { db, pipelinedTransaction } = t.current;
        await db.insertInto('users').values(user('locked')).execute();
        let unlock!: () => void;
        const held = new Promise<void>((resolve) => {
          unlock = resolve;
        });
        const holder = pipelinedTransaction(async (trx) => {
          await trx.selectFrom('users').select('id').where('id', '=', 'locked').forUpdate().execute();
          await held;
          return sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        });
        // Committed while the first holds its lock and its connection.
        const other = await pipelinedTransaction(async (trx) => {
          await trx.insertInto('users').values(user('beside')).execute();
          return sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        });
        expect(await userIds('beside')).toEqual(['beside']);
        unlock();
        expect((await holder).rows[0]!.pid).not.toBe(other.rows[0]!.pid);
      },
    );

    it.runIf(dialect === 'postgres')('opens a new connection when its connection was lost', async () => {
      const { pipelinedTransaction } = t.current;
      const pid = await pipelinedTransaction(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        return rows[0]!.pid;
      });
      // From a connection of its own: the pool would hand back the very connection to end.
      const killer = new pg.Client({ connectionString: t.current.url });
      await killer.connect();
      await killer.query('select pg_terminate_backend($1)', [pid]);
      await killer.end();
      // The transaction that meets the dead connection fails; the next one runs on a new connection.
      await until(() =>
        pipelinedTransaction((trx) => trx.insertInto('users').values(user('r1')).execute()).then(
          () => true,
          () => false,
        ),
      );
      expect(await userIds('r')).toEqual(['r1']);
    });
  });
});
