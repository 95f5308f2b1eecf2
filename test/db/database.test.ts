import { describe, expect, it } from 'vitest';
import { fromJson, toJson } from '../../src/db/json.ts';
import { dialects, useTestDatabase } from '../support/databases.ts';

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
});
