import { afterAll, beforeAll } from 'vitest';
import type { Dialect } from '../../src/db/capabilities.ts';
import { jobHandlers } from '../../src/server.ts';
import { type Api, apiAs } from './api.ts';
import { type TestApp, useTestApp } from './app.ts';
import { until } from './databases.ts';
import { makeCompany, makeMember, makeOperator } from './factories.ts';
import { type SageStack, startSageStack } from './sage-world.ts';
import { syncFromErp } from './sync.ts';

export interface SageErpWorld {
  t: TestApp;
  stack: SageStack;
  companyId: string;
  pm: Api;
  approver: Api;
  erpAdmin: Api;
  /** Waits until the request reaches the status (the worker runs in the background). */
  settled(
    requestId: string,
    status?: string,
    timeoutMs?: number,
  ): Promise<{ status: string; [key: string]: unknown }>;
  mirrorFromErp(): Promise<void>;
}

/**
 * A Sage 300 CRE company of a listening hub, paired with a real agent (in this process) that runs against
 * a real simulated Sage company, with a worker running the exports, and one user per role.
 */
export function useSageErpWorld(dialect: Dialect): { readonly current: SageErpWorld } {
  const app = useTestApp(dialect);
  const holder = { current: undefined as unknown as SageErpWorld };
  beforeAll(async () => {
    const t = app.current;
    const hubUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const operator = await makeOperator(t.ctx);
    const companyId = (await makeCompany(t.ctx, operator, 'sage300')).id;
    const member = (options: Parameters<typeof makeMember>[3]) =>
      makeMember(t.ctx, operator, companyId, options).then((user) => apiAs(t.app, user));
    const erpAdmin = await member({ erp: 'admin' });
    const approver = await member({ erp: 'standard', canPushToAccounting: true });
    const pm = await member({ project: 'admin' });
    // Heartbeats each second: a change of Sage's state shows in the agent's status at once.
    const stack = await startSageStack(t.ctx, hubUrl, operator, { companyId, agent: { heartbeatMs: 1_000 } });
    await t.ctx.queue.start(jobHandlers(t.ctx), { concurrency: 4 });
    const settled = (requestId: string, status = 'synced', timeoutMs = 20_000) =>
      until(async () => {
        const r = await approver.get(`/companies/${companyId}/erp/requests/${requestId}`);
        if (r.body.status === 'failed' && status !== 'failed')
          throw new Error(`export failed: ${JSON.stringify(r.body.error)}`);
        return r.body.status === status ? r.body : undefined;
      }, timeoutMs);
    holder.current = {
      t,
      stack,
      companyId,
      pm,
      approver,
      erpAdmin,
      settled,
      mirrorFromErp: () => syncFromErp(t.ctx, companyId),
    };
  });
  afterAll(async () => {
    await holder.current?.t.ctx.queue.stop();
    await holder.current?.stack.stop();
  });
  return holder;
}
