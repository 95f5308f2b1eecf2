/**
 * The Sage 300 CRE connector (ERP.md §3): our records ↔ Sage's tables, through the company's agent.
 * Every call is a command of the hub (hub/agent-hub.ts) that the agent runs against Sage; reads are in
 * sage-reads.ts, writes in job-writes.ts and record-writes.ts.
 *
 * Idempotency: writes are keyed by the export that makes them (`forRequest`) and their step, so a
 * re-run is the same command, answered from the hub or the agent's journal. Creates are CreateOnly in
 * Sage and read by natural key first; one found under our key is ours only when the same command made it.
 * Sage changes no commitment or change order once created: a changed one is refused with Sage's reason.
 */
import { errorMessage } from '../../domain/error-message.ts';
import type { ErpConnector } from '../connector.ts';
import type { AgentHub } from './hub/agent-hub.ts';
import { addCostCodes, createJob, setEstimates } from './job-writes.ts';
import { createChangeOrder, createCommitment, createVendor, updateVendor } from './record-writes.ts';
import { type Sage300Settings, sage300Description } from './rules.ts';
import { createSageLink } from './sage-link.ts';
import {
  createSageReads,
  toErpCostCodes,
  toErpCostType,
  toErpJob,
  toErpJobCosts,
  toErpVendor,
} from './sage-reads.ts';
import { tables } from './tables.ts';

export interface Sage300ConnectorOptions {
  hub: AgentHub;
  companyId: string;
  settings: Sage300Settings;
  /** How long a command may take from the hub to Sage and back. Default 60 s. */
  timeoutMs?: number;
}

export const defaultCommandTimeoutMs = 60_000;

export function createSage300Connector(options: Sage300ConnectorOptions): ErpConnector {
  const timeoutMs = options.timeoutMs ?? defaultCommandTimeoutMs;
  const description = sage300Description(options.settings);
  const reads = createSageReads(createSageLink(options.hub, options.companyId, timeoutMs, undefined));

  /** The connector whose writes are keyed by `scope` (an export's request id), or unkeyed. */
  function connector(scope: string | undefined): ErpConnector {
    const link = createSageLink(options.hub, options.companyId, timeoutMs, scope);
    /** A write makes the kept table copies stale: the next list reads what changed. */
    const writing =
      <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
      async (...args: A) => {
        try {
          return await write(...args);
        } finally {
          reads.stale();
        }
      };
    return {
      describe: () => description,
      forRequest: (requestId) => connector(requestId),

      async testConnection() {
        try {
          const { state } = await link.state();
          if (!state?.reachable)
            return {
              ok: false,
              message: `The Sage agent is online, but Sage cannot be read: ${state?.reason ?? 'no reason given'}`,
            };
          if (!state.writable)
            return {
              ok: false,
              message: `The Sage agent is online and reads Sage, but Sage takes no writes now: ${state.reason ?? 'no reason given'}`,
            };
          const jobs = await reads.rows(tables.job);
          return { ok: true, message: `Connected to Sage 300 CRE through the agent: ${jobs.length} jobs` };
        } catch (error) {
          return { ok: false, message: errorMessage(error) };
        }
      },

      // The company's newest modification stamp (any write anywhere in Sage moves it); for a job, the
      // newest of its cost codes and categories, and how many there are.
      async changeToken(jobNumber) {
        if (jobNumber === undefined) {
          // A sync begins here: what it lists next is read from Sage (changes only), not from a copy
          // kept since a recent sync.
          reads.stale();
          return `sage:${(await link.read(tables.format, undefined, Number.MAX_SAFE_INTEGER)).stamp}`;
        }
        const rows = await Promise.all([reads.rowsByJob(tables.costCode), reads.rowsByJob(tables.category)]);
        const ofJob = rows.flatMap((byJob) => byJob.get(jobNumber) ?? []);
        return `${ofJob.length}:${Math.max(0, ...ofJob.map((row) => Number(row.Modified_Stamp)))}`;
      },
      listJobs: async () => (await reads.rows(tables.job)).map(toErpJob),
      async getJob(jobNumber) {
        const row = await link.find(tables.job, { Job: jobNumber });
        return row && toErpJob(row);
      },
      listJobTemplates: async () =>
        (await reads.rows(tables.job)).map(toErpJob).filter((job) => job.status !== 'complete'),
      async listStandardCostCodes() {
        const [codes, categories] = await Promise.all([
          reads.rows(tables.standardCostCode),
          reads.rows(tables.standardCategory),
        ]);
        return toErpCostCodes(codes, categories);
      },
      listCostTypes: async () => (await reads.rows(tables.standardCategory)).map(toErpCostType),
      listVendors: async () =>
        (await reads.rows(tables.vendor)).filter((row) => row.Status !== 'Inactive').map(toErpVendor),
      async listJobCosts(jobNumber) {
        const [codes, categories] = await Promise.all([
          reads.rowsByJob(tables.costCode),
          reads.rowsByJob(tables.category),
        ]);
        return toErpJobCosts(codes.get(jobNumber) ?? [], categories.get(jobNumber) ?? []);
      },

      createJob: writing((job, costCodes, claim) => createJob(link, job, costCodes, claim)),
      addCostCodes: writing((jobNumber, costCodes) => addCostCodes(link, jobNumber, costCodes)),
      setEstimates: writing((jobNumber, lines, estimateOptions) =>
        setEstimates(link, jobNumber, lines, estimateOptions),
      ),
      createVendor: writing((vendor, claim) => createVendor(link, vendor, claim)),
      updateVendor: writing((update) => updateVendor(link, update)),
      upsertCommitment: writing((commitment) => createCommitment(link, commitment)),
      upsertChangeOrder: writing((changeOrder) => createChangeOrder(link, changeOrder)),
    };
  }
  return connector(undefined);
}
