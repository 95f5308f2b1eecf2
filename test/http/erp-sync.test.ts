import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJson } from '../../src/db/json.ts';
import { createSpectrumConnector } from '../../src/erp/spectrum/connector.ts';
import { type SpectrumSimulator, startSpectrumSimulator } from '../../src/erp/spectrum/simulator/index.ts';
import { jobHandlers } from '../../src/server.ts';
import { type Api, apiAs } from '../support/api.ts';
import { useTestApp } from '../support/app.ts';
import { testOutbound } from '../support/context.ts';
import { dialects, until } from '../support/databases.ts';
import { makeErpMirror } from '../support/erp-mirror.ts';
import { makeCompany, makeMember, makeOperator, type TestUser } from '../support/factories.ts';
import { makeErpRequest } from '../support/records.ts';

interface Run {
  id: string;
  status: string;
  counts: Record<string, number> | null;
  error?: string;
}

/** What the demo company of the simulator holds (src/erp/spectrum/simulator/seed.ts). */
const demo = {
  jobs: 7,
  // Spectrum offers every open job but the standard one as a template.
  jobTemplates: ['23-040', '24-001', '24-002', '24-003', 'TEMPLATE1'],
  costCodes: 34,
  costTypes: 5,
  // The vendor list has active vendors only (IRONWOOD is inactive).
  vendors: [
    'ACMECONC',
    'BAYSTEEL',
    'CAPELEC',
    'DELTAPLMB',
    'EVERGRN',
    'FRONTRNG',
    'GRANITE',
    'HWYEQUIP',
    'JETMECH',
  ],
};
const readCounts = {
  jobs: demo.jobs,
  jobTemplates: demo.jobTemplates.length,
  costCodes: demo.costCodes,
  costTypes: demo.costTypes,
  vendors: demo.vendors.length,
};

