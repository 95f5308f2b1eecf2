import type { Actor, ErpPermission, ProjectPermission } from '../domain/actor.ts';
import type { CompanySettings, ErpSystem } from '../domain/company.ts';
import { addCompanyUser } from '../workflows/companies/add-company-user.ts';
import { createCompany } from '../workflows/companies/create-company.ts';
import { updateCompanySettings } from '../workflows/companies/update-company-settings.ts';
import { updateCompanyUser } from '../workflows/companies/update-company-user.ts';
import type { WorkflowContext } from '../workflows/context.ts';
import { createOperator } from '../workflows/identity/create-operator.ts';
import { loadActor, normaliseEmail } from '../workflows/shared/actors.ts';
import { putErpConnection } from '../workflows/sync/put-erp-connection.ts';
import { requestSync } from '../workflows/sync/request-sync.ts';
import { seedDemoRecords } from './seed-demo-records.ts';

export interface DemoUser {
  role: string;
  email: string;
  password: string;
}

const companyName = 'Demo Builders';
export const demoOperator: DemoUser = {
  role: 'operator',
  email: 'operator@demo.test',
  password: 'demo-operator',
};
const members: (DemoUser & { erp: ErpPermission; project: ProjectPermission; approver?: boolean })[] = [
  { role: 'ERP admin', email: 'admin@demo.test', password: 'demo-admin', erp: 'admin', project: 'admin' },
  {
    role: 'approver',
    email: 'approver@demo.test',
    password: 'demo-approver',
    erp: 'standard',
    project: 'read_only',
    approver: true,
  },
  { role: 'project manager', email: 'pm@demo.test', password: 'demo-pm', erp: 'read_only', project: 'admin' },
];

async function actor(ctx: WorkflowContext, userId: string): Promise<Actor> {
  const found = await loadActor(ctx.database.db, userId);
  if (!found) throw new Error(`demo user ${userId} vanished`);
  return found;
}

/**
 * The demo of `npm start`: a company connected to the in-process Spectrum simulator and synced from it,
 * with one user per role. Safe to run at every start: what exists is kept, the connection follows the
 * simulator's address, and a sync is requested. The first start also adds sample records, some sent to ERP.
 */
export async function setupDemo(
  ctx: WorkflowContext,
  props: { simulatorUrl: string },
): Promise<{ companyId: string; users: DemoUser[]; syncRunId: string; sampled: boolean }> {
  const op = await demoOperatorActor(ctx);
  const { id: companyId, created: firstRun } = await ensureDemoCompany(ctx, op, {
    name: companyName,
    timeZone: 'America/Chicago',
    erpSystem: 'spectrum',
    settings: { defaultJobTemplate: 'TEMPLATE1', syncSchedule: '15m' },
  });

  const actors = await ensureDemoMembers(ctx, op, companyId);
  const admin = actors.get('ERP admin')!;

  await putErpConnection(ctx, {
    actor: admin,
    companyId,
    connection: {
      system: 'spectrum',
      baseUrl: props.simulatorUrl,
      authorizationId: 'DEMO',
      companyCode: '001',
      standardJob: 'STANDARD',
      phaseMask: '##-###',
      // The demo's projects may leave the taxable flag blank: no Spectrum read gives a template's.
      defaultTaxable: true,
    },
  });
  const { syncRunId } = await requestSync(ctx, { actor: admin, companyId });
  const sampled =
    firstRun && (await seedDemoRecords(ctx, { pm: actors.get('project manager')!, companyId, syncRunId }));
  return {
    companyId,
    users: [demoOperator, ...members.map(({ role, email, password }) => ({ role, email, password }))],
    syncRunId,
    sampled,
  };
}

/** The demo's users as members of the company (each user created once, then given a membership). */
export async function ensureDemoMembers(
  ctx: WorkflowContext,
  op: Actor,
  companyId: string,
): Promise<Map<string, Actor>> {
  const { db } = ctx.database;
  const actors = new Map<string, Actor>();
  for (const m of members) {
    // A user who is a member of the other demo company already has an account (and its password).
    const account = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', normaliseEmail(m.email))
      .executeTakeFirst();
    const existing = await db
      .selectFrom('users')
      .innerJoin('memberships', 'memberships.user_id', 'users.id')
      .select('users.id')
      .where('users.email', '=', normaliseEmail(m.email))
      .where('memberships.company_id', '=', companyId)
      .executeTakeFirst();
    const id =
      existing?.id ??
      (
        await addCompanyUser(ctx, {
          actor: op,
          companyId,
          email: m.email,
          name: `Demo ${m.role}`,
          ...(account === undefined && { password: m.password }),
          erpPermission: m.erp,
          projectPermission: m.project,
        })
      ).id;
    if (!existing && m.approver)
      await updateCompanyUser(ctx, { actor: op, companyId, userId: id, canPushToAccounting: true });
    actors.set(m.role, await actor(ctx, id));
  }
  return actors;
}

/** The demo operator (created, or its password reset to the demo's, at every start). */
export async function demoOperatorActor(ctx: WorkflowContext): Promise<Actor> {
  const { id } = await createOperator(ctx, {
    email: demoOperator.email,
    password: demoOperator.password,
    name: 'Demo operator',
  });
  return actor(ctx, id);
}

/** The demo company of this name, created with its settings at the first start and kept afterwards. */
export async function ensureDemoCompany(
  ctx: WorkflowContext,
  op: Actor,
  company: { name: string; timeZone: string; erpSystem: ErpSystem; settings: Partial<CompanySettings> },
): Promise<{ id: string; created: boolean }> {
  const existing = await ctx.database.db
    .selectFrom('companies')
    .select('id')
    .where('name', '=', company.name)
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const { id } = await createCompany(ctx, {
    actor: op,
    name: company.name,
    timeZone: company.timeZone,
    erpSystem: company.erpSystem,
  });
  await updateCompanySettings(ctx, { actor: op, companyId: id, settings: company.settings });
  return { id, created: true };
}
