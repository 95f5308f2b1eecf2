import { expectAnswer, Mismatch } from './api-answers.ts';
import { rejectRequest, retrieveRecord, startRequest } from './approver-commands.ts';
import { type ModelCommand, nameOf, pick, shown, wrongVersion } from './command-helpers.ts';
import {
  editedLines,
  fixedLines,
  type LineEdit,
  linesBody,
  linesOfAnswer,
  type ModelLine,
  phantomPair,
  showEdit,
} from './model-lines.ts';
import {
  isExporting,
  type Model,
  type ModelRecord,
  noteSeen,
  openRequestOf,
  predictEdit,
  recordsOf,
} from './model-state.ts';
import type { ModelRun } from './model-world.ts';
import { dependencies, sendRecord } from './record-commands.ts';

/**
 * Commands on the lines of commitments and change orders (issue 13 finding 9): lines edited between
 * exports, and exports that fail half-way (a line on a cost code × type the job lacks in Spectrum), so
 * that a re-sent record meets what its earlier export left in Spectrum.
 */

const withLines = (m: Model) => [...recordsOf(m, 'commitment'), ...recordsOf(m, 'change_order')];

/**
 * Our side comes to believe a synced project's job has the phantom cost code × type (model-lines.ts):
 * the cost code is added, and its assignment marked synced behind the API's back, as
 * test/flows/removed-lines.test.ts does. Lines on it now pass the send's checks and fail the export.
 */
export class PhantomCostCode implements ModelCommand {
  did = '';
  constructor(readonly projectPick: number) {}
  #project = (m: Model) => pick(recordsOf(m, 'project'), this.projectPick);
  check = (m: Readonly<Model>) => {
    const project = this.#project(m as Model);
    return project?.synced === true && !project.hasPhantomPair;
  };
  async run(m: Model, r: ModelRun) {
    const project = this.#project(m)!;
    this.did = nameOf(project);
    const { costCode, costType } = phantomPair;
    const added = await r.pm.post(`${project.path}/cost-codes`, { code: costCode, costTypes: [costType] });
    expectAnswer('add the phantom cost code', added, 201);
    await r.database.db
      .updateTable('project_cost_codes')
      .set({ erp_status: 'synced' })
      .where('project_id', '=', project.id)
      .where('code', '=', costCode)
      .execute();
    project.hasPhantomPair = true;
    project.version = (await r.pm.get(project.path)).body.version;
  }
  toString = () => shown(`PhantomCostCode(project ${this.projectPick})`, this.did);
}

/** Replaces a commitment's or change order's lines with one edit of them, as a sender between exports. */
export class EditLines implements ModelCommand {
  did = '';
  constructor(
    readonly recordPick: number,
    readonly edit: LineEdit,
    readonly stale: boolean,
  ) {}
  #record = (m: Model) => pick(withLines(m), this.recordPick);
  check = (m: Readonly<Model>) => this.#record(m as Model) !== undefined;
  async run(m: Model, r: ModelRun) {
    const record = this.#record(m)!;
    this.did = nameOf(record);
    const version = this.stale ? wrongVersion(record.version) : record.version;
    await editLines(m, r, record, editedLines(record.lines!, this.edit), version);
  }
  toString = () =>
    shown(
      `EditLines(record ${this.recordPick}, ${showEdit(this.edit)}${this.stale ? ', stale version' : ''})`,
      this.did,
    );
}

/**
 * The round trip of finding 9: the approver rejects a record's failed export (or the sender retrieves
 * its waiting one), the sender moves its lines off the phantom pair (the lines the ERP refused) onto
 * the edit's pair, makes the edit (removing or moving a line an earlier export may have stored) and
 * sends it again, and the approver accepts it at once.
 */
export class Rework implements ModelCommand {
  did = '';
  constructor(
    readonly recordPick: number,
    readonly edit: LineEdit,
  ) {}
  /** A record whose export failed, if any: its round trip is the one finding 9 is about. */
  #record = (m: Model) => {
    const reworkable = withLines(m).filter((record) => isReworkable(m, record));
    const failed = reworkable.filter((record) => openRequestOf(m, record)?.status === 'failed');
    return pick(failed.length ? failed : reworkable, this.recordPick);
  };
  check = (m: Readonly<Model>) => this.#record(m as Model) !== undefined;
  async run(m: Model, r: ModelRun) {
    const record = this.#record(m)!;
    this.did = nameOf(record);
    const open = openRequestOf(m, record);
    if (open?.status === 'failed') {
      noteSeen(m, `${record.kind} reworked after its export failed`);
      await rejectRequest(m, r, open);
    } else if (open) await retrieveRecord(m, r, record);
    const lines = editedLines(fixedLines(record.lines!, this.edit.pair), this.edit);
    await editLines(m, r, record, lines, record.version);
    const request = await sendRecord(m, r, record);
    if (request) await startRequest(m, r, request, 'accept', {}, request.version);
  }
  toString = () => shown(`Rework(record ${this.recordPick}, ${showEdit(this.edit)})`, this.did);
}

/** Not synced, not exporting, and nothing it depends on exporting (its send's answer is known). */
function isReworkable(m: Model, record: ModelRecord): boolean {
  return !record.synced && !dependencies(m, record).some((d) => isExporting(m, d));
}

/** PATCHes the record's lines, holding the answer to the model's prediction; the model then takes them. */
async function editLines(
  m: Model,
  r: ModelRun,
  record: ModelRecord,
  lines: ModelLine[],
  version: number,
): Promise<void> {
  const predicted = predictEdit(record, version);
  const edited = await r.pm.patch(record.path, { version, lines: linesBody(lines) });
  const what = `edit the lines of ${record.kind} ${record.index}`;
  if (predicted.status !== 200) return expectAnswer(what, edited, predicted.status, predicted.code);
  expectAnswer(what, edited, 200);
  noteSeen(m, `${record.kind} lines edited`);
  record.version++;
  record.lines = linesOfAnswer(edited.body.lines);
  if (record.kind === 'commitment') checkItems(what, record, lines, record.lines);
}

/** A line given back keeps its item; a new line takes an item the commitment never had (finding 9). */
function checkItems(what: string, record: ModelRecord, sent: ModelLine[], answered: ModelLine[]): void {
  for (const [i, line] of answered.entries()) {
    const given = sent[i]?.item;
    if (given !== undefined && line.item !== given)
      throw new Mismatch(
        `${what}: line ${i} was given item ${given} back, the API answered item ${line.item}`,
      );
    if (given === undefined && record.itemsUsed!.has(line.item!))
      throw new Mismatch(`${what}: new line ${i} took item ${line.item}, which an earlier line had`);
    record.itemsUsed!.add(line.item!);
  }
}
