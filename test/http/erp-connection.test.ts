import { describe, expect, it } from 'vitest';
import { startSpectrumSimulator } from '../../src/erp/spectrum/simulator/index.ts';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { bearer, makeCompany, makeMember, makeOperator } from '../support/factories.ts';

describe.each(dialects)('ERP connection secrets on %s', (dialect) => {
  const t = useTestApp(dialect);
  const secret = 'SECRET-AUTH-42';
  const settings = {
    system: 'spectrum',
    baseUrl: 'https://spectrum.example:8482',
    companyCode: '001',
    standardJob: 'STANDARD',
  };

  /** A new company's ERP admin, and a PUT of its connection. */
  async function adminConnection() {
    const operator = await makeOperator(t.current.ctx);
    const company = await makeCompany(t.current.ctx, operator);
    const admin = await makeMember(t.current.ctx, operator, company.id, { erp: 'admin' });
    const url = `/api/v1/companies/${company.id}/erp/connection`;
    const put = (payload: object) =>
      t.current.app.inject({ method: 'PUT', url, headers: bearer(admin), payload });
    return { company, put };
  }

  it('stores credentials encrypted, never returns them, and keeps them out of the audit trail', async () => {
    const operator = await makeOperator(t.current.ctx);
    const company = await makeCompany(t.current.ctx, operator);
    const admin = await makeMember(t.current.ctx, operator, company.id, { erp: 'admin' });
    const url = `/api/v1/companies/${company.id}/erp/connection`;
    const body = {
      system: 'spectrum',
      baseUrl: 'http://127.0.0.1:8482',
      authorizationId: secret,
      companyCode: '001',
      standardJob: 'STANDARD',
    };
    const put = await t.current.app.inject({ method: 'PUT', url, headers: bearer(admin), payload: body });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      system: 'spectrum',
      hasCredentials: true,
      settings: { baseUrl: body.baseUrl, companyCode: '001' },
    });
    expect(put.body).not.toContain(secret);
    const get = await t.current.app.inject({ method: 'GET', url, headers: bearer(admin) });
    expect(get.statusCode).toBe(200);
    expect(get.body).not.toContain(secret);

    const row = await t.current.database.db
      .selectFrom('erp_connections')
      .selectAll()
      .where('company_id', '=', company.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.parse(t.current.ctx.secrets.open(row.secrets))).toEqual({ authorizationId: secret });

    const audit = await t.current.app.inject({
      method: 'GET',
      url: `/api/v1/companies/${company.id}/audit-events`,
      headers: bearer(admin),
    });
    expect(audit.body).not.toContain(secret);
    expect(audit.json().items[0].action).toBe('erp_connection.saved');
  });

  it('keeps the client secret of enhanced authentication sealed with the Authorization ID, and its default taxable flag', async () => {
    const operator = await makeOperator(t.current.ctx);
    const company = await makeCompany(t.current.ctx, operator);
    const admin = await makeMember(t.current.ctx, operator, company.id, { erp: 'admin' });
    const url = `/api/v1/companies/${company.id}/erp/connection`;
    const body = {
      system: 'spectrum',
      baseUrl: 'https://spectrum.example:8482',
      authorizationId: 'AUTH',
      companyCode: '001',
      standardJob: 'STANDARD',
      defaultTaxable: false,
      clientId: 'ledgergate',
      clientSecret: secret,
    };
    const put = await t.current.app.inject({ method: 'PUT', url, headers: bearer(admin), payload: body });
    expect(put.statusCode).toBe(200);
    expect(put.json().settings).toEqual({
      baseUrl: body.baseUrl,
      companyCode: '001',
      standardJob: 'STANDARD',
      defaultTaxable: false,
      clientId: 'ledgergate',
    });
    expect(put.body).not.toContain(secret);
    const row = await t.current.database.db
      .selectFrom('erp_connections')
      .select('secrets')
      .where('company_id', '=', company.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(t.current.ctx.secrets.open(row.secrets))).toEqual({
      authorizationId: 'AUTH',
      clientSecret: secret,
    });
    // Secrets left out keep the stored ones, so a settings form never re-asks for them.
    const { clientSecret: _, authorizationId: __, ...withoutSecrets } = body;
    const kept = await t.current.app.inject({
      method: 'PUT',
      url,
      headers: bearer(admin),
      payload: { ...withoutSecrets, companyCode: '002' },
    });
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ hasCredentials: true, settings: { companyCode: '002' } });
    const after = await t.current.database.db
      .selectFrom('erp_connections')
      .select('secrets')
      .where('company_id', '=', company.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(t.current.ctx.secrets.open(after.secrets))).toEqual({
      authorizationId: 'AUTH',
      clientSecret: secret,
    });
    // Without a client id there is no enhanced authentication, and its stored secret goes.
    const { clientId: ___, ...plain } = withoutSecrets;
    expect(
      (await t.current.app.inject({ method: 'PUT', url, headers: bearer(admin), payload: plain })).statusCode,
    ).toBe(200);
    const plainRow = await t.current.database.db
      .selectFrom('erp_connections')
      .select('secrets')
      .where('company_id', '=', company.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(t.current.ctx.secrets.open(plainRow.secrets))).toEqual({ authorizationId: 'AUTH' });
  });

  it('asks again for secrets sealed under a lost key instead of failing', async () => {
    const { company, put } = await adminConnection();
    expect((await put({ ...settings, authorizationId: 'AUTH' })).statusCode).toBe(200);
    // As if the key file had been replaced: what is stored no longer opens.
    await t.current.database.db
      .updateTable('erp_connections')
      .set({ secrets: 'sealed-under-another-key' })
      .where('company_id', '=', company.id)
      .execute();
    const kept = await put(settings);
    expect(kept.statusCode).toBe(400);
    expect(kept.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'authorizationId' }] });
    expect((await put({ ...settings, authorizationId: 'NEW' })).statusCode).toBe(200);
  });

  it('needs the Authorization ID once, and a client secret with a client id', async () => {
    const { company, put } = await adminConnection();
    const first = await put(settings);
    expect(first.statusCode).toBe(400);
    expect(first.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'authorizationId' }] });
    const half = await put({ ...settings, authorizationId: 'AUTH', clientId: 'ledgergate' });
    expect(half.statusCode).toBe(400);
    expect(half.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'clientSecret' }] });
    const orphan = await put({ ...settings, authorizationId: 'AUTH', clientSecret: secret });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'clientId' }] });
    // Nothing was stored by the refused attempts.
    expect(
      await t.current.database.db
        .selectFrom('erp_connections')
        .select('company_id')
        .where('company_id', '=', company.id)
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it("refuses a connection for another ERP than the company's", async () => {
    const operator = await makeOperator(t.current.ctx);
    const company = await makeCompany(t.current.ctx, operator, 'spectrum');
    const admin = await makeMember(t.current.ctx, operator, company.id, { erp: 'admin' });
    const put = await t.current.app.inject({
      method: 'PUT',
      url: `/api/v1/companies/${company.id}/erp/connection`,
      headers: bearer(admin),
      payload: { system: 'sage300' },
    });
    expect(put.statusCode).toBe(422);
    expect(put.json()).toMatchObject({ code: 'precondition_failed', errors: [{ path: 'system' }] });
  });

  it('tries the stored connection: ok with what it found, else the reason, and never a failure status', async () => {
    const operator = await makeOperator(t.current.ctx);
    const company = await makeCompany(t.current.ctx, operator, 'spectrum');
    const admin = await makeMember(t.current.ctx, operator, company.id, { erp: 'admin' });
    const base = `/api/v1/companies/${company.id}/erp/connection`;
    const tryIt = async () => {
      const answer = await t.current.app.inject({
        method: 'POST',
        url: `${base}/test`,
        headers: bearer(admin),
      });
      expect(answer.statusCode).toBe(200);
      return answer.json() as { ok: boolean; message: string };
    };
    const connect = (baseUrl: string, authorizationId = 'DEMO') =>
      t.current.app.inject({
        method: 'PUT',
        url: base,
        headers: bearer(admin),
        payload: {
          system: 'spectrum',
          baseUrl,
          authorizationId,
          companyCode: '001',
          standardJob: 'STANDARD',
        },
      });

    expect(await tryIt()).toEqual({ ok: false, message: 'No ERP connection is set for this company' });
    const sim = await startSpectrumSimulator({ port: 0, seed: 'demo' });
    try {
      expect((await connect(sim.url)).statusCode).toBe(200);
      expect(await tryIt()).toMatchObject({
        ok: true,
        message: expect.stringContaining('standard job STANDARD'),
      });
      await connect(sim.url, 'WRONG');
      expect(await tryIt()).toMatchObject({ ok: false });
    } finally {
      await sim.close();
    }
    await connect('http://127.0.0.1:9');
    expect(await tryIt()).toMatchObject({ ok: false });
  });
});
