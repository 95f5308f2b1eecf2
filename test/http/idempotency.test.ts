import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { bearer, makeCompany, makeMember, makeOperator, type TestUser } from '../support/factories.ts';

/** `Idempotency-Key` on creating POSTs: a retried request creates once and answers as the first time. */
describe.each(dialects)('Idempotency-Key on %s', (dialect) => {
  const t = useTestApp(dialect);

  async function world() {
    const operator = await makeOperator(t.current.ctx);
    const companyId = (await makeCompany(t.current.ctx, operator)).id;
    const pm = await makeMember(t.current.ctx, operator, companyId, { project: 'admin' });
    const otherPm = await makeMember(t.current.ctx, operator, companyId, { project: 'admin' });
    const create = (user: TestUser, body: object, key?: string) =>
      t.current.app.inject({
        method: 'POST',
        url: `/api/v1/companies/${companyId}/projects`,
        headers: { ...bearer(user), ...(key !== undefined && { 'idempotency-key': key }) },
        payload: body,
      });
    const projects = async (name: string) =>
      (
        await t.current.database.db
          .selectFrom('projects')
          .select('id')
          .where('company_id', '=', companyId)
          .where('name', '=', name)
          .execute()
      ).length;
    return { companyId, pm, otherPm, create, projects };
  }

  it('answers a repeat with the first answer and creates nothing more', async () => {
    const { pm, create, projects } = await world();
    const body = { name: 'Harbor Tower', active: true };
    const first = await create(pm, body, 'key-1');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Keys in another order are the same body.
    const again = await create(pm, { active: true, name: 'Harbor Tower' }, 'key-1');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toContain('application/json');
    expect(await projects('Harbor Tower')).toBe(1);
    // Without a key, the same body is a new request.
    expect((await create(pm, body)).statusCode).toBe(201);
    expect(await projects('Harbor Tower')).toBe(2);
  });

  it('refuses the same key with another body (422) and keeps keys per user', async () => {
    const { pm, otherPm, create, projects } = await world();
    expect((await create(pm, { name: 'Dock 1', active: true }, 'shared')).statusCode).toBe(201);
    const reused = await create(pm, { name: 'Dock 2', active: true }, 'shared');
    expect(reused.statusCode).toBe(422);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.json().code).toBe('idempotency_key_reused');
    expect(await projects('Dock 2')).toBe(0);
    // Another user's identical key is theirs alone.
    const theirs = await create(otherPm, { name: 'Dock 1', active: true }, 'shared');
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(await projects('Dock 1')).toBe(2);
  });

  it('lets concurrent retries create once: the others wait for the answer (409) or get it', async () => {
    const { pm, create, projects } = await world();
    const body = { name: 'Race Street', active: true };
    const answers = await Promise.all(Array.from({ length: 6 }, () => create(pm, body, 'race')));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const answer of answers.filter((a) => a.statusCode === 409))
      expect(answer.json().code).toBe('idempotency_key_in_use');
    expect(await projects('Race Street')).toBe(1);
    const ids = new Set(answers.filter((a) => a.statusCode === 201).map((a) => a.json().id));
    expect(ids.size).toBe(1);
    const later = await create(pm, body, 'race');
    expect(later.json().id).toEqual([...ids][0]);
  });

  it('keys sends too, leaves a malformed request unkeyed, and refuses a key too long', async () => {
    const { companyId, pm, create } = await world();
    // 400 (validation) comes before the key: the corrected request may reuse it.
    expect((await create(pm, { name: '', active: true }, 'fix-me')).statusCode).toBe(400);
    expect((await create(pm, { name: 'Fixed', active: true }, 'fix-me')).statusCode).toBe(201);

    // Sending creates a request: a retried send makes one, and answers as the first.
    const project = (await create(pm, { name: 'Sent Once', active: true })).json() as { id: string };
    const send = () =>
      t.current.app.inject({
        method: 'POST',
        url: `/api/v1/companies/${companyId}/projects/${project.id}/send-to-erp`,
        headers: { ...bearer(pm), 'idempotency-key': 'send-1' },
      });
    const sent = await send();
    expect(sent.statusCode).toBe(201);
    const retried = await send();
    expect(retried.statusCode).toBe(201);
    expect(retried.json()).toEqual(sent.json());
    const requests = await t.current.database.db
      .selectFrom('erp_requests')
      .select('id')
      .where('subject_id', '=', project.id)
      .execute();
    expect(requests).toHaveLength(1);

    const tooLong = await create(pm, { name: 'Long', active: true }, 'k'.repeat(256));
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors).toEqual([
      { path: 'Idempotency-Key', message: 'must be 1 to 255 characters' },
    ]);
  });

  it('keeps a first answer that carries a secret sealed, and replays the same secret', async () => {
    const { pm } = await world();
    const create = () =>
      t.current.app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens',
        headers: { ...bearer(pm), 'idempotency-key': 'token-1' },
        payload: { name: 'ci' },
      });
    const first = await create();
    expect(first.statusCode).toBe(201);
    const again = await create();
    expect(again.json().token).toBe(first.json().token);
    const stored = await t.current.database.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('key', '=', 'token-1')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(first.json().token);
    const tokens = await t.current.database.db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', pm.id)
      .where('name', '=', 'ci')
      .execute();
    expect(tokens.map((row) => row.id)).toEqual([first.json().id]);
  });

  it('replays for 24 hours only', async () => {
    const { pm, create, projects } = await world();
    const body = { name: 'Old Key', active: true };
    expect((await create(pm, body, 'day-old')).statusCode).toBe(201);
    await t.current.database.db
      .updateTable('idempotency_keys')
      .set({ created_at: new Date(Date.now() - 25 * 3600_000).toISOString() })
      .where('key', '=', 'day-old')
      .execute();
    const after = await create(pm, body, 'day-old');
    expect(after.statusCode).toBe(201);
    expect(after.headers['idempotent-replayed']).toBeUndefined();
    expect(await projects('Old Key')).toBe(2);
  });
});
