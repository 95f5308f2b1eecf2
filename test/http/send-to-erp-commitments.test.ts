import { beforeAll, describe, expect, it } from 'vitest';
import { toJson } from '../../src/db/json.ts';
import { type Api, apiAs } from '../support/api.ts';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator, type TestUser } from '../support/factories.ts';
import {
  makeChangeOrder,
  makeCommitment,
  makeProject,
  makeStandardLists,
  makeVendor,
  markSynced,
} from '../support/records.ts';

describe.each(dialects)('sending vendors, commitments and change orders on %s', (dialect) => {
  const t = useTestApp(dialect);
  let pmUser: TestUser;
  let pm: Api;
  let c: string;
  let sageCompany: string;
  let sagePm: Api;

  beforeAll(async () => {
    const { ctx, app } = t.current;
    const operator = await makeOperator(ctx);
    c = (await makeCompany(ctx, operator, 'spectrum')).id;
    await makeStandardLists(ctx, c);
    pmUser = await makeMember(ctx, operator, c, { project: 'admin' });
    pm = apiAs(app, pmUser);
    sageCompany = (await makeCompany(ctx, operator, 'sage300')).id;
    await makeStandardLists(ctx, sageCompany, ['01-100', '03300']);
    sagePm = apiAs(app, await makeMember(ctx, operator, sageCompany, { project: 'admin' }));
  });

  const request = async (id: string) => {
    const row = await t.current.database.db
      .selectFrom('erp_requests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { ...row, preflight: JSON.parse(row.preflight), snapshot: JSON.parse(row.snapshot) };
  };

  /** A synced project (as a finished export leaves it) whose 01-100 × L is in the ERP. */
  async function syncedProject(companyId = c) {
    const project = await makeProject(t.current.ctx, pmUser, companyId, { number: 'J1' });
    const { db } = t.current.database;
    await db
      .updateTable('projects')
      .set({ synced_snapshot: toJson({}), erp_job_number: 'J1' })
      .where('id', '=', project.id)
      .execute();
    await db
      .insertInto('project_cost_codes')
      .values({
        project_id: project.id,
        code: '01-100',
        cost_type: 'L',
        erp_status: 'synced',
        created_at: new Date().toISOString(),
      })
      .execute();
    return project;
  }

  it('sends an active vendor and checks its code against the ERP rules', async () => {
    const inactive = await makeVendor(t.current.ctx, pmUser, c, { active: false });
    const refused = await pm.post(`/companies/${c}/vendors/${inactive.id}/send-to-erp`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { path: 'active', message: 'Only active vendors can be sent to the ERP' },
    ]);

    const dashed = await makeVendor(t.current.ctx, pmUser, c, {
      name: 'Acme Concrete',
      vendorCode: 'ACME-1',
    });
    const sent = await pm.post(`/companies/${c}/vendors/${dashed.id}/send-to-erp`);
    expect(sent.status).toBe(201);
    expect((await request(sent.body.requestId)).preflight.problems).toEqual([
      {
        path: 'vendorCode',
        severity: 'error',
        message: 'Vendor code "ACME-1" is not accepted by Spectrum: uppercase letters and digits only',
      },
    ]);
    expect(
      (await pm.patch(`/companies/${c}/vendors/${dashed.id}`, { version: dashed.version, name: 'X' })).status,
    ).toBe(409);

    // Without a proposed code, the preflight checks the one accept will derive from the name.
    const plain = await makeVendor(t.current.ctx, pmUser, c, { name: 'Bolt & Sons, Ltd' });
    const derived = await pm.post(`/companies/${c}/vendors/${plain.id}/send-to-erp`);
    const checked = await request(derived.body.requestId);
    expect(checked.preflight.problems.map((p: { path: string }) => p.path)).toEqual(['name']);
  });

  it('sends a commitment only with a synced vendor, approved, with lines in the ERP', async () => {
    const project = await syncedProject();
    const vendor = await makeVendor(t.current.ctx, pmUser, c);
    const draft = await makeCommitment(t.current.ctx, pmUser, c, project.id, vendor.id, {
      number: 'SC-00000001',
      lines: [
        { costCode: '01-100', costType: 'L', amount: 100_000, description: 'Forms' },
        { costCode: '03-300', costType: 'M', amount: 50_000, description: 'Concrete' },
      ],
    });
    const url = `/companies/${c}/projects/${project.id}/commitments/${draft.id}`;
    const refused = await pm.post(`${url}/send-to-erp`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'vendorId',
      'status',
      'lines[1]',
    ]);

    await markSynced(t.current.ctx, 'vendors', vendor.id, { vendorCode: 'ACME' });
    const ready = await makeCommitment(t.current.ctx, pmUser, c, project.id, vendor.id, {
      number: 'SC-00000002',
      status: 'approved',
    });
    const sent = await pm.post(`/companies/${c}/projects/${project.id}/commitments/${ready.id}/send-to-erp`);
    expect(sent.status).toBe(201);
    const row = await request(sent.body.requestId);
    expect(row.snapshot).toMatchObject({
      number: 'SC-00000002',
      jobNumber: 'J1',
      vendor: { vendorCode: 'ACME' },
      total: '1000.00',
    });
    expect(row.preflight.problems).toEqual([
      {
        path: 'number',
        severity: 'error',
        message: 'Subcontract number "SC-00000002" has 11 characters; Spectrum allows at most 10',
      },
    ]);
  });

  it('sends a change order only when its commitment is synced and it is approved', async () => {
    const project = await syncedProject();
    const vendor = await makeVendor(t.current.ctx, pmUser, c);
    const commitment = await makeCommitment(t.current.ctx, pmUser, c, project.id, vendor.id, {
      status: 'approved',
    });
    const order = await makeChangeOrder(t.current.ctx, pmUser, c, project.id, commitment.id);
    const url = `/companies/${c}/projects/${project.id}/commitments/${commitment.id}/change-orders/${order.id}`;
    const refused = await pm.post(`${url}/send-to-erp`);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['commitment', 'status']);
    expect(refused.body.errors[0].message).toBe(
      `Commitment ${commitment.number} is not yet in Spectrum: send the commitment first`,
    );

    await markSynced(t.current.ctx, 'commitments', commitment.id);
    const approved = await makeChangeOrder(t.current.ctx, pmUser, c, project.id, commitment.id, {
      status: 'approved',
    });
    const sent = await pm.post(
      `/companies/${c}/projects/${project.id}/commitments/${commitment.id}/change-orders/${approved.id}/send-to-erp`,
    );
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe('ready_to_export');
    const retrieved = await pm.post(
      `/companies/${c}/projects/${project.id}/commitments/${commitment.id}/change-orders/${approved.id}/retrieve-from-erp`,
    );
    expect(retrieved.status).toBe(200);
    // A synced change order belongs to the ERP: it is not sent again.
    await markSynced(t.current.ctx, 'change_orders', approved.id);
    const again = await pm.post(
      `/companies/${c}/projects/${project.id}/commitments/${commitment.id}/change-orders/${approved.id}/send-to-erp`,
    );
    expect(again.status).toBe(409);
  });

  it("checks Sage 300's rules for a Sage company: unsectioned cost codes, long titles", async () => {
    const project = await syncedProject(sageCompany);
    const { db } = t.current.database;
    await db
      .insertInto('project_cost_codes')
      .values({
        project_id: project.id,
        code: '03300',
        cost_type: 'L',
        erp_status: 'synced',
        created_at: new Date().toISOString(),
      })
      .execute();
    const url = `/companies/${sageCompany}/projects/${project.id}/budget`;
    await sagePm.put(`${url}/lines`, {
      version: 1,
      lines: [
        { costCode: '01-100', costType: 'L', amount: '10.00' },
        { costCode: '03300', costType: 'L', amount: '20.00' },
      ],
    });
    await sagePm.post(`${url}/lock`, {});
    const sent = await sagePm.post(`${url}/send-to-erp`);
    expect(sent.status).toBe(201);
    const { preflight } = await request(sent.body.requestId);
    expect(preflight.ok).toBe(false);
    expect(preflight.problems).toEqual([
      {
        path: 'lines[1].code',
        severity: 'error',
        message:
          'Cost code "03300" is not accepted by Sage 300: a Sage cost code has 2 to 4 sections separated by -, / or . (e.g. 03-300)',
      },
    ]);

    const vendor = await makeVendor(t.current.ctx, pmUser, sageCompany);
    await markSynced(t.current.ctx, 'vendors', vendor.id, { vendorCode: 'V1' });
    const commitment = await makeCommitment(t.current.ctx, pmUser, sageCompany, project.id, vendor.id, {
      status: 'approved',
      number: 'PO-1',
      title: 'A commitment title longer than thirty characters',
    });
    const commitmentSent = await sagePm.post(
      `/companies/${sageCompany}/projects/${project.id}/commitments/${commitment.id}/send-to-erp`,
    );
    const checked = (await request(commitmentSent.body.requestId)).preflight;
    expect(checked.ok).toBe(true);
    expect(checked.problems).toEqual([
      {
        path: 'title',
        severity: 'warning',
        message:
          'Commitment title "A commitment title longer than thirty characters" has 48 characters; Sage 300 allows at most 30',
      },
    ]);
  });
});
