import { Mismatch } from './api-answers.ts';
import { applySettled, checkSettled, type Model } from './model-state.ts';
import type { ModelRun } from './model-world.ts';

/** How long the workers get to end every export of a run once the ERP is healthy again. */
const settleTimeoutMs = 30_000;

/**
 * The ERP is healthy again and the workers run until no request of the run is `exporting`; then each
 * export the model saw start must have ended as it expected (synced, or failed with its reason), and the
 * model learns how it ended. A request still exporting after the timeout is a violation: an accepted
 * request must end synced or failed.
 */
export async function settle(model: Model, run: ModelRun): Promise<void> {
  run.sim.setFaults({ transientRate: 0, truncateRate: 0, outage: false });
  model.faulty = false;
  const deadline = Date.now() + settleTimeoutMs;
  for (;;) {
    const left = await run.exportingCount();
    if (left === 0) break;
    if (Date.now() > deadline)
      throw new Mismatch(`${left} requests still exporting ${settleTimeoutMs} ms after the ERP recovered`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const problems: string[] = [];
  for (const request of model.requests.filter((r) => r.status === 'exporting')) {
    const { body } = await run.approver.get(`${run.c}/erp/requests/${request.id}`);
    const settled = {
      status: body.status,
      version: body.version,
      error: body.error,
      erpNumber: body.acceptOptions?.erpNumber,
    };
    problems.push(...checkSettled(request, settled));
    applySettled(model, request, settled);
  }
  if (problems.length) throw new Mismatch(problems.join('\n'));
}
