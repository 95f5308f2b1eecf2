/** A cost code × cost type pair as a record uses it, with the path of the line that uses it. */
export interface Pair {
  costCode: string;
  costType: string;
  path: string;
}

/**
 * What the ordering rules (PRODUCT.md §3) need to know about a record and what it depends on. The
 * workflow gathers these facts from the database; the rules themselves stay pure and are called again
 * at accept.
 */
export type SendFacts =
  | { kind: 'project'; active: boolean }
  | { kind: 'cost_codes'; projectSynced: boolean; newAssignments: number }
  | { kind: 'budget'; projectSynced: boolean; locked: boolean; unsyncedPairs: Pair[]; lineCount: number }
  | { kind: 'vendor'; active: boolean }
  | {
      kind: 'commitment';
      projectSynced: boolean;
      vendorSynced: boolean;
      vendorName: string;
      status: string;
      lineCount: number;
      unsyncedPairs: Pair[];
    }
  | {
      kind: 'change_order';
      commitmentSynced: boolean;
      commitmentNumber: string;
      status: string;
      lineCount: number;
      unsyncedPairs: Pair[];
    };

export interface UnmetRule {
  path: string;
  message: string;
}

function pairsNotInErp(pairs: Pair[], erpName: string): UnmetRule[] {
  return pairs.map((p) => ({
    path: p.path,
    message: `Cost code ${p.costCode} × ${p.costType} is not yet in ${erpName}: send the project's cost codes for update first`,
  }));
}

/** Every unmet rule for sending (or accepting) the record; empty when it may go to the ERP. */
export function unmetSendRules(facts: SendFacts, erpName: string): UnmetRule[] {
  const unmet: UnmetRule[] = [];
  const projectNotSynced = {
    path: 'project',
    message: `The project is not yet in ${erpName}: send the project and have it accepted first`,
  };
  switch (facts.kind) {
    case 'project':
      if (!facts.active)
        unmet.push({ path: 'active', message: 'Only active projects can be sent to the ERP' });
      break;
    case 'cost_codes':
      if (!facts.projectSynced) {
        unmet.push({
          path: 'project',
          message: `The project is not yet in ${erpName}: its cost codes go with the project itself`,
        });
      } else if (facts.newAssignments === 0) {
        unmet.push({
          path: 'costCodes',
          message: `Every cost code of the project is already in ${erpName} or on its way`,
        });
      }
      break;
    case 'budget':
      if (!facts.projectSynced) unmet.push(projectNotSynced);
      if (!facts.locked) unmet.push({ path: 'locked', message: 'Lock the budget before sending it' });
      if (facts.lineCount === 0) unmet.push({ path: 'lines', message: 'The budget has no lines' });
      unmet.push(...pairsNotInErp(facts.unsyncedPairs, erpName));
      break;
    case 'vendor':
      if (!facts.active)
        unmet.push({ path: 'active', message: 'Only active vendors can be sent to the ERP' });
      break;
    case 'commitment':
      if (!facts.projectSynced) unmet.push(projectNotSynced);
      if (!facts.vendorSynced) {
        unmet.push({
          path: 'vendorId',
          message: `Vendor ${facts.vendorName} is not yet in ${erpName}: send the vendor first`,
        });
      }
      if (facts.status !== 'approved')
        unmet.push({ path: 'status', message: 'Only approved commitments can be sent' });
      if (facts.lineCount === 0) unmet.push({ path: 'lines', message: 'The commitment has no lines' });
      unmet.push(...pairsNotInErp(facts.unsyncedPairs, erpName));
      break;
    case 'change_order':
      if (!facts.commitmentSynced) {
        unmet.push({
          path: 'commitment',
          message: `Commitment ${facts.commitmentNumber} is not yet in ${erpName}: send the commitment first`,
        });
      }
      if (facts.status !== 'approved')
        unmet.push({ path: 'status', message: 'Only approved change orders can be sent' });
      if (facts.lineCount === 0) unmet.push({ path: 'lines', message: 'The change order has no lines' });
      unmet.push(...pairsNotInErp(facts.unsyncedPairs, erpName));
      break;
  }
  return unmet;
}

export const erpDisplayName = (system: 'spectrum' | 'sage300'): string =>
  system === 'spectrum' ? 'Spectrum' : 'Sage 300';
