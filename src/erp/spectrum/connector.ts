/**
 * The Spectrum connector (ERP.md §2): our records ↔ SDX services.
 *
 *   project            → AddJob (blank fields filled from the template job), then its cost codes
 *   cost code × type   → AddPhase (codes sent without dashes; an existing phase's description kept)
 *   budget             → AddPhase.Original_Est_Cost of existing phases
 *   vendor             → AddVendor
 *   commitment         → UpdateSubcontract + UpdateSubcontractPhases (Bid_Item_Number = line number)
 *   change order       → ARChangeRequest lines with a subcontract section
 *
 * Idempotency: every SDX Put of our profile is an upsert on Spectrum's natural key and an empty value
 * leaves a field as is, so re-running any write (after a crash, or a time-out after Spectrum stored it)
 * updates the records the first run stored instead of adding new ones.
 */
import {
  type ChangeOrderWrite,
  type CommitmentWrite,
  type CostCodeWrite,
  type ErpConnector,
  type ErpJob,
  type EstimateLine,
  type JobWrite,
  RejectedErpError,
  TransientErpError,
  type VendorWrite,
  type WriteResult,
} from '../connector.ts';
import { forEachLimited } from './parallel.ts';
import { toCostCodes, toCostTypes, toErpJob, toErpVendor, toJobCost } from './read-model.ts';
import { columnPaths, describeSpectrum, type WriteContext } from './rules.ts';
import { createSdxClient, type SdxBatch } from './sdx-client.ts';
import { formatAmount, formatDate, formatFlag, toPhaseCode } from './values.ts';

export interface SpectrumSettings {
  baseUrl: string;
  authorizationId: string;
  companyCode: string;
  /** The job whose phases are the company's standard cost codes and cost types *(our profile)*. */
  standardJob: string;
  /** The company's phase mask, e.g. `##-###`; codes read back are shown with its dashes. */
  phaseMask?: string;
  /** The GL account new subcontracts are charged to. Default {@link defaultGlAccount}. */
  glAccount?: string;
  /** Per SDX call. Default 30 s. */
  timeoutMs?: number;
}

/** Subcontract cost, the account of Spectrum's sample chart; companies with another one set it. */
export const defaultGlAccount = '5000';
/** New vendors get terms A (net days after the invoice date), 30 days; accounting adjusts them in Spectrum. */
export const defaultTerms = { code: 'A', days: '30' } as const;
/** SDX calls one write keeps in flight for independent records (phases, lines). */
export const parallelCalls = 8;

