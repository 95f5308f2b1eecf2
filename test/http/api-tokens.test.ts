import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { bearer, makeOperator } from '../support/factories.ts';

/** API tokens as an integrator manages them: created with or without an end, listed, revoked. */
describe.each(dialects)('API tokens on %s', (dialect) => {
  const t = useTestApp(dialect);
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: object) =>
    t.current.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      payload,
    });

  it('lists your own tokens without secrets, and a revoked token stops working at once', async () => {
    const user = await makeOperator(t.current.ctx);
    const other = await makeOperator(t.current.ctx);
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const created = await call('POST', '/auth/tokens', user.token, { name: 'ci', expiresAt });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json() as { id: string; token: string };
    expect(created.json().expiresAt).toBe(expiresAt);
    expect((await call('GET', '/me', token)).statusCode).toBe(200);

    const list = await call('GET', '/auth/tokens', user.token);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as {
      id: string;
      name: string;
      lastUsedAt: string | null;
      expiresAt: string;
    }[];
    expect(items[0]).toMatchObject({ id, name: 'ci', expiresAt, lastUsedAt: expect.any(String) });
    expect(items).toHaveLength(2); // the factory's own token and this one
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain('lg_');
    // Another user's list has none of them, and cannot revoke them.
    expect(
      (await call('GET', '/auth/tokens', other.token)).json().items.map((i: { id: string }) => i.id),
    ).not.toContain(id);
    expect((await call('DELETE', `/auth/tokens/${id}`, other.token)).statusCode).toBe(404);
    expect((await call('GET', '/me', token)).statusCode).toBe(200);

    const revoked = await call('DELETE', `/auth/tokens/${id}`, user.token);
    expect(revoked.statusCode).toBe(204);
    const after = await call('GET', '/me', token);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
    expect((await call('DELETE', `/auth/tokens/${id}`, user.token)).statusCode).toBe(404);
  });

  it('refuses an expiry in the past, and an expired token signs in no more', async () => {
    const user = await makeOperator(t.current.ctx);
    const past = await call('POST', '/auth/tokens', user.token, {
      name: 'old',
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);
    const notADate = await call('POST', '/auth/tokens', user.token, { name: 'x', expiresAt: 'tomorrow' });
    expect(notADate.statusCode).toBe(400);
    expect(notADate.json().errors[0].path).toBe('expiresAt');

    const { id, token } = (
      await call('POST', '/auth/tokens', user.token, {
        name: 'short',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      })
    ).json() as { id: string; token: string };
    expect((await call('GET', '/me', token)).statusCode).toBe(200);
    // Its end comes (moved into the past in the database rather than waited for).
    await t.current.database.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    expect((await call('GET', '/me', token)).statusCode).toBe(401);
    expect((await call('GET', '/me', user.token)).statusCode).toBe(200);
    // It is still listed, with its end, until revoked.
    const listed = (await call('GET', '/auth/tokens', user.token)).json().items as { id: string }[];
    expect(listed.map((i) => i.id)).toContain(id);
  });

  it('keeps working without an expiry', async () => {
    const user = await makeOperator(t.current.ctx);
    const created = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: bearer(user),
      payload: { name: 'forever' },
    });
    expect(created.json().expiresAt).toBeNull();
    expect((await call('GET', '/me', created.json().token)).statusCode).toBe(200);
  });
});
