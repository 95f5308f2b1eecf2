import {
  type Answer,
  answerProblem,
  expectAnswer,
  isRefusalOn,
  Mismatch,
  refusalProblem,
} from './api-answers.ts';
import {
  knownRequests,
  type ModelCommand,
  nameOf,
  nameOfRequest,
  pick,
  shown,
  wrongVersion,
} from './command-helpers.ts';
import {
  applyEnded,
  applyStarted,
  checkDerivedCode,
  type ExportChoice,
  type Model,
  type ModelRecord,
  type ModelRequest,
  noteSeen,
  openRequestOf,
  pools,
  predictEnd,
  predictStart,
  type StartPrediction,
  vendorKey,
} from './model-state.ts';
import type { ModelRun } from './model-world.ts';

/** The approver's commands (and the sender's retrieve): accept, retry, reject, bulk. */
/** The approver's options for the request's kind: `n` 0 keeps the defaults, else a key from the pools. */
export function choiceFor(record: ModelRecord, n: number): ExportChoice {
  if (n === 0) return {};
  if (record.kind === 'project') return { jobNumber: pick(pools.jobNumbers, n - 1) };
  if (record.kind === 'vendor') return { vendorCode: pick(pools.vendorCodes, n - 1) };
  return {};
}

/** How a start's answer fits its prediction: why it cannot be right, or what the model learns from it. */
export type StartJudgement = { problem: string } | { apply(m: Model): void };

/**
 * Judges a start's answer (accept, retry, or one item of a bulk accept) against its prediction, without
 * touching the model: racing starts (racing-accepts.ts) try it in several orders. `answer` is the single
 * call's answer, or the bulk item's as { status, body: { code, errors } }; `derivedCode` is the vendor
 * code the engine derived, when it started a new vendor without a proposed one.
 */
export function judgeStart(
  m: Model,
  request: ModelRequest,
  predicted: StartPrediction,
  answer: Answer,
  derivedCode: string | undefined,
): StartJudgement {
  const refused = (path: string, seen: string): StartJudgement => {
    const problem = refusalProblem(answer, path);
    return problem ? { problem } : { apply: (model) => noteSeen(model, seen) };
  };
  if (predicted.status === 409) {
    const problem = answerProblem(answer, 409, predicted.code);
    return problem ? { problem } : { apply: () => {} };
  }
  if (predicted.status === 422) return refused(predicted.path, `start refused on ${predicted.path}`);
  if ('orRefusedOn' in predicted && predicted.orRefusedOn && isRefusalOn(answer, predicted.orRefusedOn))
    return refused(
      predicted.orRefusedOn,
      `start refused on ${predicted.orRefusedOn} (its holder may have let it go)`,
    );
  const problem = answerProblem(answer, 202);
  if (problem) return { problem };
  if ('derive' in predicted) {
    const derivedProblem = checkDerivedCode(m, m.records[request.record]!, derivedCode!);
    if (derivedProblem) return { problem: derivedProblem };
  }
  const key = 'derive' in predicted ? vendorKey(derivedCode!) : predicted.key;
  return { apply: (model) => applyStarted(model, model.requests[request.index]!, key) };
}

/** The vendor code the engine derived for a started new vendor, when the prediction says it derives one. */
export async function derivedCodeOf(
  r: ModelRun,
  request: ModelRequest,
  predicted: StartPrediction,
  answer: Answer,
): Promise<string | undefined> {
  if (!('derive' in predicted) || answer.status !== 202) return undefined;
  const detail = await r.approver.get(`${r.c}/erp/requests/${request.id}`);
  return detail.body.acceptOptions?.vendorCode as string;
}

/** Holds a start's answer to its prediction and updates the model. */
async function settleStart(
  m: Model,
  r: ModelRun,
  request: ModelRequest,
  predicted: StartPrediction,
  answer: Answer,
  what: string,
): Promise<void> {
  const judgement = judgeStart(
    m,
    request,
    predicted,
    answer,
    await derivedCodeOf(r, request, predicted, answer),
  );
  if ('problem' in judgement) throw new Mismatch(`${what}: ${judgement.problem}`);
  judgement.apply(m);
}

/** Accepts (or retries) the request with the approver's options, holding the answer to the model. */
export async function startRequest(
  m: Model,
  r: ModelRun,
  request: ModelRequest,
  action: 'accept' | 'retry',
  choice: ExportChoice,
  version: number,
): Promise<void> {
  const predicted = predictStart(m, request, action, choice, version);
  const answer = await r.approver.post(`${r.c}/erp/requests/${request.id}/${action}`, { version, ...choice });
  await settleStart(
    m,
    r,
    request,
    predicted,
    answer,
    `${action} request ${request.index} ${JSON.stringify(choice)}`,
  );
}

export class Accept implements ModelCommand {
  did = '';
  constructor(
    readonly requestPick: number,
    readonly choicePick: number,
    readonly action: 'accept' | 'retry',
    readonly stale: boolean,
  ) {}
  #request = (m: Model) => pick(knownRequests(m), this.requestPick);
  check = (m: Readonly<Model>) => this.#request(m as Model) !== undefined;
  async run(m: Model, r: ModelRun) {
    const request = this.#request(m)!;
    const record = m.records[request.record]!;
    this.did = nameOfRequest(m, request);
    const version = this.stale ? wrongVersion(request.version) : request.version;
    await startRequest(m, r, request, this.action, choiceFor(record, this.choicePick), version);
  }
  toString = () =>
    shown(
      `${this.action === 'accept' ? 'Accept' : 'Retry'}(request ${this.requestPick}, choice ${this.choicePick}${this.stale ? ', stale version' : ''})`,
      this.did,
    );
}