export function createSpectrumConnector(settings: SpectrumSettings): ErpConnector {
  const client = createSdxClient({ ...settings, maxSockets: parallelCalls });
  const mask = settings.phaseMask || undefined;
  const description = describeSpectrum(mask);

  // Each operation below is one batch: its calls share a GUID (see sdx-client.ts).
  const jobRows = (sdx: SdxBatch, status: '' | 'C') => sdx.get('GetJob', { pStatus_Code: status });
  const phaseRows = (sdx: SdxBatch, jobNumber: string) => sdx.get('GetPhase', { pJob_Number: jobNumber });

  /** A blank status lists active and inactive jobs; complete ones take a second call. */
  async function listJobs(sdx: SdxBatch): Promise<ErpJob[]> {
    const [open, complete] = await Promise.all([jobRows(sdx, ''), jobRows(sdx, 'C')]);
    return [...open, ...complete].map(toErpJob);
  }

  /** SDX has no job-number filter on GetJob: the job is found in the list. */
  const getJob = async (sdx: SdxBatch, jobNumber: string) =>
    (await listJobs(sdx)).find((job) => job.jobNumber === jobNumber);

  async function listVendors() {
    const answer = await client.getJson(`/vendors/${encodeURIComponent(settings.companyCode)}`);
    if (!Array.isArray(answer))
      throw new TransientErpError('Spectrum answered GET /vendors with something else than a list');
    return answer.map((entry) => toErpVendor(entry as Record<string, unknown>));
  }

  /** The phases × cost types in `codes` that the job does not have yet, each once, with their description. */
  async function addCostCodes(sdx: SdxBatch, jobNumber: string, codes: CostCodeWrite[]) {
    const existing = await phaseRows(sdx, jobNumber);
    const phases = new Set(existing.map((row) => row.Phase_Code));
    const pairs = new Set(existing.map((row) => `${row.Phase_Code} ${row.Cost_Type}`));
    const erpIds: Record<string, string> = {};
    const missing: { code: string; phase: string; costType: string; description: string }[] = [];
    for (const code of mergeCostCodes(codes)) {
      for (const costType of code.costTypes) {
        erpIds[`${code.code} ${costType}`] = `${jobNumber} ${code.phase} ${costType}`;
        // Present already: there is nothing to send (we never rename a phase nor re-price it here).
        if (!pairs.has(`${code.phase} ${costType}`)) missing.push({ ...code, costType });
      }
    }
    await forEachLimited(missing, parallelCalls, async ({ code, phase, costType, description }) => {
      await sdx
        .put('AddPhase', {
          Job_Number: jobNumber,
          Phase_Code: phase,
          Cost_Type: costType,
          // The description is the phase's, shared by its cost types: sending ours would rename an
          // existing phase, so an existing one gets it empty ("leave as is").
          Description: phases.has(phase) ? '' : description,
          Price_Method_Code: 'J',
        })
        .catch(refused('costCodes', `cost code ${code} ${costType}`));
    });
    return erpIds;
  }

  return {
    describe: () => description,

    async testConnection() {
      try {
        const phases = await phaseRows(client.batch(), settings.standardJob);
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
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },

    listJobs: () => listJobs(client.batch()),
    getJob: (jobNumber) => getJob(client.batch(), jobNumber),

    async listJobTemplates() {
      const open = (await jobRows(client.batch(), '')).map(toErpJob);
      return open.filter((job) => job.jobNumber !== settings.standardJob);
    },

    listStandardCostCodes: async () =>
      toCostCodes(await phaseRows(client.batch(), settings.standardJob), mask),
    listCostTypes: async () => toCostTypes(await phaseRows(client.batch(), settings.standardJob)),
    listVendors,
    listJobCosts: async (jobNumber) =>
      (await phaseRows(client.batch(), jobNumber)).map((row) => toJobCost(row, mask)),

    async createJob(job: JobWrite, costCodes: CostCodeWrite[]) {
      const sdx = client.batch();
      const template = job.template ? await getJob(sdx, job.template) : undefined;
      if (job.template && !template) {
        throw new RejectedErpError(`Job template ${job.template} does not exist in Spectrum`, 'template');
      }
      await sdx
        .put('AddJob', {
          Job_Number: job.jobNumber,
          Job_Description: job.description,
          Division: job.division || template?.division,
          Address_1: job.address?.line1,
          City: job.address?.city,
          State: job.address?.state,
          Zip_Code: job.address?.zip,
          Customer_Code: job.customerCode || template?.customerCode,
          Cost_Center: job.costCenter || template?.costCenter,
          Price_Method_Code: job.priceMethod || template?.priceMethod,
          Taxable_Flag: formatFlag(job.taxable ?? template?.taxable),
        })
        .catch(refused('job', `job ${job.jobNumber}`));
      const phases = await addCostCodes(sdx, job.jobNumber, costCodes);
      return written(sdx, { job: job.jobNumber, ...phases });
    },

    async addCostCodes(jobNumber, costCodes) {
      const sdx = client.batch();
      return written(sdx, await addCostCodes(sdx, jobNumber, costCodes));
    },

    async setEstimates(jobNumber: string, lines: EstimateLine[]) {
      const sdx = client.batch();
      await forEachLimited(sumByPhase(lines), parallelCalls, async ({ code, phase, costType, amount }) => {
        // Description and price method stay empty: an estimate never creates a phase, so Spectrum
        // refuses a code × cost type the job does not have (as missing them), and the refusal says so.
        await sdx
          .put('AddPhase', {
            Job_Number: jobNumber,
            Phase_Code: phase,
            Cost_Type: costType,
            Original_Est_Cost: formatAmount(amount),
          })
          .catch(refused('estimates', `cost code ${code} ${costType}`, notOnJob(jobNumber)));
      });
      return written(sdx, { job: jobNumber });
    },

    async upsertVendor(vendor: VendorWrite) {
      // Alpha sort and terms are required for a new vendor only; an existing one keeps accounting's. A
      // vendor we know is new (its first export) is written at once with ours: one call, and a re-run
      // (a retry) writes the same values again. Any other vendor is written as an existing one (those
      // fields empty: "leave as is"); only when Spectrum answers that they are missing, i.e. it lacks the
      // vendor (e.g. an inactive one removed there), is it written again with ours. Finding out first
      // would cost a read of every vendor in Spectrum.
      const sdx = client.batch();
      const about = `vendor ${vendor.vendorCode}`;
      const fields = {
        Vendor_Code: vendor.vendorCode,
        Vendor_Name: vendor.name,
        Address_1: vendor.address?.line1,
        // Our profile's AddVendor has no City: the city line is the third address line.
        Address_3: vendor.address?.city,
        State: vendor.address?.state,
        Zip_Code: vendor.address?.zip,
        Vendor_Email: vendor.email,
      };
      const writeAsNew = () =>
        sdx
          .put('AddVendor', {
            ...fields,
            Alpha_Sort: alphaSort(vendor),
            Terms_Code: defaultTerms.code,
            Terms_Days: defaultTerms.days,
          })
          .catch(refused('vendor', about));
      if (vendor.isNew) {
        await writeAsNew();
      } else {
        await sdx.put('AddVendor', fields).catch(async (error: unknown) => {
          const missing =
            error instanceof RejectedErpError &&
            error.erpCode === 'M' &&
            newVendorColumns.has(error.field ?? '');
          if (!missing) refused('vendor', about)(error);
          await writeAsNew();
        });
      }
      return written(sdx, { vendor: vendor.vendorCode });
    },

    async upsertCommitment(commitment: CommitmentWrite) {
      const sdx = client.batch();
      const about = `subcontract ${commitment.number} of vendor ${commitment.vendorCode}`;
      await sdx
        .put('UpdateSubcontract', {
          Vendor_Code: commitment.vendorCode,
          Subcontract_Number: commitment.number,
          Job_Number: commitment.jobNumber,
          GL_Account: settings.glAccount || defaultGlAccount,
          Comment: commitment.title,
          Status_Code: commitment.status === 'void' ? 'V' : 'A',
          Retention_Percent:
            commitment.retentionPercent === undefined
              ? ''
              : String(Math.round(commitment.retentionPercent * 100) / 100),
          Date_Issued: sdxDate(commitment.dateIssued, 'dateIssued'),
        })
        .catch(refused('subcontract', about));
      // The header exists now; its lines are independent of each other.
      await forEachLimited(
        commitment.lines.map((line, index) => ({ line, bidItem: String(index + 1) })),
        parallelCalls,
        async ({ line, bidItem }) => {
          await sdx
            .put('UpdateSubcontractPhases', {
              Vendor_Code: commitment.vendorCode,
              Subcontract_Number: commitment.number,
              Phase_Code: toPhaseCode(line.code),
              Cost_Type: line.costType,
              Bid_Item_Number: bidItem,
              Bill_Description: line.description,
              Original_Contract_Amount: formatAmount(line.amount),
            })
            .catch(refused('subcontractLines', `${about}, line ${bidItem}`));
        },
      );
      return written(sdx, { vendor: commitment.vendorCode, subcontract: commitment.number });
    },

    async upsertChangeOrder(changeOrder: ChangeOrderWrite) {
      if (changeOrder.lines.length === 0) {
        throw new RejectedErpError('A Spectrum change request needs at least one cost line', 'lines');
      }
      const sdx = client.batch();
      const job = await getJob(sdx, changeOrder.jobNumber);
      if (!job) {
        throw new RejectedErpError(`Job ${changeOrder.jobNumber} does not exist in Spectrum`, 'jobNumber');
      }
      if (!job.customerCode) {
        throw new RejectedErpError(
          `Job ${changeOrder.jobNumber} has no customer in Spectrum; a change request needs one`,
          'jobNumber',
        );
      }
      const customerCode = job.customerCode;
      const approved = changeOrder.status === 'approved';
      const header = {
        Job_Number: changeOrder.jobNumber,
        Customer_Code: customerCode,
        Change_Request_Number: changeOrder.number,
        // Required for a new change request: our title stands in when there is no longer description.
        CR_Description: changeOrder.description || changeOrder.title,
        CR_Status: approved ? 'A' : 'D',
        Origination_Date: sdxDate(changeOrder.date, 'date'),
        Subcontractor_Code: changeOrder.vendorCode,
        Subcontract_Number: changeOrder.commitmentNumber,
        Sub_Status: approved ? 'E' : 'R',
        Sub_Change_Order_Number: changeOrder.number,
        Sub_Description: changeOrder.title,
      };
      const send = async ({ code, phase, costType, amount }: PhaseTotal) => {
        const value = formatAmount(amount);
        await sdx
          .put('ARChangeRequest', {
            ...header,
            CR_Phase_Code: phase,
            CR_Cost_Type: costType,
            CR_Amount: value,
            Sub_Amount: value,
          })
          .catch(
            refused('changeRequest', `change order ${changeOrder.number}, cost code ${code} ${costType}`),
          );
      };
      // The first line creates the change request; the others only add to it.
      const [first, ...others] = sumByPhase(changeOrder.lines);
      await send(first!);
      await forEachLimited(others, parallelCalls, send);
      return written(sdx, {
        changeRequest: `${changeOrder.jobNumber} ${customerCode} ${changeOrder.number}`,
        subcontract: changeOrder.commitmentNumber,
      });
    },
  };
}

/**
 * Turns the client's refusal (which names a Spectrum column) into ours (which names our field, see
 * `columnPaths`), saying which record it was about; `explain` may say what the refusal means for us.
 */
function refused(
  context: WriteContext,
  about: string,
  explain?: (error: RejectedErpError) => string | undefined,
) {
  return (error: unknown): never => {
    if (!(error instanceof RejectedErpError)) throw error;
    const column = error.field;
    const path = column ? (columnPaths[context] as Record<string, string>)[column] : undefined;
    const where = path || !column ? about : `${about}, Spectrum column ${column}`;
    const meaning = explain?.(error);
    throw new RejectedErpError(
      `${error.message} (${where}${meaning ? `: ${meaning}` : ''})`,
      path,
      error.erpCode,
    );
  };
}

/** An estimate sends no description nor price method: Spectrum missing one means the phase is not there. */
const notOnJob = (jobNumber: string) => (error: RejectedErpError) =>
  error.erpCode === 'M' && (error.field === 'Description' || error.field === 'Price_Method_Code')
    ? `not on job ${jobNumber} in Spectrum; export the cost code before its budget`
    : undefined;

/** A write's result: the ERP's ids, and Spectrum's warnings on what it stored, if it had any. */
function written(sdx: SdxBatch, erpIds: Record<string, string>): WriteResult {
  return sdx.warnings.length > 0 ? { erpIds, warnings: [...sdx.warnings] } : { erpIds };
}

function sdxDate(iso: string | undefined, path: string): string {
  if (!iso) return '';
  const date = formatDate(iso);
  if (date === undefined) throw new RejectedErpError(`${iso} is not a date (YYYY-MM-DD)`, path);
  return date;
}

/** Cost codes by Spectrum phase (`03-300` and `03300` are one): the first description, every cost type once. */
function mergeCostCodes(codes: CostCodeWrite[]) {
  const merged = new Map<string, { code: string; phase: string; description: string; costTypes: string[] }>();
  for (const { code, description, costTypes } of codes) {
    const phase = toPhaseCode(code);
    const entry = merged.get(phase) ?? { code, phase, description, costTypes: [] };
    merged.set(phase, entry);
    for (const costType of costTypes) if (!entry.costTypes.includes(costType)) entry.costTypes.push(costType);
  }
  return [...merged.values()];
}

interface PhaseTotal {
  code: string;
  phase: string;
  costType: string;
  amount: number;
}

/**
 * Lines summed per phase × cost type: Spectrum keeps one estimate per pair, and a change request takes
 * a pair at most once, so two of our lines on one pair are one amount there.
 */
function sumByPhase(lines: readonly { code: string; costType: string; amount: number }[]): PhaseTotal[] {
  const totals = new Map<string, PhaseTotal>();
  for (const { code, costType, amount } of lines) {
    const phase = toPhaseCode(code);
    const key = `${phase} ${costType}`;
    const total = totals.get(key) ?? { code, phase, costType, amount: 0 };
    total.amount += amount;
    totals.set(key, total);
  }
  return [...totals.values()];
}

/** The AddVendor columns Spectrum requires of a new vendor only: missing, they say the vendor is new. */
const newVendorColumns = new Set(['Alpha_Sort', 'Terms_Code', 'Terms_Days']);

/** Spectrum's sort key (≤6, required): the name's letters and digits, upper case; the code if none. */
function alphaSort({ name, vendorCode }: VendorWrite): string {
  return (name.toUpperCase().replace(/[^A-Z0-9]/g, '') || vendorCode).slice(0, 6);
}
