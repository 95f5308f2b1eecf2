import { expectAnswer, Mismatch } from './api-answers.ts';
import { type ModelCommand, maxPerKind, nameOf, pick, shown, wrongVersion } from './command-helpers.ts';
import { costPairs, firstLines, linesBody, linesOfAnswer } from './model-lines.ts';
import {
  applySent,
  isExporting,
  type Model,
  type ModelRecord,
  type ModelRequest,
  pools,
  predictEdit,
  predictSend,
  type RecordKind,
  recordsOf,
} from './model-state.ts';
import type { ModelRun } from './model-world.ts';

/** The project admin's commands: records made, edited and sent to the ERP. */
export class CreateProject implements ModelCommand {
  constructor(readonly numberPick: number) {}
  check = (m: Readonly<Model>) => recordsOf(m as Model, 'project').length < maxPerKind;
  async run(m: Model, r: ModelRun) {
    const index = m.records.length;
    const number = pick(pools.jobNumbers, this.numberPick)!;
    const label = `Model P${index}`;
    const created = await r.pm.post(`${r.c}/projects`, { name: label, number, active: true });
    expectAnswer('create project', created, 201);
    const path = `${r.c}/projects/${created.body.id}`;
    // Its cost codes go to the ERP with the job: the cost codes × types commitment lines move between.
    for (const code of new Set(costPairs.map((pair) => pair.costCode))) {
      const costTypes = costPairs.filter((pair) => pair.costCode === code).map((pair) => pair.costType);
      expectAnswer('add cost code', await r.pm.post(`${path}/cost-codes`, { code, costTypes }), 201);
    }
    const { body } = await r.pm.get(path);
    m.records.push({ ...newRecord(index, 'project', body.id, path, body.version, label), number });
  }
  toString = () => `CreateProject(${pick(pools.jobNumbers, this.numberPick)})`;
}

export class CreateVendor implements ModelCommand {
  constructor(readonly namePick: number) {}
  check = (m: Readonly<Model>) => recordsOf(m as Model, 'vendor').length < maxPerKind;
  async run(m: Model, r: ModelRun) {
    const index = m.records.length;
    const name = pick(pools.vendorNames, this.namePick)!;
    // The email is unique to the vendor: it tells its writes in the ERP from its namesakes'.
    const label = `v${index}@model.test`;
    const created = await r.pm.post(`${r.c}/vendors`, { name, active: true, email: label });
    expectAnswer('create vendor', created, 201);
    const path = `${r.c}/vendors/${created.body.id}`;
    m.records.push({
      ...newRecord(index, 'vendor', created.body.id, path, created.body.version, label),
      name,
    });
  }
  toString = () => `CreateVendor(${pick(pools.vendorNames, this.namePick)})`;
}

export class CreateCommitment implements ModelCommand {
  did = '';
  constructor(
    readonly projectPick: number,
    readonly vendorPick: number,
    readonly numberPick: number,
    /** A line on the phantom pair among its first lines (model-lines.ts): its exports fail half-way. */
    readonly phantomLine = false,
  ) {}
  check = (m: Readonly<Model>) =>
    recordsOf(m as Model, 'commitment').length < maxPerKind &&
    recordsOf(m as Model, 'project').length > 0 &&
    recordsOf(m as Model, 'vendor').length > 0;
  async run(m: Model, r: ModelRun) {
    const project = pick(recordsOf(m, 'project'), this.projectPick)!;
    const vendor = pick(recordsOf(m, 'vendor'), this.vendorPick)!;
    const number = pick(pools.commitmentNumbers, this.numberPick)!;
    this.did = `${nameOf(project)}, ${nameOf(vendor)}`;
    const index = m.records.length;
    const created = await r.pm.post(`${project.path}/commitments`, {
      type: 'subcontract',
      number,
      title: `K${index} first`,
      vendorId: vendor.id,
      status: 'approved',
      lines: linesBody(firstLines('commitment', this.phantomLine)),
    });
    const taken = recordsOf(m, 'commitment').some(
      (k) => k.projectIndex === project.index && k.number === number,
    );
    if (taken) return expectAnswer('create commitment with a used number', created, 409, 'invalid_state');
    expectAnswer('create commitment', created, 201);
    const path = `${project.path}/commitments/${created.body.id}`;
    m.records.push({
      ...newRecord(index, 'commitment', created.body.id, path, created.body.version, `K${index}`),
      number,
      projectIndex: project.index,
      vendorIndex: vendor.index,
      lines: linesOfAnswer(created.body.lines),
      itemsUsed: new Set(created.body.lines.map((l: { item: number }) => l.item)),
    });
  }
  toString = () =>
    shown(
      `CreateCommitment(project ${this.projectPick}, vendor ${this.vendorPick}, ${pick(pools.commitmentNumbers, this.numberPick)}${this.phantomLine ? ', phantom line' : ''})`,
      this.did,
    );
}