export class Reject implements ModelCommand {
  did = '';
  constructor(readonly requestPick: number) {}
  #request = (m: Model) => pick(knownRequests(m), this.requestPick);
  check = (m: Readonly<Model>) => this.#request(m as Model) !== undefined;
  async run(m: Model, r: ModelRun) {
    const request = this.#request(m)!;
    this.did = nameOfRequest(m, request);
    await rejectRequest(m, r, request);
  }
  toString = () => shown(`Reject(request ${this.requestPick})`, this.did);
}

/** Rejects the request back to its sender, holding the answer to the model. */
export async function rejectRequest(m: Model, r: ModelRun, request: ModelRequest): Promise<void> {
  const predicted = predictEnd(request, 'reject', request.version);
  const answer = await r.approver.post(`${r.c}/erp/requests/${request.id}/reject`, {
    version: request.version,
    comment: 'Not like this',
  });
  const what = `reject request ${request.index} (${request.status})`;
  if (predicted.status !== 200) return expectAnswer(what, answer, predicted.status, predicted.code);
  expectAnswer(what, answer, 200);
  applyEnded(m, request, 'reject');
}

/** The sender takes a record back: its open request must still wait for an approver. */
export class Retrieve implements ModelCommand {
  did = '';
  constructor(readonly recordPick: number) {}
  #record = (m: Model) => pick(m.records, this.recordPick);
  check = (m: Readonly<Model>) => this.#record(m as Model) !== undefined;
  async run(m: Model, r: ModelRun) {
    const record = this.#record(m)!;
    this.did = nameOf(record);
    await retrieveRecord(m, r, record);
  }
  toString = () => shown(`Retrieve(record ${this.recordPick})`, this.did);
}

/** The sender takes the record back, holding the answer to the model. */
export async function retrieveRecord(m: Model, r: ModelRun, record: ModelRecord): Promise<void> {
  const request = openRequestOf(m, record);
  const answer = await r.pm.post(`${record.path}/retrieve-from-erp`);
  const what = `retrieve ${record.kind} ${record.index} (${request?.status ?? 'no open request'})`;
  // An exporting request is past retrieving whether it has ended meanwhile or not.
  if (!request || predictEnd(request, 'retrieve', request.version).status !== 200)
    return expectAnswer(what, answer, 409, 'invalid_state');
  expectAnswer(what, answer, 200);
  applyEnded(m, request, 'retrieve');
}

export class Bulk implements ModelCommand {
  did = '';
  constructor(
    readonly action: 'accept' | 'reject',
    readonly requestPicks: number[],
  ) {}
  #requests = (m: Model) => [...new Set(this.requestPicks.map((n) => pick(knownRequests(m), n)!))];
  check = (m: Readonly<Model>) => knownRequests(m as Model).length > 0;
  async run(m: Model, r: ModelRun) {
    const requests = this.#requests(m);
    this.did = requests.map((q) => nameOfRequest(m, q)).join(', ');
    // Predicted before the call, item by item in order: an earlier item's reservation counts for a later one.
    const answer = await r.approver.post(`${r.c}/erp/requests/bulk`, {
      action: this.action,
      ids: requests.map((q) => q.id),
      ...(this.action === 'reject' && { comment: 'Not like this' }),
    });
    expectAnswer(`bulk ${this.action}`, answer, 200);
    const results = answer.body.results as {
      id: string;
      ok: boolean;
      status?: string;
      error?: { code: string };
    }[];
    for (const [i, request] of requests.entries()) {
      const result = results[i];
      if (result?.id !== request.id)
        throw new Mismatch(`bulk ${this.action}: result ${i} is not request ${request.index}'s`);
      const item: Answer = result.ok
        ? { status: this.action === 'accept' ? 202 : 200, body: { status: result.status } }
        : { status: statusOfCode(result.error?.code), body: { ...result.error, bulkItem: true } };
      const what = `bulk ${this.action} request ${request.index} (${request.status})`;
      if (this.action === 'accept') {
        await settleStart(m, r, request, predictStart(m, request, 'accept', {}, request.version), item, what);
      } else {
        const predicted = predictEnd(request, 'reject', request.version);
        if (predicted.status !== 200) expectAnswer(what, item, predicted.status, predicted.code);
        else {
          expectAnswer(what, item, 200);
          applyEnded(m, request, 'reject');
        }
      }
    }
  }
  toString = () => shown(`Bulk(${this.action}, requests ${this.requestPicks.join(' ')})`, this.did);
}

/** A bulk item's error carries the problem code only; its status is the one the single call answers. */
function statusOfCode(code: string | undefined): number {
  if (code === 'precondition_failed') return 422;
  if (code === 'invalid_state' || code === 'version_conflict') return 409;
  if (code === 'not_found') return 404;
  return 500;
}
