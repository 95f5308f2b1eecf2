/**
 * The Spectrum connector (ERP.md §2): our records ↔ Trimble's SDX services, exactly as documented
 * (spectrum-sdx.md). Reads are in spectrum-reads.ts, writes in job-writes.ts, vendor-writes.ts and
 * commitment-writes.ts.
 *
 * Idempotency: the upserting services (AddPhase, UpdateSubcontract, UpdateSubcontractPhases,
 * ARChangeRequest, UpdateVendor) are keyed on records that are ours alone, so re-running a write (after
 * a crash, or a time-out after Spectrum stored it) updates what the first run stored. The add-only ones
 * (AddJob, AddVendor) are preceded by a read of the key and a durable claim (connector.ts CreateClaim).
 */

import type { SpectrumConnectionSettings } from '../../domain/erp-connection.ts';
import { errorMessage } from '../../domain/error-message.ts';
import type { OutboundRules } from '../../security/outbound-policy.ts';
import type { ErpConnector } from '../connector.ts';
import type { AnswerMemory } from './answer-memory.ts';
import { upsertChangeOrder, upsertCommitment } from './commitment-writes.ts';
import { addCostCodes, createJob, setEstimates } from './job-writes.ts';
import { toCostCodes, toCostTypes, toJobCost } from './read-model.ts';
import { describeSpectrum, lengthCheck } from './rules.ts';
import { createSdxClient } from './sdx-client.ts';
import { createSpectrumReads } from './spectrum-reads.ts';
import { createVendor, updateVendor } from './vendor-writes.ts';

/** The stored connection (its G/L account by default {@link defaultGlAccount}), opened, and our knobs. */
export interface SpectrumSettings extends Omit<SpectrumConnectionSettings, 'clientId'> {
  authorizationId: string;
  /** Enhanced authentication's client credentials. */
  oauth?: { clientId: string; clientSecret: string };
  /** Per SDX call. Default 30 s. */
  timeoutMs?: number;
  /** The process's memory of Get answers, shared by its connectors; default: one of this connector's own. */
  answers?: AnswerMemory;
  /** The outbound policy's ERP rules; default: the strict ones (no loopback). */
  outbound?: OutboundRules;
}

/** Subcontract cost, a direct job-cost account of Spectrum's sample chart; companies with another set it. */
export const defaultGlAccount = '5000';
/** SDX calls one write keeps in flight for independent records (phases, lines). */
export const parallelCalls = 8;

export function createSpectrumConnector(settings: SpectrumSettings): ErpConnector {
  const client = createSdxClient({ ...settings, maxSockets: parallelCalls });
  const reads = createSpectrumReads(client, settings.companyCode);
  const mask = settings.phaseMask || undefined;
  const description = describeSpectrum({ phaseMask: mask, defaultTaxable: settings.defaultTaxable });
  const fits = lengthCheck(description);
  const jobs = { client, reads, parallelCalls, defaultTaxable: settings.defaultTaxable, fits };
  const vendors = { client, reads, fits };
  const commitments = {
    client,
    reads,
    parallelCalls,
    glAccount: settings.glAccount || defaultGlAccount,
    fits,
  };
  /** The standard job's open phases: the company's cost codes and cost types *(our profile)*. */
  const standardPhases = async () =>
    (await reads.phases(settings.standardJob)).filter((row) => row.Status_Code !== 'C');

  return {
    describe: () => description,

    async testConnection() {
      try {
        const phases = await standardPhases();
        if (phases.length === 0) {
          return {
            ok: false,
            message: `Connected to Spectrum company ${settings.companyCode}, but the standard job ${settings.standardJob} has no phases`,
          };
        }
        return {
          ok: true,
          message: `Connected to Spectrum company ${settings.companyCode}: standard job ${settings.standardJob} has ${phases.length} phases`,
        };
      } catch (error) {
        return { ok: false, message: errorMessage(error) };
      }
    },

    listJobs: async () => [...(await reads.jobs()).values()],
    getJob: async (jobNumber) => (await reads.jobs()).get(jobNumber),
    // Every job but the standard job can serve as a template *(our profile)*; a complete one cannot.
    listJobTemplates: async () =>
      [...(await reads.jobs()).values()].filter(
        (job) => job.status !== 'complete' && job.jobNumber !== settings.standardJob,
      ),
    listStandardCostCodes: async () => toCostCodes(await standardPhases(), mask),
    listCostTypes: async () => toCostTypes(await standardPhases()),
    listVendors: () => reads.vendors(),
    listJobCosts: async (jobNumber) => (await reads.phases(jobNumber)).map((row) => toJobCost(row, mask)),

    createJob: (job, costCodes, claim) => createJob(jobs, job, costCodes, claim),
    addCostCodes: (jobNumber, costCodes) => addCostCodes(jobs, jobNumber, costCodes),
    setEstimates: (jobNumber, lines, options) => setEstimates(jobs, jobNumber, lines, options),
    createVendor: (vendor, claim) => createVendor(vendors, vendor, claim),
    updateVendor: (update) => updateVendor(vendors, update),
    upsertCommitment: (commitment) => upsertCommitment(commitments, commitment),
    upsertChangeOrder: (changeOrder) => upsertChangeOrder(commitments, changeOrder),
  };
}
