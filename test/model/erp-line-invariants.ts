import type { SpectrumSimState } from '../../src/erp/spectrum/simulator/index.ts';
import {
  expectedChangeRequestLines,
  expectedSubcontractLines,
  parseCents,
  subcontractLineKey,
} from './model-lines.ts';
import { type Model, noteSeen, recordsOf } from './model-state.ts';

/**
 * What Spectrum must hold after the workers settled (issue 13 finding 9): for every synced commitment,
 * the subcontract lines of its vendor and number are exactly its lines — each at its amount, every other
 * line (one an earlier, half-failed export stored under a key the record no longer has) at zero, so that
 * they add up to its total; the same for a synced change order's change request lines. Answers one
 * line per violation.
 */
export function erpLineViolations(model: Model, state: SpectrumSimState): string[] {
  const problems: string[] = [];
  for (const commitment of recordsOf(model, 'commitment').filter((k) => k.synced)) {
    const vendorCode = model.records[commitment.vendorIndex!]!.erpCode!;
    const held = state.subcontractPhases
      .filter((line) => line.Vendor_Code === vendorCode && line.Subcontract_Number === commitment.number)
      .map((line) => ({
        key: subcontractLineKey(line.Phase_Code, line.Cost_Type, line.Bid_Item_Number),
        amounts: [parseCents(line.Original_Contract_Amount)],
      }));
    const expected = expectedSubcontractLines(commitment.lines!);
    noteZeroed(model, 'commitment', expected, held);
    const where = `commitment ${commitment.index}'s subcontract ${vendorCode}/${commitment.number}`;
    problems.push(...differences(where, expected, held));
  }
  for (const order of recordsOf(model, 'change_order').filter((o) => o.synced)) {
    const commitment = model.records[order.commitmentIndex!]!;
    const vendorCode = model.records[commitment.vendorIndex!]!.erpCode!;
    const jobNumber = model.records[order.projectIndex!]!.erpCode!;
    const held = state.changeRequestLines
      .filter((line) => line.Job_Number === jobNumber && line.Change_Request_Number === order.erpCode)
      .map((line) => {
        const ofItsSubcontract =
          line.Subcontractor_Code === vendorCode && line.Subcontract_Number === commitment.number;
        const key = subcontractLineKey(line.CR_Phase_Code, line.CR_Cost_Type, line.Sub_Bid_Item_Code);
        return {
          key: ofItsSubcontract
            ? key
            : `${key} of subcontract ${line.Subcontractor_Code}/${line.Subcontract_Number}`,
          amounts: [parseCents(line.Change_Request_Amount), parseCents(line.Sub_Amount)],
        };
      });
    const expected = expectedChangeRequestLines(order.lines!, commitment.lines!);
    noteZeroed(model, 'change order', expected, held);
    const where = `change order ${order.index}'s change request ${jobNumber}/${order.erpCode}`;
    problems.push(...differences(where, expected, held));
  }
  return problems;
}

interface HeldLine {
  key: string;
  amounts: number[];
}

/** Counts a record that met lines of an earlier export it no longer has: what finding 9 is about. */
function noteZeroed(model: Model, kind: string, expected: Map<string, number>, held: HeldLine[]): void {
  if (held.some((line) => !expected.has(line.key)))
    noteSeen(model, `${kind} synced over lines it no longer has`);
}

/** Each expected key held once at its amount (every amount of it), every other key held at zero. */
function differences(where: string, expected: Map<string, number>, held: HeldLine[]): string[] {
  const problems: string[] = [];
  const cents = (n: number) => (n / 100).toFixed(2);
  for (const [key, amount] of expected) {
    const found = held.filter((line) => line.key === key);
    if (found.length !== 1)
      problems.push(`${where}: line ${key} of ${cents(amount)} is there ${found.length} times in Spectrum`);
    for (const other of new Set(found[0]?.amounts.filter((a) => a !== amount)))
      problems.push(`${where}: line ${key} is ${cents(other)} in Spectrum, ${cents(amount)} on our side`);
  }
  for (const line of held.filter((l) => !expected.has(l.key)))
    for (const amount of new Set(line.amounts.filter((a) => a !== 0)))
      problems.push(`${where}: line ${line.key}, no longer ours, is ${cents(amount)} in Spectrum, not 0`);
  const total = (amounts: number[]) => amounts.reduce((sum, a) => sum + a, 0);
  const heldTotal = total(held.map((line) => line.amounts[0]!));
  const ourTotal = total([...expected.values()]);
  if (problems.length && heldTotal !== ourTotal)
    problems.push(
      `${where}: its lines add up to ${cents(heldTotal)} in Spectrum, ${cents(ourTotal)} on our side`,
    );
  return problems;
}
