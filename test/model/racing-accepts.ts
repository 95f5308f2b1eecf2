import type { Answer } from './api-answers.ts';
import { Mismatch } from './api-answers.ts';
import { choiceFor, derivedCodeOf, judgeStart, type StartJudgement } from './approver-commands.ts';
import { type ModelCommand, nameOfRequest, pick, shown } from './command-helpers.ts';
import {
  type ExportChoice,
  type Model,
  type ModelRequest,
  noteSeen,
  predictStart,
  type RecordKind,
} from './model-state.ts';
import type { ModelRun } from './model-world.ts';

/**
 * Issue 13 finding 6 in its true form: two or three accepts at the same instant (two approvers, one
 * click each) on records competing for one ERP key — one job number, one proposed or derived vendor
 * code, one subcontract number on a vendor, one change order number on a job. Any one may win; every
 * other must be refused naming the field (or, a derived vendor code, start with another code), as if
 * the accepts had come one after the other in some order. The final write-log check then proves that no
 * key was written for two records.
 */
export class RacingAccepts implements ModelCommand {
  did = '';
  constructor(
    readonly groupPick: number,
    readonly count: 2 | 3,
    /** 0: each record's defaults; else one job number or vendor code from the pools for all of them. */
    readonly choicePick: number,
    /** Only records of this kind race (any kind when undefined). */
    readonly kind?: RecordKind,
  ) {}
  #contenders = (m: Model) => {
    const groups = competingGroups(m, this.choicePick).filter(
      (group) => this.kind === undefined || m.records[group[0]!.record]!.kind === this.kind,
    );
    return pick(groups, this.groupPick)?.slice(0, this.count);
  };
  check = (m: Readonly<Model>) => this.#contenders(m as Model) !== undefined;
  async run(m: Model, r: ModelRun) {
    const contenders = this.#contenders(m)!;
    this.did = contenders.map((q) => nameOfRequest(m, q)).join(' ∥ ');
    const choices = contenders.map((q) => choiceFor(m.records[q.record]!, this.choicePick));
    const answers = await Promise.all(
      contenders.map((q, i) =>
        r.approver.post(`${r.c}/erp/requests/${q.id}/accept`, { version: q.version, ...choices[i] }),
      ),
    );
    const derived = await Promise.all(
      contenders.map((q, i) =>
        derivedCodeOf(r, q, predictStart(m, q, 'accept', choices[i]!, q.version), answers[i]!),
      ),
    );
    const race = contenders.map((request, i) => ({
      request,
      choice: choices[i]!,
      answer: answers[i]!,
      derivedCode: derived[i],
    }));
    const order = orders(race).find((order) => !applyInOrder(structuredClone(m), order));
    if (!order) {
      const shownAnswers = race.map(
        ({ request, answer }) => `request ${request.index}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
      throw new Mismatch(
        `racing accepts: in no order are these answers what the rules allow:\n${shownAnswers.join('\n')}\n` +
          `(in the order sent: ${applyInOrder(structuredClone(m), race)})`,
      );
    }
    applyInOrder(m, order); // no problem: it was tried on a copy
    const started = race.filter(({ answer }) => answer.status === 202).length;
    noteSeen(m, `${m.records[contenders[0]!.record]!.kind}s racing: ${started} of ${race.length} started`);
  }
  toString = () =>
    shown(
      `RacingAccepts(group ${this.groupPick}, ${this.count}, choice ${this.choicePick}${this.kind ? `, ${this.kind}` : ''})`,
      this.did,
    );
}

interface Contender {
  request: ModelRequest;
  choice: ExportChoice;
  answer: Answer;
  derivedCode: string | undefined;
}

/**
 * Applies the answers to `m` one after the other, each judged against the model as the ones before left
 * it; answers the first problem (the model is then half-applied: pass a copy), or undefined.
 */
function applyInOrder(m: Model, order: Contender[]): string | undefined {
  for (const { request, choice, answer, derivedCode } of order) {
    const current = m.requests[request.index]!;
    const predicted = predictStart(m, current, 'accept', choice, current.version);
    const judgement: StartJudgement = judgeStart(m, current, predicted, answer, derivedCode);
    if ('problem' in judgement) return `request ${request.index}: ${judgement.problem}`;
    judgement.apply(m);
  }
  return undefined;
}

/** Every order of the contenders (at most 3! = 6). */
function orders<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/**
 * The requests waiting for their first accept, grouped by the key they compete for: new vendors all
 * (their names derive one code, or they share the proposed one), projects by job number (all of them
 * when the approver gives one), commitments by vendor and number, change orders by job and number.
 * Only groups of two or more.
 */
function competingGroups(m: Model, choicePick: number): ModelRequest[][] {
  const groups = new Map<string, ModelRequest[]>();
  for (const request of m.requests.filter((q) => q.status === 'ready_to_export')) {
    const record = m.records[request.record]!;
    const key =
      record.kind === 'vendor'
        ? 'vendor'
        : record.kind === 'project'
          ? `job ${choicePick === 0 ? record.number : 'given'}`
          : record.kind === 'commitment'
            ? `subcontract ${record.vendorIndex}/${record.number}`
            : `change order ${record.projectIndex}/${record.number}`;
    groups.set(key, [...(groups.get(key) ?? []), request]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}
