import type { Database } from '../../src/db/database.ts';
import type { ErpConnector } from '../../src/erp/connector.ts';
import { createSpectrumConnector, type SpectrumSettings } from '../../src/erp/spectrum/connector.ts';
import { createJobQueue } from '../../src/jobs/create-queue.ts';
import type { JobHandler, JobQueue, QueueOptions } from '../../src/jobs/queue.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { createExportHandler } from '../../src/workflows/queue/export-erp-request.ts';
import { exportJobKind } from '../../src/workflows/queue/export-job.ts';
import { type ErpGate, openErpGate } from './erp-gate.ts';

/** Exports only: a sync job run here would put records made behind our back into the mirror mid-run. */
const workerOptions: QueueOptions = {
  // Retries (ERP faults, crashed runs) come back within a fraction of a second, not the production's 1 s+.
  backoff: { baseMs: 10, capMs: 80 },
  pollIntervalMs: 10,
  onError: () => {}, // a crashed run's job is released with an error on purpose
};

export interface CrashableWorker {
  /**
   * Dies at once, as a killed process would: every ERP call of its runs, in flight or to come, stays
   * unanswered for ever (one that reached the simulator may have been stored), and the queue takes its
   * jobs back to run them again, counting the cut-short run as an attempt.
   */
  crash(): Promise<void>;
  /** Stops taking jobs and lets the running ones finish (the end of a test). */
  stop(): Promise<void>;
  /** Closes its gate: what a crashed worker still held is dropped. */
  close(): Promise<void>;
}

/**
 * A worker running the export jobs in this process, like `ledgergate worker`, but with ERP connectors of
 * its own that reach the simulator through a gate, so that it can die abruptly (crash()). The connection
 * settings are the model world's (one simulator per run, behind the gate), so its connectors need no
 * stored connection.
 */
export async function startCrashableWorker(
  ctx: WorkflowContext,
  database: Database,
  spectrum: Omit<SpectrumSettings, 'baseUrl'>,
  simulatorUrl: () => string,
): Promise<CrashableWorker> {
  const gate: ErpGate = await openErpGate(simulatorUrl);
  const connectors = new Map<string, ErpConnector>();
  const workerCtx: WorkflowContext = {
    ...ctx,
    erp: {
      forCompany: async (companyId) => {
        let connector = connectors.get(companyId);
        if (!connector) {
          connector = createSpectrumConnector({ ...spectrum, baseUrl: gate.url, outbound: ctx.outbound.erp });
          connectors.set(companyId, connector);
        }
        return connector;
      },
    },
  };
  let die!: (error: Error) => void;
  const death = new Promise<never>((_, reject) => {
    die = reject;
  });
  death.catch(() => {});
  const exportHandler = createExportHandler(workerCtx);
  const cutShort: JobHandler = (payload, job) => {
    const run = exportHandler(payload, job);
    run.catch(() => {}); // a run of a dead worker is nobody's to wait for
    return Promise.race([run, death]);
  };
  const queue: JobQueue = createJobQueue(database, workerOptions);
  await queue.start({ [exportJobKind]: cutShort }, { concurrency: 16 });
  return {
    async crash() {
      gate.cut();
      die(new Error('the worker crashed'));
      await queue.stop();
    },
    stop: () => queue.stop(),
    close: () => gate.close(),
  };
}
