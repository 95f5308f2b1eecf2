import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { invalidState } from '../../../domain/errors.ts';
import { formatMoney, sumMoney } from '../../../domain/money.ts';
import { loadLines } from '../commitments/lines.ts';
import { loadChangeOrderRow } from '../commitments/rows.ts';
import { loadProjectRow } from '../projects.ts';
import { commitmentRows, snapshotLines, writeLines } from './commitment.ts';
import type { SendSubject, SubjectRef } from './index.ts';
import { unsyncedPairs } from './unsynced-pairs.ts';

/** A change order not yet in the ERP, to its commitment there; from then on the ERP owns it. */
export async function changeOrderSubject(
  db: Kysely<DB>,
  ref: Extract<SubjectRef, { kind: 'change_order' }>,
): Promise<SendSubject> {
  const project = await loadProjectRow(db, ref.companyId, ref.projectId);
  const { commitment, vendor } = await commitmentRows(db, ref);
  const order = await loadChangeOrderRow(db, ref.companyId, commitment.id, ref.changeOrderId);
  if (order.synced_snapshot !== null)
    throw invalidState('The change order is in the ERP, which owns it from now on');
  const lines = await loadLines(db, 'change_order_lines', order.id);
  // The commitment line each line changes (the first on its cost code × type), by its item: the ERP keys
  // a change order line by the subcontract line it changes.
  const items = new Map<string, number>();
  for (const line of (await loadLines(db, 'commitment_lines', commitment.id)).toReversed())
    items.set(`${line.costCode}\u0000${line.costType}`, line.item);
  return {
    kind: 'change_order',
    subjectId: order.id,
    label: `${commitment.number} / ${order.number} ${order.title}`,
    update: false,
    snapshot: {
      id: order.id,
      projectId: project.id,
      jobNumber: project.erp_job_number ?? project.number,
      commitment: {
        id: commitment.id,
        number: commitment.number,
        vendorCode: vendor.erp_vendor_code ?? vendor.vendor_code,
      },
      number: order.number,
      title: order.title,
      description: order.description,
      status: order.status,
      lines: snapshotLines(lines).map((l) => ({
        ...l,
        commitmentItem: items.get(`${l.costCode}\u0000${l.costType}`) ?? null,
      })),
      total: formatMoney(sumMoney(lines.map((l) => l.amount))),
    },
    requestedUpdates: null,
    facts: {
      kind: 'change_order',
      commitmentSynced: commitment.synced_snapshot !== null,
      commitmentNumber: commitment.number,
      status: order.status,
      lineCount: lines.length,
      unsyncedPairs: await unsyncedPairs(db, project.id, lines),
    },
    preflightView: {
      number: order.number,
      title: order.title,
      description: order.description,
      lines: writeLines(lines),
    },
    preflightRules: (d) => d.fields.change_order,
    assignments: [],
  };
}