export class CreateChangeOrder implements ModelCommand {
  did = '';
  constructor(
    readonly commitmentPick: number,
    readonly numberPick: number,
    /** A line on the phantom pair among its first lines (model-lines.ts): its exports fail half-way. */
    readonly phantomLine = false,
  ) {}
  check = (m: Readonly<Model>) =>
    recordsOf(m as Model, 'change_order').length < maxPerKind &&
    recordsOf(m as Model, 'commitment').length > 0;
  async run(m: Model, r: ModelRun) {
    const commitment = pick(recordsOf(m, 'commitment'), this.commitmentPick)!;
    const number = pick(pools.changeOrderNumbers, this.numberPick)!;
    this.did = nameOf(commitment);
    const index = m.records.length;
    const created = await r.pm.post(`${commitment.path}/change-orders`, {
      number,
      title: `X${index} first`,
      status: 'approved',
      lines: linesBody(firstLines('change_order', this.phantomLine)),
    });
    const taken = recordsOf(m, 'change_order').some(
      (o) => o.commitmentIndex === commitment.index && o.number === number,
    );
    if (taken) return expectAnswer('create change order with a used number', created, 409, 'invalid_state');
    expectAnswer('create change order', created, 201);
    const path = `${commitment.path}/change-orders/${created.body.id}`;
    m.records.push({
      ...newRecord(index, 'change_order', created.body.id, path, created.body.version, `X${index}`),
      number,
      commitmentIndex: commitment.index,
      projectIndex: commitment.projectIndex,
      lines: linesOfAnswer(created.body.lines),
    });
  }
  toString = () =>
    shown(
      `CreateChangeOrder(commitment ${this.commitmentPick}, ${pick(pools.changeOrderNumbers, this.numberPick)}${this.phantomLine ? ', phantom line' : ''})`,
      this.did,
    );
}

function newRecord(
  index: number,
  kind: RecordKind,
  id: string,
  path: string,
  version: number,
  label: string,
): ModelRecord {
  return { index, kind, id, path, version, label, synced: false, keysGiven: new Set(), everAccepted: false };
}

/** What a record depends on for its send: while one of them is exporting, the answer is not known. */
export const dependencies = (m: Model, record: ModelRecord): (ModelRecord | undefined)[] => [
  record,
  record.projectIndex === undefined ? undefined : m.records[record.projectIndex],
  record.vendorIndex === undefined ? undefined : m.records[record.vendorIndex],
  record.commitmentIndex === undefined ? undefined : m.records[record.commitmentIndex],
];

export class Send implements ModelCommand {
  did = '';
  constructor(readonly recordPick: number) {}
  #record = (m: Model) => pick(m.records, this.recordPick);
  check = (m: Readonly<Model>) => {
    const record = this.#record(m as Model);
    return record !== undefined && !dependencies(m as Model, record).some((d) => isExporting(m as Model, d));
  };
  async run(m: Model, r: ModelRun) {
    const record = this.#record(m)!;
    this.did = nameOf(record);
    await sendRecord(m, r, record);
  }
  toString = () => shown(`Send(record ${this.recordPick})`, this.did);
}

/** Sends the record, holding the answer to the model's prediction; answers its new request, if any. */
export async function sendRecord(
  m: Model,
  r: ModelRun,
  record: ModelRecord,
): Promise<ModelRequest | undefined> {
  const predicted = predictSend(m, record);
  const sent = await r.pm.post(`${record.path}/send-to-erp`);
  const what = `send ${record.kind} ${record.index}`;
  if (predicted.status !== 201) {
    expectAnswer(what, sent, predicted.status, predicted.code);
    return undefined;
  }
  expectAnswer(what, sent, 201);
  if (sent.body.status !== predicted.requestStatus)
    throw new Mismatch(
      `${what}: the model expects ${predicted.requestStatus}, the API answered ${sent.body.status}`,
    );
  applySent(m, record, sent.body.requestId, sent.body.status);
  return m.requests[record.openRequest!];
}

export class Edit implements ModelCommand {
  did = '';
  constructor(
    readonly recordPick: number,
    readonly variant: number,
    readonly stale: boolean,
  ) {}
  #record = (m: Model) => pick(m.records, this.recordPick);
  // A vendor whose export is under way may be synced by now, and a synced vendor's name may change.
  check = (m: Readonly<Model>) => {
    const record = this.#record(m as Model);
    return record !== undefined && !(record.kind === 'vendor' && isExporting(m as Model, record));
  };
  async run(m: Model, r: ModelRun) {
    const record = this.#record(m)!;
    this.did = nameOf(record);
    const version = this.stale ? wrongVersion(record.version) : record.version;
    const change: Record<string, string> =
      record.kind === 'project'
        ? { number: pick(pools.jobNumbers, this.variant)! }
        : record.kind === 'vendor'
          ? { name: pick(pools.vendorNames, this.variant)! }
          : { title: `${record.label} v${this.variant}` };
    const predicted = predictEdit(record, version);
    const edited = await r.pm.patch(record.path, { version, ...change });
    const what = `edit ${record.kind} ${record.index}`;
    if (predicted.status !== 200) return expectAnswer(what, edited, predicted.status, predicted.code);
    expectAnswer(what, edited, 200);
    record.version++;
    if (change.number) record.number = change.number;
    if (change.name) record.name = change.name;
  }
  toString = () =>
    shown(
      `Edit(record ${this.recordPick}, variant ${this.variant}${this.stale ? ', stale version' : ''})`,
      this.did,
    );
}
