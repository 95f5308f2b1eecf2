import { newId } from '../../src/db/ids.ts';
import { toJson } from '../../src/db/json.ts';
import type { Actor } from '../../src/domain/actor.ts';
import type { ErpRequestKind, ErpRequestStatus } from '../../src/domain/lifecycle.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import type { ChangeOrderFields } from '../../src/workflows/records/change-order-fields.ts';
import type { CommitmentFields } from '../../src/workflows/records/commitment-fields.ts';
import { createChangeOrder } from '../../src/workflows/records/create-change-order.ts';
import { createCommitment } from '../../src/workflows/records/create-commitment.ts';
import { createProject } from '../../src/workflows/records/create-project.ts';
import { createVendor } from '../../src/workflows/records/create-vendor.ts';
import type { ProjectFields } from '../../src/workflows/records/project-fields.ts';
import type { VendorFields } from '../../src/workflows/records/vendor-fields.ts';
import { loadActor } from '../../src/workflows/shared/actors.ts';
import { type TestUser, unique } from './factories.ts';

/** Factories for project-side records, through the real workflows where they exist. */

async function actorOf(ctx: WorkflowContext, user: TestUser): Promise<Actor> {
  const actor = await loadActor(ctx.database.db, user.id);
  if (!actor) throw new Error(`no user ${user.id}`);
  return actor;
}

export async function makeProject(
  ctx: WorkflowContext,
  user: TestUser,
  companyId: string,
  fields: Partial<ProjectFields> = {},
) {
  return createProject(ctx, {
    actor: await actorOf(ctx, user),
    companyId,
    fields: { name: unique('Project'), active: true, ...fields },
  });
}

/** The company's standard cost codes and cost types, as an ERP admin would keep them before any sync. */
export async function makeStandardLists(
  ctx: WorkflowContext,
  companyId: string,
  codes: string[] = ['01-100', '03-300'],
  types: string[] = ['L', 'M', 'S'],
): Promise<void> {
  const at = new Date().toISOString();
  if (codes.length) {
    await ctx.database.db
      .insertInto('standard_cost_codes')
      .values(
        codes.map((code) => ({
          company_id: companyId,
          code,
          description: `Code ${code}`,
          source: 'manual' as const,
          updated_at: at,
        })),
      )
      .execute();
  }
  if (types.length) {
    await ctx.database.db
      .insertInto('cost_types')
      .values(
        types.map((code) => ({
          company_id: companyId,
          code,
          description: `Type ${code}`,
          kind: 'other',
          source: 'manual' as const,
          updated_at: at,
        })),
      )
      .execute();
  }
}

export async function makeVendor(
  ctx: WorkflowContext,
  user: TestUser,
  companyId: string,
  fields: Partial<VendorFields> = {},
) {
  return createVendor(ctx, {
    actor: await actorOf(ctx, user),
    companyId,
    fields: { name: unique('Vendor'), active: true, ...fields },
  });
}

/** A commitment with one line on 01-100 × L (make the standard lists first). Amounts in minor units. */
export async function makeCommitment(
  ctx: WorkflowContext,
  user: TestUser,
  companyId: string,
  projectId: string,
  vendorId: string,
  fields: Partial<CommitmentFields> = {},
) {
  return createCommitment(ctx, {
    actor: await actorOf(ctx, user),
    companyId,
    projectId,
    fields: {
      type: 'subcontract',
      number: unique('SC').slice(0, 30),
      title: 'Concrete',
      vendorId,
      status: 'draft',
      lines: [{ costCode: '01-100', costType: 'L', amount: 100_000 }],
      ...fields,
    },
  });
}

export async function makeChangeOrder(
  ctx: WorkflowContext,
  user: TestUser,
  companyId: string,
  projectId: string,
  commitmentId: string,
  fields: Partial<ChangeOrderFields> = {},
) {
  return createChangeOrder(ctx, {
    actor: await actorOf(ctx, user),
    companyId,
    projectId,
    commitmentId,
    fields: {
      number: unique('CO').slice(0, 30),
      title: 'Extra work',
      status: 'draft',
      lines: [{ costCode: '01-100', costType: 'L', amount: 5_000 }],
      ...fields,
    },
  });
}

/** Simulates *Send to ERP*: an ERP request for the record, by default still waiting for an approver. */
export async function makeErpRequest(
  ctx: WorkflowContext,
  props: {
    companyId: string;
    kind: ErpRequestKind;
    subjectId: string;
    senderId: string;
    status?: ErpRequestStatus;
    subjectLabel?: string;
  },
): Promise<string> {
  const id = newId();
  const at = new Date().toISOString();
  await ctx.database.db
    .insertInto('erp_requests')
    .values({
      id,
      company_id: props.companyId,
      kind: props.kind,
      subject_id: props.subjectId,
      subject_label: props.subjectLabel ?? `${props.kind} ${props.subjectId}`,
      status: props.status ?? 'ready_to_export',
      version: 1,
      sender_id: props.senderId,
      sent_at: at,
      snapshot: toJson({}),
      requested_updates: null,
      preflight: toJson({ ok: true, problems: [] }),
      accept_options: null,
      result: null,
      error: null,
      attempts: 0,
      updated_at: at,
    })
    .execute();
  return id;
}

/** Simulates a finished export: the record is synced with the ERP (the ERP ids and code are optional). */
export async function markSynced(
  ctx: WorkflowContext,
  table: 'vendors' | 'commitments' | 'change_orders',
  id: string,
  erp: { vendorCode?: string; ids?: Record<string, string> } = {},
): Promise<void> {
  const { db } = ctx.database;
  if (table === 'vendors') {
    await db
      .updateTable('vendors')
      .set({ synced_snapshot: toJson({ id }), erp_vendor_code: erp.vendorCode ?? null })
      .where('id', '=', id)
      .execute();
  } else {
    await db
      .updateTable(table)
      .set({ synced_snapshot: toJson({ id }), erp_ids: erp.ids ? toJson(erp.ids) : null })
      .where('id', '=', id)
      .execute();
  }
}
