import { requestEventData } from '../../src/domain/company-events.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { createWebhook } from '../../src/workflows/notify/webhooks.ts';
import { sendToErp } from '../../src/workflows/queue/send-to-erp.ts';
import { loadActor } from '../../src/workflows/shared/actors.ts';
import { recordCompanyEvent } from '../../src/workflows/shared/company-events.ts';
import { makeErpMirror } from './erp-mirror.ts';
import { makeCompany, makeMember, makeOperator, type TestUser } from './factories.ts';
import { makeChangeOrder, makeCommitment, makeProject, makeStandardLists, makeVendor } from './records.ts';

/** Every kind of caller the permission matrix distinguishes (DEVELOPERS.md, issue 2). */
export const roles = [
  'anonymous',
  'operator',
  'erpAdmin',
  'approver',
  'erpStandard',
  'readOnly',
  'none',
  'projectAdmin',
  'otherCompany',
] as const;
export type Role = (typeof roles)[number];

export interface RoleWorld {
  companyId: string;
  otherCompanyId: string;
  operator: TestUser;
  users: Record<Exclude<Role, 'anonymous'>, TestUser>;
  /** One record of each kind in the company, so that every route has something to act on. */
  records: {
    projectId: string;
    vendorId: string;
    commitmentId: string;
    changeOrderId: string;
    requestId: string;
    /** A job and a vendor only in the ERP, and a sync run. */
    erpJobNumber: string;
    erpVendorCode: string;
    syncRunId: string;
    /** A webhook of the company with one (pending) delivery. */
    webhookId: string;
    deliveryId: string;
  };
}

/** A company with one user per role, and a second company whose admin must never see the first. */
export async function makeRoleWorld(ctx: WorkflowContext): Promise<RoleWorld> {
  const operator = await makeOperator(ctx);
  const company = await makeCompany(ctx, operator);
  const other = await makeCompany(ctx, operator);
  const member = (options: Parameters<typeof makeMember>[3]) =>
    makeMember(ctx, operator, company.id, options);
  const projectAdmin = await member({ erp: 'none', project: 'admin' });
  await makeStandardLists(ctx, company.id);
  const project = await makeProject(ctx, projectAdmin, company.id);
  const vendor = await makeVendor(ctx, projectAdmin, company.id);
  const commitment = await makeCommitment(ctx, projectAdmin, company.id, project.id, vendor.id);
  const changeOrder = await makeChangeOrder(ctx, projectAdmin, company.id, project.id, commitment.id);
  // Sent as a project admin sends it, so accepting it (the fuzz test does) starts a real export.
  const { requestId } = await sendToErp(ctx, {
    actor: (await loadActor(ctx.database.db, projectAdmin.id))!,
    ref: { kind: 'vendor', companyId: company.id, vendorId: vendor.id },
  });
  const mirror = await makeErpMirror(ctx, company.id);
  const hook = await makeWebhookWithDelivery(ctx, operator, company.id, requestId);
  return {
    companyId: company.id,
    otherCompanyId: other.id,
    operator,
    users: {
      operator,
      erpAdmin: await member({ erp: 'admin', project: 'none' }),
      approver: await member({ erp: 'standard', project: 'none', canPushToAccounting: true }),
      erpStandard: await member({ erp: 'standard', project: 'standard' }),
      readOnly: await member({ erp: 'read_only', project: 'read_only' }),
      none: await member({ erp: 'none', project: 'none' }),
      projectAdmin,
      otherCompany: await makeMember(ctx, operator, other.id, {
        erp: 'admin',
        project: 'admin',
        canPushToAccounting: true,
      }),
    },
    records: {
      projectId: project.id,
      vendorId: vendor.id,
      commitmentId: commitment.id,
      changeOrderId: changeOrder.id,
      requestId,
      erpJobNumber: mirror.jobNumber,
      erpVendorCode: mirror.vendorCode,
      syncRunId: mirror.syncRunId,
      ...hook,
    },
  };
}

/** A webhook (to a closed port: no worker runs here) and the delivery of one recorded event. */
async function makeWebhookWithDelivery(
  ctx: WorkflowContext,
  operator: TestUser,
  companyId: string,
  requestId: string,
): Promise<{ webhookId: string; deliveryId: string }> {
  const actor = (await loadActor(ctx.database.db, operator.id))!;
  const webhook = await createWebhook(ctx, {
    actor,
    companyId,
    url: 'http://127.0.0.1:9/hooks',
    events: ['request.sent'],
  });
  await ctx.database.db.transaction().execute((trx) =>
    recordCompanyEvent(trx, ctx, {
      companyId,
      type: 'request.sent',
      data: requestEventData(
        { id: requestId, kind: 'vendor', subject_id: requestId, subject_label: 'Vendor' },
        'ready_to_export',
      ),
      at: new Date(),
    }),
  );
  const delivery = await ctx.database.db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('webhook_id', '=', webhook.id)
    .executeTakeFirstOrThrow();
  return { webhookId: webhook.id, deliveryId: delivery.id };
}
