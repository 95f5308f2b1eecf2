import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { toJson } from '../../src/db/json.ts';
import { type Api, apiAs } from '../support/api.ts';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';

describe.each(dialects)('send to ERP and retrieve on %s', (dialect) => {
  const t = useTestApp(dialect);
  let pm: Api;
  let editor: Api;
  let c: string;

  beforeAll(async () => {
    const { ctx, app } = t.current;
    const operator = await makeOperator(ctx);
    c = (await makeCompany(ctx, operator)).id;
    const admin = apiAs(app, await makeMember(ctx, operator, c, { erp: 'admin' }));
    for (const [code, description] of [
      ['01-100', 'General Conditions'],
      ['03-300', 'Cast-in-Place Concrete'],
    ]) {
      await admin.post(`/companies/${c}/standard-cost-codes`, { code, description });
    }
    for (const code of ['L', 'M'])
      await admin.post(`/companies/${c}/cost-types`, { code, description: code, kind: 'other' });
    pm = apiAs(app, await makeMember(ctx, operator, c, { project: 'admin' }));
    editor = apiAs(app, await makeMember(ctx, operator, c, { project: 'standard' }));
  });

  async function project(fields: object = {}) {
    const p = await pm.post(`/companies/${c}/projects`, {
      name: 'Riverside Clinic',
      number: 'J1001',
      active: true,
      priceMethod: 'F',
      taxable: true,
      ...fields,
    });
    await pm.post(`/companies/${c}/projects/${p.body.id}/cost-codes`, {
      code: '03-300',
      costTypes: ['L', 'M'],
    });
    return p.body.id as string;
  }

  /** What a successful export of the project will do (the export engine is a later issue). */
  async function markProjectSynced(
    projectId: string,
    pairs = [
      ['03-300', 'L'],
      ['03-300', 'M'],
    ],
  ) {
    const { db } = t.current.database;
    await db
      .updateTable('projects')
      .set({ synced_snapshot: toJson({}), erp_job_number: 'J1001' })
      .where('id', '=', projectId)
      .execute();
    for (const [code, costType] of pairs) {
      await db
        .updateTable('project_cost_codes')
        .set({ erp_status: 'synced' })
        .where('project_id', '=', projectId)
        .where('code', '=', code!)
        .where('cost_type', '=', costType!)
        .execute();
    }
  }

  const request = (id: string) =>
    t.current.database.db
      .selectFrom('erp_requests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('sends a project: a snapshot waits for approval, the record is locked, then retrieved', async () => {
    const p = await project();
    const sent = await pm.post(`/companies/${c}/projects/${p}/send-to-erp`);
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe('ready_to_export');
    const row = await request(sent.body.requestId);
    expect(JSON.parse(row.snapshot)).toMatchObject({
      name: 'Riverside Clinic',
      number: 'J1001',
      costCodes: [{ code: '03-300', costTypes: ['L', 'M'] }],
    });
    expect(JSON.parse(row.preflight)).toEqual({ ok: true, problems: [] });

    const view = await pm.get(`/companies/${c}/projects/${p}`);
    expect(view.body.erp).toEqual({ status: 'ready_to_export', requestId: sent.body.requestId });
    // Sending moved the version (1 → 2): even the current version cannot change a locked record.
    const locked = await pm.patch(`/companies/${c}/projects/${p}`, { version: 2, name: 'Changed' });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('invalid_state');
    expect(
      (await pm.post(`/companies/${c}/projects/${p}/cost-codes`, { code: '01-100', costTypes: ['L'] }))
        .status,
    ).toBe(409);
    const codes = await pm.get(`/companies/${c}/projects/${p}/cost-codes`);
    expect(codes.body.items[0].costTypes.map((t: { erpStatus: string }) => t.erpStatus)).toEqual([
      'pending',
      'pending',
    ]);
    expect((await pm.post(`/companies/${c}/projects/${p}/send-to-erp`)).status).toBe(409);

    expect((await editor.post(`/companies/${c}/projects/${p}/retrieve-from-erp`)).status).toBe(403);
    const retrieved = await pm.post(`/companies/${c}/projects/${p}/retrieve-from-erp`);
    expect(retrieved.body).toEqual({ requestId: sent.body.requestId, status: 'retrieved' });
    // Live screens and webhooks learn of it: the item leaves the open queues.
    const event = await t.current.database.db
      .selectFrom('company_events')
      .select(['type', 'data'])
      .where('company_id', '=', c)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.type).toBe('request.retrieved');
    expect(JSON.parse(event.data)).toMatchObject({ requestId: sent.body.requestId, status: 'retrieved' });
    expect((await pm.patch(`/companies/${c}/projects/${p}`, { version: 2, name: 'Changed' })).status).toBe(
      200,
    );
    const after = await pm.get(`/companies/${c}/projects/${p}/cost-codes`);
    expect(after.body.items[0].costTypes.map((t: { erpStatus: string }) => t.erpStatus)).toEqual([
      'not_sent',
      'not_sent',
    ]);
    expect((await pm.post(`/companies/${c}/projects/${p}/retrieve-from-erp`)).status).toBe(409);
  });

  it('snapshots what the record is when the send commits: an edit that read it before cannot land after', async () => {
    const p = await project({ number: 'J1002' });
    // An edit read version 1 before the send: after the send it is refused, never applied unseen.
    const sent = await pm.post(`/companies/${c}/projects/${p}/send-to-erp`);
    await pm.post(`/companies/${c}/projects/${p}/retrieve-from-erp`);
    const stale = await pm.patch(`/companies/${c}/projects/${p}`, { version: 1, name: 'Edited meanwhile' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect(sent.status).toBe(201);
    if (dialect !== 'postgres') return; // SQLite runs one writing transaction at a time.

    // PostgreSQL: an edit's guarded update is in flight (uncommitted) when the send starts.
    const { db } = t.current.database;
    const current = await db
      .selectFrom('projects')
      .select('version')
      .where('id', '=', p)
      .executeTakeFirstOrThrow();
    await db.connection().execute(async (edit) => {
      await sql`begin`.execute(edit);
      await sql`update projects set name = 'Edited in flight', version = version + 1
                 where id = ${p} and version = ${current.version}`.execute(edit);
      let settled = false;
      const sending = pm.post(`/companies/${c}/projects/${p}/send-to-erp`).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false); // the send waits for the edit's row
      await sql`commit`.execute(edit);
      const resent = await sending;
      expect(resent.status).toBe(201);
      const request = await db
        .selectFrom('erp_requests')
        .select('snapshot')
        .where('id', '=', resent.body.requestId)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(request.snapshot).name).toBe('Edited in flight');
    });
    await pm.post(`/companies/${c}/projects/${p}/retrieve-from-erp`);
  });

  it('refuses to retrieve once an approver acted', async () => {
    const p = await project();
    const sent = await pm.post(`/companies/${c}/projects/${p}/send-to-erp`);
    await t.current.database.db
      .updateTable('erp_requests')
      .set({ status: 'exporting' })
      .where('id', '=', sent.body.requestId)
      .execute();
    const late = await pm.post(`/companies/${c}/projects/${p}/retrieve-from-erp`);
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('An approver already acted');
  });

  it('refuses an inactive project with 422 naming the rule', async () => {
    const p = await project({ active: false });
    const refused = await pm.post(`/companies/${c}/projects/${p}/send-to-erp`);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('precondition_failed');
    expect(refused.body.errors).toEqual([
      { path: 'active', message: 'Only active projects can be sent to the ERP' },
    ]);
  });

  it('sends a project that leaves ERP job fields blank, with a preflight warning saying what will fill each', async () => {
    const p = await project({ priceMethod: null, taxable: null });
    const sent = await pm.post(`/companies/${c}/projects/${p}/send-to-erp`);
    expect(sent.status).toBe(201);
    const request = await t.current.database.db
      .selectFrom('erp_requests')
      .select('preflight')
      .where('id', '=', sent.body.requestId)
      .executeTakeFirstOrThrow();
    const { problems } = JSON.parse(request.preflight!) as { problems: object[] };
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          path: 'priceMethod',
          message: 'Price method is blank: it will come from the job template chosen at accept',
          severity: 'warning',
        },
        {
          path: 'taxable',
          message:
            "Taxable flag is blank: fill it in, or set its default in the company's Spectrum connection, before the project is accepted",
          severity: 'warning',
        },
      ]),
    );
    await pm.post(`/companies/${c}/projects/${p}/retrieve-from-erp`);
  });

  it('lists every unmet rule of a budget at once', async () => {
    const p = await project();
    await pm.put(`/companies/${c}/projects/${p}/budget/lines`, {
      version: 1,
      lines: [
        { costCode: '03-300', costType: 'M', amount: '100.00' },
        { costCode: '01-100', costType: 'L', amount: '50.00' },
      ],
    });
    const refused = await pm.post(`/companies/${c}/projects/${p}/budget/send-to-erp`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      {
        path: 'project',
        message: 'The project is not yet in Spectrum: send the project and have it accepted first',
      },
      { path: 'locked', message: 'Lock the budget before sending it' },
      {
        path: 'lines[0]',
        message:
          "Cost code 01-100 × L is not yet in Spectrum: send the project's cost codes for update first",
      },
      {
        path: 'lines[1]',
        message:
          "Cost code 03-300 × M is not yet in Spectrum: send the project's cost codes for update first",
      },
    ]);
    // With the project synced and the budget locked, only the unsynced pair remains.
    await markProjectSynced(p, [['03-300', 'M']]);
    await pm.post(`/companies/${c}/projects/${p}/budget/lock`, {});
    const narrowed = await pm.post(`/companies/${c}/projects/${p}/budget/send-to-erp`);
    expect(narrowed.body.errors.map((e: { path: string }) => e.path)).toEqual(['lines[0]']);
  });

  it('sends new cost codes of a synced project as an update with the exact difference', async () => {
    const p = await project();
    expect((await pm.post(`/companies/${c}/projects/${p}/cost-codes/send-to-erp`)).body.errors[0].path).toBe(
      'project',
    );
    await markProjectSynced(p, [['03-300', 'L']]);
    await pm.post(`/companies/${c}/projects/${p}/cost-codes`, { code: '01-100', costTypes: ['L'] });
    const sent = await pm.post(`/companies/${c}/projects/${p}/cost-codes/send-to-erp`);
    expect(sent.body.status).toBe('ready_to_update');
    const row = await request(sent.body.requestId);
    expect(JSON.parse(row.requested_updates!)).toEqual({
      costCodes: [
        {
          code: '01-100',
          description: 'General Conditions',
          costTypes: ['L'],
          codeInErp: false,
          erpDescription: null,
          erpCostTypes: [],
        },
        // No ERP mirror of the job here: what the ERP has comes from the synced assignments alone.
        {
          code: '03-300',
          description: 'Cast-in-Place Concrete',
          costTypes: ['M'],
          codeInErp: true,
          erpDescription: null,
          erpCostTypes: ['L'],
        },
      ],
    });
    // Nothing new once they are on their way.
    await pm.post(`/companies/${c}/projects/${p}/cost-codes/retrieve-from-erp`);
    await markProjectSynced(p, [
      ['01-100', 'L'],
      ['03-300', 'M'],
    ]);
    const nothing = await pm.post(`/companies/${c}/projects/${p}/cost-codes/send-to-erp`);
    expect(nothing.status).toBe(422);
    expect(nothing.body.errors[0].path).toBe('costCodes');
  });

  it('re-sends a changed synced budget as an update listing the changed lines', async () => {
    const p = await project();
    await markProjectSynced(p);
    const url = `/companies/${c}/projects/${p}/budget`;
    await pm.put(`${url}/lines`, {
      version: 1,
      lines: [
        { costCode: '03-300', costType: 'L', amount: '100.00' },
        { costCode: '03-300', costType: 'M', amount: '20.00' },
      ],
    });
    await pm.post(`${url}/lock`, {});
    const first = await pm.post(`${url}/send-to-erp`);
    expect(first.body.status).toBe('ready_to_export');
    // The export engine marks it synced (a later issue); here we record what the ERP accepted.
    const { db } = t.current.database;
    await db
      .updateTable('erp_requests')
      .set({ status: 'synced' })
      .where('id', '=', first.body.requestId)
      .execute();
    await db
      .updateTable('budgets')
      .set({ synced_snapshot: (await request(first.body.requestId)).snapshot })
      .where('project_id', '=', p)
      .execute();
    await pm.post(`${url}/unlock`, {});
    const budget = await pm.get(url);
    await pm.put(`${url}/lines`, {
      version: budget.body.version,
      lines: [
        { costCode: '03-300', costType: 'L', amount: '150.00' },
        { costCode: '03-300', costType: 'M', amount: '20.00' },
      ],
    });
    await pm.post(`${url}/lock`, {});
    const revision = await pm.post(`${url}/send-to-erp`);
    expect(revision.body.status).toBe('ready_to_update');
    expect(JSON.parse((await request(revision.body.requestId)).requested_updates!)).toEqual({
      lines: [{ costCode: '03-300', costType: 'L', before: '100.00', after: '150.00' }],
    });
  });

  it('stores the preflight against the ERP rules with the request, without blocking the send', async () => {
    const p = await project({ name: 'A project name longer than Spectrum allows', number: 'J-2000-0001' });
    const sent = await pm.post(`/companies/${c}/projects/${p}/send-to-erp`);
    expect(sent.status).toBe(201);
    const checked = JSON.parse((await request(sent.body.requestId)).preflight);
    expect(checked.ok).toBe(false);
    expect(checked.problems.map((p: { path: string }) => p.path)).toEqual(['jobNumber', 'name']);
    expect(checked.problems[0].message).toBe(
      'Job number "J-2000-0001" has 11 characters; Spectrum allows at most 10',
    );
  });
});
