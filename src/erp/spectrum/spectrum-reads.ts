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
  /** Whether Spectrum lists a vendor under the code, read after this call was made. */
  vendorListed(vendorCode: string): Promise<boolean>;
}

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
    // Never joins a list read that started before the check: it must see what was done before it.
    vendorListed: startedAfterCall(async (codes: string[]) => {
      const listed = new Set((await readVendors()).map((vendor) => vendor.vendorCode));
      return codes.map((code) => listed.has(code));
    }),
  };
}

/**
 * A check answered by a read that starts after the check was asked for (so it sees everything done
 * before), shared by every check asked while the previous read ran: under load, one vendor list serves
 * the vendor exports of a whole round instead of one list each.
 */
function startedAfterCall<K, V>(read: (keys: K[]) => Promise<V[]>): (key: K) => Promise<V> {
  let running: Promise<unknown> = Promise.resolve();
  let waiting: { keys: K[]; answers: Promise<V[]> } | undefined;
  return (key) => {
    if (!waiting) {
      const batch: { keys: K[]; answers: Promise<V[]> } = {
        keys: [],
        answers: running.then(() => {
          waiting = undefined;
          const started = read(batch.keys);
          running = started.catch(() => undefined);
          return started;
        }),
      };
      waiting = batch;
    }
    const index = waiting.keys.push(key) - 1;
    return waiting.answers.then((answers) => answers[index]!);
  };
}
