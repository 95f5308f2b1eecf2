import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Dialect } from '../../src/db/capabilities.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { createSpectrumConnector, type SpectrumSettings } from '../../src/erp/spectrum/connector.ts';
import { type SpectrumSimulator, startSpectrumSimulator } from '../../src/erp/spectrum/simulator/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { createJobQueue } from '../../src/jobs/create-queue.ts';
import { createSecretBox } from '../../src/security/secret-box.ts';
import { addCompanyUser } from '../../src/workflows/companies/add-company-user.ts';
import { updateCompanyUser } from '../../src/workflows/companies/update-company-user.ts';
import { createWorkflowContext, type WorkflowContext } from '../../src/workflows/context.ts';
import { loadActor } from '../../src/workflows/shared/actors.ts';
import { type Api, apiAs } from '../support/api.ts';
import { loadTestWrites, testOutbound } from '../support/context.ts';
import { type TestDatabase, useTestDatabase } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator, type TestUser } from '../support/factories.ts';
import { syncFromErp } from '../support/sync.ts';
import { type CrashableWorker, startCrashableWorker } from './crashable-worker.ts';
import type { RunSetup } from './model-state.ts';

/** The connection every run's company has (the simulator's demo company); only the URL changes. */
const spectrum: Omit<SpectrumSettings, 'baseUrl'> = {
  authorizationId: 'DEMO',
  companyCode: '001',
  standardJob: 'STANDARD',
  phaseMask: '##-###',
  defaultTaxable: false,
};
/** What each run's projects fill their blank Spectrum fields from. */
export const jobTemplate = 'TEMPLATE1';

/** One run of the model: a company of its own on a Spectrum of its own, so runs never share a key. */
export interface ModelRun {
  companyId: string;
  /** `/companies/{id}`. */
  c: string;
  sim: SpectrumSimulator;
  pm: Api;
  approver: Api;
  database: TestDatabase;
  /** Kills the worker running the exports and starts another. */
  crashWorker(): Promise<void>;
  /** How many of the run's requests are exporting (straight from the database). */
  exportingCount(): Promise<number>;
}

export interface ModelWorld {
  ctx: WorkflowContext;
  /** A fresh company and simulator; the previous run's simulator is closed. */
  startRun(setup: RunSetup): Promise<ModelRun>;
  crashes(): number;
}

/**
 * The world of the model-based test, set up once per dialect: the HTTP app on a scratch database, a
 * project admin and an approver (members of each run's company), and a crashable export worker. Each
 * run then costs a simulator, a company and its first sync from the ERP.
 */
export function useModelWorld(dialect: Dialect): { readonly current: ModelWorld } {
  const db = useTestDatabase(dialect);
  const holder = { current: undefined as unknown as ModelWorld };
  let app: FastifyInstance | undefined;
  let sim: SpectrumSimulator | undefined;
  let worker: CrashableWorker | undefined;
  const crashed: CrashableWorker[] = [];

  beforeAll(async () => {
    const database = db.current;
    const ctx = createWorkflowContext({
      database,
      queue: createJobQueue(database),
      clock: systemClock,
      secrets: createSecretBox(randomBytes(32)),
      outbound: testOutbound,
    });
    await ctx.queue.prepare();
    app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1', rateLimitPerMinute: loadTestWrites });
    await app.ready();
    const operator = await makeOperator(ctx);
    const operatorActor = (await loadActor(database.db, operator.id))!;
    // The users are made once (a password costs a hash); each run's company gives them a membership.
    const home = (await makeCompany(ctx, operator)).id;
    const users = {
      pm: await makeMember(ctx, operator, home, { project: 'admin' }),
      approver: await makeMember(ctx, operator, home, { erp: 'standard', canPushToAccounting: true }),
      erpAdmin: await makeMember(ctx, operator, home, { erp: 'admin' }),
    };
    const join = async (
      companyId: string,
      user: TestUser,
      erp: 'none' | 'standard' | 'admin',
      project: 'none' | 'admin',
    ) => {
      const member = await addCompanyUser(ctx, {
        actor: operatorActor,
        companyId,
        email: user.email,
        name: user.email,
        erpPermission: erp,
        projectPermission: project,
      });
      return member.id;
    };
    const currentUrl = () => sim?.url ?? 'http://127.0.0.1:9';
    worker = await startCrashableWorker(ctx, database, spectrum, currentUrl);
    let crashes = 0;

    const startRun = async (setup: RunSetup): Promise<ModelRun> => {
      await sim?.close();
      sim = await startSpectrumSimulator({ port: 0, seed: 'demo', logWrites: true });
      const direct = createSpectrumConnector({ ...spectrum, baseUrl: sim.url, outbound: ctx.outbound.erp });
      const madeInSpectrum = async (mirrored: boolean) => {
        for (const record of setup.foreign.filter((f) => f.mirrored === mirrored)) {
          if (record.kind === 'job')
            await direct.createJob(
              { jobNumber: record.key, description: 'Made in Spectrum', priceMethod: 'F', taxable: true },
              [],
            );
          else await direct.createVendor({ vendorCode: record.key, name: 'Made in Spectrum' });
        }
      };
      // Before our first sync: in the mirror. After it: behind our back.
      await madeInSpectrum(true);
      const companyId = (await makeCompany(ctx, operator)).id;
      await join(companyId, users.pm, 'none', 'admin');
      const approverId = await join(companyId, users.approver, 'standard', 'none');
      await updateCompanyUser(ctx, {
        actor: operatorActor,
        companyId,
        userId: approverId,
        canPushToAccounting: true,
      });
      await join(companyId, users.erpAdmin, 'admin', 'none');
      const erpAdmin = apiAs(app!, users.erpAdmin);
      const c = `/companies/${companyId}`;
      const connected = await erpAdmin.put(`${c}/erp/connection`, {
        system: 'spectrum',
        baseUrl: sim.url,
        ...spectrum,
      });
      if (connected.status !== 200) throw new Error(`connection: ${JSON.stringify(connected.body)}`);
      const settings = await erpAdmin.put(`${c}/settings`, {
        syncSchedule: 'off',
        defaultJobTemplate: jobTemplate,
      });
      if (settings.status !== 200) throw new Error(`settings: ${JSON.stringify(settings.body)}`);
      await syncFromErp(ctx, companyId);
      await madeInSpectrum(false);
      sim.clearWrites();
      const runSim = sim;
      return {
        companyId,
        c,
        sim: runSim,
        pm: apiAs(app!, users.pm),
        approver: apiAs(app!, users.approver),
        database,
        exportingCount: async () => {
          const { n } = await database.db
            .selectFrom('erp_requests')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('company_id', '=', companyId)
            .where('status', '=', 'exporting')
            .executeTakeFirstOrThrow();
          return Number(n);
        },
        crashWorker: async () => {
          const dead = worker!;
          crashed.push(dead);
          await dead.crash();
          worker = await startCrashableWorker(ctx, database, spectrum, currentUrl);
          crashes++;
        },
      };
    };
    holder.current = { ctx, startRun, crashes: () => crashes };
  });

  afterAll(async () => {
    await worker?.stop();
    await worker?.close();
    for (const dead of crashed) await dead.close();
    await app?.close();
    await sim?.close();
  });
  return holder;
}
