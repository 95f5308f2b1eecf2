import type { ModelCommand } from './command-helpers.ts';
import { applyFaulty, type Model } from './model-state.ts';
import type { ModelRun } from './model-world.ts';
import { settle } from './settle.ts';

/** What happens to the system around the records: a worker dies, the ERP fails, the workers settle. */
export class CrashWorker implements ModelCommand {
  check = () => true;
  async run(_m: Model, r: ModelRun) {
    await r.crashWorker();
  }
  toString = () => 'CrashWorker';
}

const faultSwitches = {
  transient: { transientRate: 0.3 },
  truncated: { truncateRate: 0.5 },
  outage: { outage: true },
} as const;

/** How long an outage may last at most: long enough for the exports under way to use up their attempts. */
const outageMs = 3_000;

export class ErpFault implements ModelCommand {
  constructor(readonly fault: keyof typeof faultSwitches) {}
  check = () => true;
  async run(m: Model, r: ModelRun) {
    r.sim.setFaults(faultSwitches[this.fault]);
    applyFaulty(m);
    if (this.fault !== 'outage') return;
    // The outage lasts until the exports under way failed (attempts used up) or for outageMs: exports
    // that fail with the ERP's reason, to retry or reject.
    const deadline = Date.now() + outageMs;
    while (Date.now() < deadline && (await r.exportingCount()) > 0)
      await new Promise((resolve) => setTimeout(resolve, 20));
    r.sim.setFaults({ outage: false });
  }
  toString = () => `ErpFault(${this.fault})`;
}

export class Settle implements ModelCommand {
  check = (m: Readonly<Model>) => m.requests.some((q) => q.status === 'exporting');
  run = (m: Model, r: ModelRun) => settle(m, r);
  toString = () => 'Settle';
}
