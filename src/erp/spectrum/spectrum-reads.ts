/**
 * The reads behind the connector (ERP.md §2): jobs from GetJob with GetJobMain's price method, a job's
 * phases from GetPhase, vendors from the REST list. Each is read whole (see whole-reads.ts), in a batch
 * of its own, and shared by the callers that ask for it while it runs.
 */
import { type ErpJob, type ErpVendor, TransientErpError } from '../connector.ts';
import { toErpJob, toErpVendor } from './read-model.ts';
import type { SdxBatch, SdxClient } from './sdx-client.ts';
import type { SdxRecord } from './soap-codec.ts';
import { jobNarrowing, phaseNarrowing, readWhole, sharedWhileRunning } from './whole-reads.ts';

export interface SpectrumReads {
  /** Every job, complete ones too, by job number. */
  jobs(): Promise<Map<string, ErpJob>>;
  /** The job's GetJob and GetJobMain rows, when it exists. */
  jobRows(jobNumber: string): Promise<{ job: SdxRecord; main: SdxRecord | undefined } | undefined>;
  /**
   * The job's phases × cost types of every status (GetPhase rows); `fresh` never joins a read that
   * started before the call (to see one's own writes).
   */
  phases(jobNumber: string, options?: { fresh?: boolean }): Promise<SdxRecord[]>;
  /** The active vendors (the only ones Spectrum lists). */
  vendors(): Promise<ErpVendor[]>;
  /**
   * Whether Spectrum lists a vendor under the code, in a list read at most `vendorListAgeMs` before:
   * the only documented vendor read is the whole list, so the exports of a few seconds share one (a
   * vendor made since is refused by AddVendor itself, which adds only).
   */
  vendorListed(vendorCode: string): Promise<boolean>;
}

/** How old a vendor list may be to answer whether a code is taken. */
export const vendorListAgeMs = 10_000;

export function createSpectrumReads(client: SdxClient, companyCode: string): SpectrumReads {
  const shared = sharedWhileRunning();

  /** A job Get service's rows of every status: blank (active and inactive), then complete. */
  const jobServiceRows = (sdx: SdxBatch, service: 'GetJob' | 'GetJobMain') =>
    Promise.all([
      readWhole(sdx, service, { pStatus_Code: '' }, jobNarrowing),
      readWhole(sdx, service, { pStatus_Code: 'C' }, jobNarrowing),
    ]).then((parts) => parts.flat());

  const allJobRows = () =>
    shared('jobs', async () => {
      const sdx = client.batch();
      const [jobs, mains] = await Promise.all([
        jobServiceRows(sdx, 'GetJob'),
        jobServiceRows(sdx, 'GetJobMain'),
      ]);
      const main = new Map(mains.map((row) => [row.Job_Number ?? '', row]));
      return new Map(
        jobs.map((row) => [row.Job_Number ?? '', { job: row, main: main.get(row.Job_Number ?? '') }]),
      );
    });

  // The list that answers checks, and the one being read to replace it before it is too old (so that
  // under a steady flow of exports no check waits for a read).
  let recent: { startedAt: number; codes: Promise<Set<string>> } | undefined;
  let next: { startedAt: number; codes: Promise<Set<string>> } | undefined;
  const startRead = () => {
    const started = {
      startedAt: Date.now(),
      codes: readVendors().then((vendors) => new Set(vendors.map((vendor) => vendor.vendorCode))),
    };
    started.codes.then(
      () => {
        if (!recent || recent.startedAt < started.startedAt) recent = started;
        if (next === started) next = undefined;
      },
      () => {
        if (recent === started) recent = undefined;
        if (next === started) next = undefined;
      },
    );
    return started;
  };
  const recentVendorCodes = () => {
    const age = recent ? Date.now() - recent.startedAt : Number.POSITIVE_INFINITY;
    if (age > vendorListAgeMs) {
      recent = next && Date.now() - next.startedAt <= vendorListAgeMs ? next : startRead();
      return recent.codes;
    }
    if (age > vendorListAgeMs / 2) next ??= startRead();
    return recent!.codes;
  };

  const readVendors = async () => {
    const answer = await client.getJson(`/vendors/${encodeURIComponent(companyCode)}`);
    if (!Array.isArray(answer))
      throw new TransientErpError('Spectrum answered GET /vendors with something else than a list');
    return answer.map((entry) => toErpVendor(entry as Record<string, unknown>));
  };

  return {
    jobs: () =>
      shared('jobs as records', async () => {
        const rows = await allJobRows();
        return new Map([...rows].map(([number, { job, main }]) => [number, toErpJob(job, main)]));
      }),
    jobRows: async (jobNumber) => (await allJobRows()).get(jobNumber),
    phases(jobNumber, options) {
      const read = () => {
        const sdx = client.batch();
        return Promise.all([
          readWhole(sdx, 'GetPhase', { pJob_Number: jobNumber, pStatus_Code: '' }, phaseNarrowing),
          readWhole(sdx, 'GetPhase', { pJob_Number: jobNumber, pStatus_Code: 'C' }, phaseNarrowing),
        ]).then((parts) => parts.flat());
      };
      return options?.fresh ? read() : shared(`phases ${jobNumber}`, read);
    },
    vendors: () => shared('vendors', readVendors),
    vendorListed: async (vendorCode) => (await recentVendorCodes()).has(vendorCode),
  };
}