describe.each(dialects)('sync from the ERP on %s', (dialect) => {
  const t = useTestApp(dialect);
  let sim: SpectrumSimulator;
  let operator: TestUser;

  beforeAll(async () => {
    sim = await startSpectrumSimulator({ port: 0, seed: 'demo' });
    operator = await makeOperator(t.current.ctx);
    await t.current.ctx.queue.start(jobHandlers(t.current.ctx));
  });
  afterAll(async () => {
    await t.current.ctx.queue.stop();
    await sim.close();
  });

  /** A company connected to the simulator, with an ERP and project admin; synced unless told not to. */
  async function company({ connected = true, synced = true } = {}) {
    const { ctx, app } = t.current;
    const c = (await makeCompany(ctx, operator)).id;
    const admin = apiAs(app, await makeMember(ctx, operator, c, { erp: 'admin', project: 'admin' }));
    if (connected) {
      const put = await admin.put(`/companies/${c}/erp/connection`, {
        system: 'spectrum',
        baseUrl: sim.url,
        authorizationId: 'DEMO',
        companyCode: '001',
        standardJob: 'STANDARD',
        phaseMask: '##-###',
      });
      expect(put.status).toBe(200);
    }
    const firstRun = synced ? await sync(admin, c) : undefined;
    if (firstRun) expect(firstRun.status).toBe('succeeded');
    return { c, admin, firstRun };
  }

  async function finished(api: Api, c: string, id: string, timeoutMs = 20_000): Promise<Run> {
    return until(async () => {
      const run = await api.get(`/companies/${c}/erp/sync-runs/${id}`);
      expect(run.status).toBe(200);
      return ['succeeded', 'failed'].includes(run.body.status) ? (run.body as Run) : undefined;
    }, timeoutMs);
  }

  async function sync(api: Api, c: string, timeoutMs?: number): Promise<Run> {
    const started = await api.post(`/companies/${c}/erp/sync`);
    expect(started.status).toBe(202);
    return finished(api, c, started.body.syncRunId, timeoutMs);
  }

  /** Every mirror row of the company, in key order. */
  async function mirror(c: string) {
    const { db } = t.current.database;
    return {
      jobs: await db
        .selectFrom('erp_jobs')
        .selectAll()
        .where('company_id', '=', c)
        .orderBy('job_number')
        .execute(),
      vendors: await db
        .selectFrom('erp_vendors')
        .selectAll()
        .where('company_id', '=', c)
        .orderBy('vendor_code')
        .execute(),
      jobCosts: await db
        .selectFrom('erp_job_costs')
        .selectAll()
        .where('company_id', '=', c)
        .orderBy('job_number')
        .orderBy('code')
        .orderBy('cost_type')
        .execute(),
      costCodes: await db
        .selectFrom('standard_cost_codes')
        .selectAll()
        .where('company_id', '=', c)
        .orderBy('code')
        .execute(),
      costTypes: await db
        .selectFrom('cost_types')
        .selectAll()
        .where('company_id', '=', c)
        .orderBy('code')
        .execute(),
    };
  }

  const jobNumbers = (page: { body: { items: { jobNumber: string }[] } }) =>
    page.body.items.map((j) => j.jobNumber);
  const vendorCodes = (page: { body: { items: { vendorCode: string }[] } }) =>
    page.body.items.map((v) => v.vendorCode);
  const statuses = (codes: {
    body: { items: { code: string; costTypes: { code: string; erpStatus: string }[] }[] };
  }) => codes.body.items.flatMap((c) => c.costTypes.map((t) => `${c.code} ${t.code} ${t.erpStatus}`));

  it('fills the mirror with the demo company, and a second sync changes nothing', async () => {
    const { c, admin, firstRun } = await company();
    expect(firstRun).toMatchObject({
      status: 'succeeded',
      trigger: 'manual',
      counts: {
        ...readCounts,
        jobCosts: 0,
        changed: demo.jobs + demo.vendors.length + demo.costCodes + demo.costTypes,
      },
    });
    const before = await mirror(c);
    expect(before.jobs.map((j) => j.job_number)).toEqual([
      '22-017',
      '23-040',
      '24-001',
      '24-002',
      '24-003',
      'STANDARD',
      'TEMPLATE1',
    ]);
    const riverside = before.jobs.find((j) => j.job_number === '24-001')!;
    expect(JSON.parse(riverside.data)).toMatchObject({
      description: 'Riverside Medical Office',
      status: 'active',
      division: '10',
      customerCode: 'RIVHEALTH',
      priceMethod: 'C',
      address: { line1: '1200 River Road', city: 'Sacramento', state: 'CA', zip: '95814' },
    });
    expect(before.jobs.filter((j) => j.is_template === 1).map((j) => j.job_number)).toEqual(
      demo.jobTemplates,
    );
    expect(before.vendors.map((v) => v.vendor_code)).toEqual(demo.vendors);
    expect(before.costCodes).toContainEqual(
      expect.objectContaining({ code: '03-300', description: 'Cast-in-Place Concrete', source: 'erp' }),
    );
    expect(before.costTypes.map((ct) => [ct.code, ct.kind, ct.source])).toEqual([
      ['E', 'equipment', 'erp'],
      ['L', 'labor', 'erp'],
      ['M', 'material', 'erp'],
      ['O', 'overhead', 'erp'],
      ['S', 'subcontract', 'erp'],
    ]);
    const listed = await admin.get(`/companies/${c}/standard-cost-codes`);
    expect(listed.body.items).toHaveLength(demo.costCodes);

    const second = await sync(admin, c);
    expect(second.counts).toEqual({ ...readCounts, jobCosts: 0, changed: 0 });
    expect(await mirror(c)).toEqual(before);

    const audit = await admin.get(`/companies/${c}/audit-events?subjectType=sync_run&subjectId=${second.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'erp_sync.finished',
      'erp_sync.requested',
    ]);
    expect(audit.body.items[0]).toMatchObject({ actor: { id: null, label: 'system' } });
  });

  it('lists the jobs only in the ERP: no templates alone, no standard job, no linked or archived ones', async () => {
    const { c, admin } = await company();
    const onlyInErp = () => admin.get(`/companies/${c}/erp/jobs?linked=false`);
    expect(jobNumbers(await onlyInErp())).toEqual(['22-017', '24-001', '24-002', '24-003']);
    expect((await onlyInErp()).body.items[1]).toMatchObject({
      jobNumber: '24-001',
      description: 'Riverside Medical Office',
      status: 'active',
      division: '10',
      customerCode: 'RIVHEALTH',
      isTemplate: true,
      archived: false,
    });
    const templates = await admin.get(`/companies/${c}/erp/job-templates`);
    expect(templates.body.items.map((j: { jobNumber: string }) => j.jobNumber)).toEqual(demo.jobTemplates);
    expect(templates.body.items[4]).toEqual({
      jobNumber: 'TEMPLATE1',
      description: 'Commercial Job Template',
    });

    const firstPage = await admin.get(`/companies/${c}/erp/jobs?linked=false&limit=3`);
    expect(jobNumbers(firstPage)).toEqual(['22-017', '24-001', '24-002']);
    const secondPage = await admin.get(
      `/companies/${c}/erp/jobs?linked=false&limit=3&cursor=${firstPage.body.nextCursor}`,
    );
    expect(secondPage.body).toMatchObject({ items: [{ jobNumber: '24-003' }], nextCursor: null });

    const archived = await admin.post(`/companies/${c}/erp/jobs/24-003/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ jobNumber: '24-003', archived: true });
    expect((await admin.post(`/companies/${c}/erp/jobs/24-003/archive`)).status).toBe(409);
    const imported = await admin.post(`/companies/${c}/erp/jobs/24-001/import`);
    expect(imported.status).toBe(201);
    expect(jobNumbers(await onlyInErp())).toEqual(['22-017', '24-002']);
    const linked = await admin.get(`/companies/${c}/erp/jobs?linked=true`);
    expect(linked.body.items).toEqual([
      expect.objectContaining({ jobNumber: '24-001', linkedProjectId: imported.body.id }),
    ]);
    const linkedArchive = await admin.post(`/companies/${c}/erp/jobs/24-001/archive`);
    expect(linkedArchive.status).toBe(409);
    expect(linkedArchive.body.code).toBe('invalid_state');
    expect((await admin.post(`/companies/${c}/erp/jobs/STANDARD/import`)).status).toBe(409);
    expect((await admin.post(`/companies/${c}/erp/jobs/NO-SUCH/archive`)).status).toBe(404);

    // The ERP changed both jobs since (here: the mirror is stale): the next sync rewrites their ERP data
    // but keeps our link and archive flag, and now reads the linked job's costs.
    await t.current.database.db
      .updateTable('erp_jobs')
      .set({ description: 'Stale' })
      .where('company_id', '=', c)
      .where('job_number', 'in', ['24-001', '24-003'])
      .execute();
    const resync = await sync(admin, c);
    expect(resync.counts).toMatchObject({ changed: 2 + 10 });
    const rewritten = (await mirror(c)).jobs.filter((j) => ['24-001', '24-003'].includes(j.job_number));
    expect(rewritten.map((j) => [j.description, j.linked_project_id, j.archived])).toEqual([
      ['Riverside Medical Office', imported.body.id, 0],
      ['Lincoln Elementary Reno', null, 1],
    ]);
    expect(resync.counts).toMatchObject({ jobCosts: 10 });
    expect(jobNumbers(await onlyInErp())).toEqual(['22-017', '24-002']);
    expect(jobNumbers(await admin.get(`/companies/${c}/erp/jobs?linked=true`))).toEqual(['24-001']);
    const costs = (await mirror(c)).jobCosts;
    expect(costs).toHaveLength(10);
    expect(costs.find((r) => r.code === '03-300' && r.cost_type === 'M')).toMatchObject({
      job_number: '24-001',
      // GetPhase reports no original estimate (spectrum-sdx §8).
      original_estimate: null,
      current_estimate: 10_150_000,
      job_to_date_actual: 9_011_240,
      projected_cost: expect.any(Number),
    });
    expect((await sync(admin, c)).counts).toMatchObject({ jobCosts: 10, changed: 0 });
  });

  it("imports a job as a synced project with the job's cost codes, adding unknown codes to the standard list", async () => {
    const { c, admin } = await company();
    // A phase the standard job does not have, added in Spectrum after the sync: the import reads it live.
    const spectrum = createSpectrumConnector({
      baseUrl: sim.url,
      authorizationId: 'DEMO',
      companyCode: '001',
      standardJob: 'STANDARD',
      phaseMask: '##-###',
      outbound: testOutbound.erp,
    });
    await spectrum.addCostCodes('24-003', [
      { code: '99-100', description: 'Owner Allowance', costTypes: ['O'] },
    ]);

    const imported = await admin.post(`/companies/${c}/erp/jobs/24-003/import`);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      name: 'Lincoln Elementary Reno',
      number: '24-003',
      active: true,
      division: '10',
      priceMethod: 'U',
      // No Spectrum read returns a job's taxable flag.
      taxable: null,
      customerCode: 'SUSD',
      costCenter: '100',
      address: { line1: '88 Lincoln Avenue', city: 'Stockton', state: 'CA', zip: '95204' },
      erp: { status: 'synced', jobNumber: '24-003' },
    });
    const p = imported.body.id;
    const codes = await admin.get(`/companies/${c}/projects/${p}/cost-codes`);
    expect(statuses(codes)).toEqual([
      '01-100 L synced',
      '06-200 L synced',
      '09-600 S synced',
      '09-900 S synced',
      '99-100 O synced',
    ]);
    expect(codes.body.items.at(-1).description).toBe('Owner Allowance');
    const standard = await t.current.database.db
      .selectFrom('standard_cost_codes')
      .selectAll()
      .where('company_id', '=', c)
      .where('code', '=', '99-100')
      .executeTakeFirstOrThrow();
    expect(standard).toMatchObject({ description: 'Owner Allowance', source: 'erp' });
    const audit = await admin.get(`/companies/${c}/audit-events?subjectType=project&subjectId=${p}`);
    expect(audit.body.items[0]).toMatchObject({
      action: 'erp_job.imported',
      after: { jobNumber: '24-003', assignments: 5, addedToStandardList: ['99-100'] },
    });

    const again = await admin.post(`/companies/${c}/erp/jobs/24-003/import`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('already linked');
    expect((await admin.post(`/companies/${c}/erp/jobs/NO-SUCH/import`)).status).toBe(404);
    // A synced project's job fields are the ERP's.
    expect((await admin.patch(`/companies/${c}/projects/${p}`, { version: 1, division: '20' })).status).toBe(
      409,
    );
  });

  it('links a job to an unsynced project, whose assignments on the job become synced, then imports its budget', async () => {
    const { c, admin } = await company();
    const { ctx, app } = t.current;
    const editor = apiAs(app, await makeMember(ctx, operator, c, { project: 'standard' }));
    const project = await editor.post(`/companies/${c}/projects`, { name: 'Oak Street deck', active: true });
    const p = project.body.id;
    await editor.post(`/companies/${c}/projects/${p}/cost-codes`, { code: '01-100', costTypes: ['L', 'S'] });

    const notSynced = await editor.post(`/companies/${c}/projects/${p}/budget/import-from-erp`);
    expect(notSynced.status).toBe(409);
    expect(notSynced.body.detail).toContain('not synced with an ERP job');

    const linked = await admin.post(`/companies/${c}/erp/jobs/24-002/link`, { projectId: p });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ id: p, version: 2, erp: { status: 'synced', jobNumber: '24-002' } });
    // 24-002 has 01-100 × L, not × S: S stays to be sent as an update.
    expect(statuses(await editor.get(`/companies/${c}/projects/${p}/cost-codes`))).toEqual([
      '01-100 L synced',
      '01-100 S not_sent',
    ]);
    const audit = await admin.get(`/companies/${c}/audit-events?subjectType=project&subjectId=${p}`);
    expect(audit.body.items[0]).toMatchObject({
      action: 'erp_job.linked',
      after: { jobNumber: '24-002', syncedAssignments: 1 },
    });

    // Refusals: a linked job, a synced project, a project with an open request, unknown records.
    const other = await editor.post(`/companies/${c}/projects`, { name: 'Other', active: true });
    expect(
      (await admin.post(`/companies/${c}/erp/jobs/24-002/link`, { projectId: other.body.id })).status,
    ).toBe(409);
    const synced = await admin.post(`/companies/${c}/erp/jobs/24-001/link`, { projectId: p });
    expect(synced.status).toBe(409);
    expect(synced.body.detail).toContain('already synced with ERP job 24-002');
    await makeErpRequest(ctx, {
      companyId: c,
      kind: 'project',
      subjectId: other.body.id,
      senderId: operator.id,
    });
    const waiting = await admin.post(`/companies/${c}/erp/jobs/24-001/link`, { projectId: other.body.id });
    expect(waiting.status).toBe(409);
    expect(waiting.body.detail).toContain('ready to export');
    expect((await admin.post(`/companies/${c}/erp/jobs/24-001/link`, { projectId: 'no-such' })).status).toBe(
      404,
    );
    expect((await admin.post(`/companies/${c}/erp/jobs/NO-SUCH/link`, { projectId: p })).status).toBe(404);

    // The budget: the job's original estimates, in minor units, read live.
    const budget = await editor.post(`/companies/${c}/projects/${p}/budget/import-from-erp`);
    expect(budget.status).toBe(200);
    expect(budget.body).toEqual({
      version: 2,
      locked: false,
      lines: [
        { costCode: '01-100', costType: 'L', amount: '42000.00' },
        { costCode: '02-200', costType: 'E', amount: '36000.00' },
        { costCode: '02-200', costType: 'S', amount: '58000.00' },
        { costCode: '03-100', costType: 'L', amount: '75000.00' },
        { costCode: '03-200', costType: 'S', amount: '64000.00' },
        { costCode: '03-300', costType: 'M', amount: '210000.00' },
        { costCode: '16-100', costType: 'S', amount: '48000.00' },
      ],
      total: '533000.00',
      erp: { status: 'not_sent' },
    });
    expect((await editor.get(`/companies/${c}/projects/${p}/budget`)).body).toEqual(budget.body);
    // Its pairs are the job's, so they are synced assignments of the project now.
    expect(statuses(await editor.get(`/companies/${c}/projects/${p}/cost-codes`))).toEqual([
      '01-100 L synced',
      '01-100 S not_sent',
      '02-200 E synced',
      '02-200 S synced',
      '03-100 L synced',
      '03-200 S synced',
      '03-300 M synced',
      '16-100 S synced',
    ]);
    expect(
      (await editor.post(`/companies/${c}/projects/${p}/budget/import-from-erp`, { version: 1 })).status,
    ).toBe(409);

    await editor.post(`/companies/${c}/projects/${p}/budget/lock`, {});
    const locked = await editor.post(`/companies/${c}/projects/${p}/budget/import-from-erp`);
    expect(locked.status).toBe(409);
    expect(locked.body.detail).toContain('locked');
    await editor.post(`/companies/${c}/projects/${p}/budget/unlock`, {});
    await t.current.database.db
      .updateTable('budgets')
      .set({ synced_snapshot: toJson({ lines: [] }) })
      .where('project_id', '=', p)
      .execute();
    const inErp = await editor.post(`/companies/${c}/projects/${p}/budget/import-from-erp`);
    expect(inErp.status).toBe(409);
    expect(inErp.body.detail).toContain('already synced');
  });

  it('imports, links and archives vendors only in the ERP', async () => {
    const { c, admin } = await company();
    const onlyInErp = () => admin.get(`/companies/${c}/erp/vendors?linked=false`);
    expect(vendorCodes(await onlyInErp())).toEqual(demo.vendors);

    const imported = await admin.post(`/companies/${c}/erp/vendors/ACMECONC/import`);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      name: 'Acme Concrete Co',
      active: true,
      vendorCode: 'ACMECONC',
      address: { line1: '2100 Industrial Way', city: 'Sacramento', state: 'CA', zip: '95815' },
      erp: { status: 'synced', vendorCode: 'ACMECONC' },
    });
    // Synced as the ERP has it: re-sending finds nothing to update.
    const resend = await admin.post(`/companies/${c}/vendors/${imported.body.id}/send-to-erp`);
    expect(resend.status).toBe(422);
    expect(resend.body.detail).toContain('Nothing changed');
    expect((await admin.post(`/companies/${c}/erp/vendors/ACMECONC/import`)).status).toBe(409);

    const local = await admin.post(`/companies/${c}/vendors`, { name: 'Bay Steel', active: true });
    const linked = await admin.post(`/companies/${c}/erp/vendors/BAYSTEEL/link`, { vendorId: local.body.id });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({
      id: local.body.id,
      name: 'Bay Steel',
      version: 2,
      erp: { status: 'synced', vendorCode: 'BAYSTEEL' },
    });
    // What differs from the ERP's vendor is what a re-send would update.
    const update = await admin.post(`/companies/${c}/vendors/${local.body.id}/send-to-erp`);
    expect(update.body.status).toBe('ready_to_update');

    const syncedVendor = await admin.post(`/companies/${c}/erp/vendors/CAPELEC/link`, {
      vendorId: imported.body.id,
    });
    expect(syncedVendor.status).toBe(409);
    const waitingVendor = await admin.post(`/companies/${c}/vendors`, { name: 'Waiting', active: true });
    await makeErpRequest(t.current.ctx, {
      companyId: c,
      kind: 'vendor',
      subjectId: waitingVendor.body.id,
      senderId: operator.id,
    });
    expect(
      (await admin.post(`/companies/${c}/erp/vendors/CAPELEC/link`, { vendorId: waitingVendor.body.id }))
        .status,
    ).toBe(409);
    expect((await admin.post(`/companies/${c}/erp/vendors/NO-SUCH/import`)).status).toBe(404);

    const archived = await admin.post(`/companies/${c}/erp/vendors/CAPELEC/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({
      vendorCode: 'CAPELEC',
      name: 'Capitol Electric Inc',
      archived: true,
    });
    expect((await admin.post(`/companies/${c}/erp/vendors/CAPELEC/archive`)).status).toBe(409);
    expect((await admin.post(`/companies/${c}/erp/vendors/ACMECONC/archive`)).status).toBe(409);

    expect(vendorCodes(await onlyInErp())).toEqual([
      'DELTAPLMB',
      'EVERGRN',
      'FRONTRNG',
      'GRANITE',
      'HWYEQUIP',
      'JETMECH',
    ]);
    const linkedList = await admin.get(`/companies/${c}/erp/vendors?linked=true`);
    expect(
      linkedList.body.items.map((v: { vendorCode: string; linkedVendorId: string }) => [
        v.vendorCode,
        v.linkedVendorId,
      ]),
    ).toEqual([
      ['ACMECONC', imported.body.id],
      ['BAYSTEEL', local.body.id],
    ]);
    // A sync rewrites what the ERP changed (here: a stale mirror) and keeps the links and the archive flag.
    await t.current.database.db
      .updateTable('erp_vendors')
      .set({ name: 'Stale' })
      .where('company_id', '=', c)
      .where('vendor_code', 'in', ['ACMECONC', 'CAPELEC'])
      .execute();
    expect((await sync(admin, c)).counts).toMatchObject({ changed: 2 });
    const rewritten = (await mirror(c)).vendors.filter((v) =>
      ['ACMECONC', 'CAPELEC'].includes(v.vendor_code),
    );
    expect(rewritten.map((v) => [v.name, v.linked_vendor_id, v.archived])).toEqual([
      ['Acme Concrete Co', imported.body.id, 0],
      ['Capitol Electric Inc', null, 1],
    ]);
    expect(vendorCodes(await onlyInErp())).toEqual([
      'DELTAPLMB',
      'EVERGRN',
      'FRONTRNG',
      'GRANITE',
      'HWYEQUIP',
      'JETMECH',
    ]);
    expect(vendorCodes(await admin.get(`/companies/${c}/erp/vendors?linked=true`))).toEqual([
      'ACMECONC',
      'BAYSTEEL',
    ]);
  });

  it('ends succeeded through transient faults and cut-off answers: the queue retries', async () => {
    const { c, admin } = await company({ synced: false });
    sim.setFaults({ transientRate: 0.3, truncateRate: 0.3 });
    try {
      const run = await sync(admin, c, 60_000);
      expect(run).toMatchObject({ status: 'succeeded', counts: { ...readCounts, jobCosts: 0 } });
    } finally {
      sim.setFaults({ transientRate: 0, truncateRate: 0 });
    }
    expect((await mirror(c)).jobs).toHaveLength(demo.jobs);
  });

  it('keeps a run running while the ERP is down, and finishes it once the ERP is back', async () => {
    const { c, admin } = await company({ synced: false });
    sim.setFaults({ outage: true });
    let started: { body: { syncRunId: string } };
    try {
      started = await admin.post(`/companies/${c}/erp/sync`);
      // The first attempt started the run, failed, and its job waits for a retry: the run stays running.
      const url = `/companies/${c}/erp/sync-runs/${started.body.syncRunId}`;
      await until(async () => {
        const run = await admin.get(url);
        const stats = await t.current.ctx.queue.stats();
        return run.body.status === 'running' && stats.waiting === 1 && stats.running === 0;
      });
      const run = await admin.get(url);
      // Running, and saying why it waits: the attempt that failed and the ERP's fault.
      expect(run.body).toMatchObject({ status: 'running', counts: null });
      expect(run.body.error).toMatch(/^Attempt 1 of \d+ failed, retrying: .+/);
      expect(run.body.startedAt).toBeDefined();
    } finally {
      sim.setFaults({ outage: false });
    }
    const done = await finished(admin, c, started.body.syncRunId);
    expect(done).toMatchObject({ status: 'succeeded', counts: readCounts });
    expect(done.error).toBeUndefined();
  });

  it('fails clearly for a company without an ERP connection', async () => {
    const { c, admin } = await company({ connected: false, synced: false });
    const run = await sync(admin, c);
    expect(run).toMatchObject({
      status: 'failed',
      error: 'No ERP connection is set for this company',
      counts: null,
    });
    const audit = await admin.get(`/companies/${c}/audit-events?subjectType=sync_run&subjectId=${run.id}`);
    expect(audit.body.items[0]).toMatchObject({
      action: 'erp_sync.finished',
      after: { status: 'failed', error: 'No ERP connection is set for this company' },
    });
    // An import reads the job live: without an ERP it says so (422), the mirror alone is not enough.
    const { jobNumber } = await makeErpMirror(t.current.ctx, c);
    const imported = await admin.post(`/companies/${c}/erp/jobs/${jobNumber}/import`);
    expect(imported.status).toBe(422);
    expect(imported.body).toMatchObject({ code: 'precondition_failed', errors: [{ path: 'erp' }] });
    expect((await admin.get(`/companies/${c}/erp/jobs?linked=true`)).body.items).toEqual([]);
  });

  it("answers 404 for another company's runs, jobs and vendors", async () => {
    const { c, admin, firstRun } = await company();
    const { c: other, admin: outsider } = await company({ connected: false, synced: false });
    expect((await outsider.get(`/companies/${c}/erp/sync-runs/${firstRun!.id}`)).status).toBe(404);
    expect((await outsider.get(`/companies/${other}/erp/sync-runs/${firstRun!.id}`)).status).toBe(404);
    expect((await outsider.get(`/companies/${c}/erp/jobs?linked=false`)).status).toBe(404);
    expect((await outsider.post(`/companies/${c}/erp/jobs/24-001/import`)).status).toBe(404);
    expect((await outsider.post(`/companies/${other}/erp/jobs/24-001/import`)).status).toBe(404);
    expect((await outsider.post(`/companies/${other}/erp/vendors/ACMECONC/archive`)).status).toBe(404);
    expect((await admin.get(`/companies/${c}/erp/jobs?linked=false`)).body.items).toHaveLength(4);
  });
});
