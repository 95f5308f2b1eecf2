import { afterAll, beforeAll } from 'vitest';
import type { Dialect } from '../../src/db/capabilities.ts';
import { type SpectrumSimulator, startSpectrumSimulator } from '../../src/erp/spectrum/simulator/index.ts';
import { jobHandlers } from '../../src/server.ts';
import { type Api, apiAs } from './api.ts';
import { type TestApp, useTestApp } from './app.ts';
import { until } from './databases.ts';
import { makeCompany, makeMember, makeOperator } from './factories.ts';
import { syncFromErp } from './sync.ts';

export interface ErpWorld {
  t: TestApp;
  sim: SpectrumSimulator;
  companyId: string;
  pm: Api;
  approver: Api;
  erpAdmin: Api;
  /** Waits until the request reaches the status (the worker runs in the background). */
  settled(requestId: string, status?: string): Promise<{ status: string; [key: string]: unknown }>;
  /** The sync from the ERP: standard cost codes, cost types, jobs, templates, vendors. */
  mirrorFromErp(): Promise<void>;
}

/**
 * A company connected to a real Spectrum simulator (demo seed) over a real socket, with a worker
 * running the export jobs, and one user per role of the export flow.
 */
export function useErpWorld(dialect: Dialect): { readonly current: ErpWorld } {
  const app = useTestApp(dialect);
  const holder = { current: undefined as unknown as ErpWorld };
  beforeAll(async () => {
    const t = app.current;
    const sim = await startSpectrumSimulator({ port: 0, seed: 'demo' });
    const operator = await makeOperator(t.ctx);
    const companyId = (await makeCompany(t.ctx, operator, 'spectrum')).id;
    const erpAdmin = apiAs(t.app, await makeMember(t.ctx, operator, companyId, { erp: 'admin' }));
    const approver = apiAs(
      t.app,
      await makeMember(t.ctx, operator, companyId, { erp: 'standard', canPushToAccounting: true }),
    );
    const pm = apiAs(t.app, await makeMember(t.ctx, operator, companyId, { project: 'admin' }));
    const connection = {
      system: 'spectrum',
      baseUrl: sim.url,
      authorizationId: 'DEMO',
      companyCode: '001',
      standardJob: 'STANDARD',
      phaseMask: '##-###',
      defaultTaxable: true,
    };
    const put = await erpAdmin.put(`/companies/${companyId}/erp/connection`, connection);
    if (put.status !== 200) throw new Error(`connection: ${JSON.stringify(put.body)}`);
    // Projects may leave the price method to the template and the taxable flag to the connection.
    await erpAdmin.put(`/companies/${companyId}/settings`, { defaultJobTemplate: 'TEMPLATE1' });
    await t.ctx.queue.start(jobHandlers(t.ctx), { concurrency: 4 });

    const settled = (requestId: string, status = 'synced') =>
      until(async () => {
        const r = await approver.get(`/companies/${companyId}/erp/requests/${requestId}`);
        if (r.body.status === 'failed' && status !== 'failed')
          throw new Error(`export failed: ${JSON.stringify(r.body.error)}`);
        return r.body.status === status ? r.body : undefined;
      }, 20_000);

    const mirrorFromErp = () => syncFromErp(t.ctx, companyId);
    holder.current = { t, sim, companyId, pm, approver, erpAdmin, settled, mirrorFromErp };
  });
  afterAll(async () => {
    await holder.current?.t.ctx.queue.stop();
    await holder.current?.sim.close();
  });
  return holder;
}
