import type { SimWrite } from '../../src/erp/spectrum/simulator/index.ts';
import {
  type ErpKey,
  jobKey,
  type Model,
  type ModelRecord,
  subcontractKey,
  vendorKey,
} from './model-state.ts';

/** The first word of a title: what stays of a commitment's or change order's label across edits. */
const labelOf = (title: string | undefined) => title?.split(' ')[0] ?? '';

/**
 * What the simulator's write log must show after a run (issue 13): every job, vendor, subcontract and
 * change request written is one the model allowed (an accepted request of that record was given that
 * key), no key was written for two of our records, and nothing was written over a record made in
 * Spectrum without us. Answers one line per violation.
 */
export function writeLogViolations(model: Model, writes: readonly SimWrite[]): string[] {
  const problems: string[] = [];
  const byLabel = new Map(model.records.map((r) => [`${r.kind}:${r.label}`, r]));
  const find = (kind: ModelRecord['kind'], label: string) => byLabel.get(`${kind}:${label}`);
  const foreign = new Set([...model.mirror, ...model.behindOurBack]);
  /** Which of our records wrote each key first; a second record writing it is a violation. */
  const owners = new Map<ErpKey, ModelRecord>();
  const own = (key: ErpKey, record: ModelRecord, write: SimWrite) => {
    const owner = owners.get(key);
    if (owner && owner !== record)
      problems.push(
        `#${write.seq} ${write.service} wrote ${key} for record ${record.index}, already record ${owner.index}'s`,
      );
    else owners.set(key, record);
  };
  const allowed = (record: ModelRecord | undefined, key: ErpKey, write: SimWrite, what: string) => {
    if (!record) {
      problems.push(
        `#${write.seq} ${write.service} wrote ${what} for none of our records: ${JSON.stringify(write.fields)}`,
      );
      return false;
    }
    if (!record.keysGiven.has(key))
      problems.push(
        `#${write.seq} ${write.service} wrote ${key} for record ${record.index}, which was never given it`,
      );
    if (foreign.has(key))
      problems.push(`#${write.seq} ${write.service} wrote over ${key}, made in Spectrum without us`);
    return true;
  };

  for (const write of writes) {
    const f = write.fields;
    switch (write.service) {
      case 'AddJob': {
        const key = jobKey(f.Job_Number!);
        const project = find('project', f.Job_Description ?? '');
        if (allowed(project, key, write, `job ${f.Job_Number}`)) own(key, project!, write);
        break;
      }
      case 'AddPhase':
        if (!owners.has(jobKey(f.Job_Number!)))
          problems.push(
            `#${write.seq} AddPhase wrote a phase of job ${f.Job_Number}, which no export of ours created`,
          );
        break;
      case 'AddVendor': {
        const key = vendorKey(f.Vendor_Code!);
        const vendor = find('vendor', f.Vendor_Email ?? '');
        if (allowed(vendor, key, write, `vendor ${f.Vendor_Code}`)) own(key, vendor!, write);
        break;
      }
      case 'UpdateVendor': {
        const key = vendorKey(f.Vendor_Code!);
        if (foreign.has(key))
          problems.push(`#${write.seq} UpdateVendor wrote over ${key}, made in Spectrum without us`);
        else if (!owners.has(key))
          problems.push(
            `#${write.seq} UpdateVendor wrote vendor ${f.Vendor_Code}, which no export of ours created`,
          );
        break;
      }
      case 'UpdateSubcontract': {
        const key = subcontractKey(f.Vendor_Code!, f.Subcontract_Number!);
        const commitment = find('commitment', labelOf(f.Comment));
        if (!allowed(commitment, key, write, `subcontract ${key}`)) break;
        own(key, commitment!, write);
        const project = model.records[commitment!.projectIndex!]!;
        if (!owners.has(vendorKey(f.Vendor_Code!)))
          problems.push(
            `#${write.seq} UpdateSubcontract wrote under vendor ${f.Vendor_Code}, which no export of ours created`,
          );
        if (owners.get(jobKey(f.Job_Number!)) !== project)
          problems.push(
            `#${write.seq} UpdateSubcontract put ${key} on job ${f.Job_Number}, not its project's job`,
          );
        break;
      }
      case 'UpdateSubcontractPhases': {
        const key = subcontractKey(f.Vendor_Code!, f.Subcontract_Number!);
        if (!owners.has(key))
          problems.push(
            `#${write.seq} UpdateSubcontractPhases wrote a line of ${key}, which no export of ours created`,
          );
        break;
      }
      case 'ARChangeRequest': {
        const key: ErpKey = `change-request:${f.Job_Number}/${f.Change_Request_Number}`;
        const order = find('change_order', labelOf(f.Sub_Description));
        if (!order?.everAccepted) {
          problems.push(
            `#${write.seq} ARChangeRequest wrote ${key} for no accepted change order: ${JSON.stringify(f)}`,
          );
          break;
        }
        own(key, order, write);
        const commitment = model.records[order.commitmentIndex!]!;
        const project = model.records[commitment.projectIndex!]!;
        if (owners.get(jobKey(f.Job_Number!)) !== project)
          problems.push(
            `#${write.seq} ARChangeRequest put ${key} on job ${f.Job_Number}, not its project's job`,
          );
        if (f.Subcontract_Number !== commitment.number)
          problems.push(
            `#${write.seq} ARChangeRequest changed subcontract ${f.Subcontract_Number}, not ${commitment.number}`,
          );
        break;
      }
    }
  }
  return problems;
}
