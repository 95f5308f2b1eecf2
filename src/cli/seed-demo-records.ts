import { setTimeout as sleep } from 'node:timers/promises';
import type { Actor } from '../domain/actor.ts';
import { parseMoney } from '../domain/money.ts';
import type { WorkflowContext } from '../workflows/context.ts';
import { sendToErp } from '../workflows/queue/send-to-erp.ts';
import { addProjectCostCode } from '../workflows/records/add-project-cost-code.ts';
import { createProject } from '../workflows/records/create-project.ts';
import { createVendor } from '../workflows/records/create-vendor.ts';
import { replaceBudgetLines } from '../workflows/records/replace-budget-lines.ts';
import { setBudgetLock } from '../workflows/records/set-budget-lock.ts';

/** How long the demo waits for its first sync, which brings the standard cost codes the records use. */
const syncDeadlineMs = 60_000;

async function waitForSync(ctx: WorkflowContext, syncRunId: string): Promise<boolean> {
  const deadline = Date.now() + syncDeadlineMs;
  while (Date.now() < deadline) {
    const run = await ctx.database.db
      .selectFrom('sync_runs')
      .select('status')
      .where('id', '=', syncRunId)
      .executeTakeFirstOrThrow();
    if (run.status === 'succeeded') return true;
    if (run.status === 'failed') return false;
    await sleep(200);
  }
  return false;
}

/**
 * A first-run demo's records, so the approver's queue is not empty on the first sign-in: two projects
 * and a vendor sent to ERP by the project manager, and one project still being prepared. Returns false
 * when the first sync did not succeed (the records need its standard cost codes).
 */
export async function seedDemoRecords(
  ctx: WorkflowContext,
  props: { pm: Actor; companyId: string; syncRunId: string },
): Promise<boolean> {
  if (!(await waitForSync(ctx, props.syncRunId))) return false;
  const { pm: actor, companyId } = props;

  const project = async (name: string, number: string, costCodes: [code: string, costTypes: string[]][]) => {
    const { id } = await createProject(ctx, {
      actor,
      companyId,
      fields: { name, number, active: true, priceMethod: 'F', taxable: true },
    });
    for (const [code, costTypes] of costCodes)
      await addProjectCostCode(ctx, { actor, companyId, projectId: id, code, costTypes });
    return id;
  };

  const riverside = await project('Riverside Clinic', 'J1001', [
    ['01-100', ['L', 'M']],
    ['03-300', ['L', 'M']],
  ]);
  await sendToErp(ctx, { actor, ref: { kind: 'project', companyId, projectId: riverside } });
  const harbor = await project('Harbor Point Offices', 'J1002', [
    ['02-200', ['L', 'E']],
    ['05-100', ['M', 'S']],
  ]);
  await sendToErp(ctx, { actor, ref: { kind: 'project', companyId, projectId: harbor } });
  const maple = await project('Maple Street Lofts', 'J1003', [['06-100', ['L', 'M']]]);
  const budget = await replaceBudgetLines(ctx, {
    actor,
    companyId,
    projectId: maple,
    version: 1,
    lines: [
      { costCode: '06-100', costType: 'L', amount: parseMoney('48250.00') },
      { costCode: '06-100', costType: 'M', amount: parseMoney('61780.50') },
    ],
  });
  await setBudgetLock(ctx, { actor, companyId, projectId: maple, version: budget.version, locked: true });

  const vendor = await createVendor(ctx, {
    actor,
    companyId,
    fields: { name: 'Summit Drywall', active: true, email: 'ap@summitdrywall.example' },
  });
  await sendToErp(ctx, { actor, ref: { kind: 'vendor', companyId, vendorId: vendor.id } });
  return true;
}
