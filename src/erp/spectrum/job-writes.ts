/**
 * Jobs, their phases and their estimates (ERP.md §2):
 *
 *   project          → GetJob (is the number free?), the template's GetJob + GetJobMain rows, AddJob
 *                      (add-only), then its cost codes
 *   cost code × type → GetPhase of the job, AddPhase for each pair it lacks (an existing phase's
 *                      description is shared by its cost types and never overwritten: sent empty)
 *   budget           → AddPhase's Original_Est_Cost on the first export; a revision sets Current_Est_Cost
 *                      of the changed lines and reads them back (Spectrum ignores current estimates
 *                      when "Current Estimate display only?" is set in Job Cost Installation)
 */
import {
  type CostCodeWrite,
  type CreateClaim,
  DuplicateErpError,
  type EstimateLine,
  type JobWrite,
  RejectedErpError,
  type WriteResult,
} from '../connector.ts';
import { forEachLimited } from './parallel.ts';
import { isAlreadyThere, isOurOwnAdd, refused, written } from './refusals.ts';
import type { LengthCheck } from './rules.ts';
import type { SdxBatch, SdxClient } from './sdx-client.ts';
import type { SpectrumReads } from './spectrum-reads.ts';
import { formatAmount, formatFlag, parseAmount, toPhaseCode } from './values.ts';

export interface JobWriteContext {
  client: SdxClient;
  reads: SpectrumReads;
  /** SDX calls one write keeps in flight for independent records (phases, lines). */
  parallelCalls: number;
  defaultTaxable?: boolean;
  fits: LengthCheck;
}

const unclaimed: CreateClaim = { claimed: false, claim: async () => {} };

export async function createJob(
  ctx: JobWriteContext,
  job: JobWrite,
  costCodes: CostCodeWrite[],
  { claimed, claim }: CreateClaim = unclaimed,
): Promise<WriteResult> {
  const [existing, template] = await Promise.all([
    ctx.reads.jobRows(job.jobNumber),
    job.template ? ctx.reads.jobRows(job.template) : undefined,
  ]);
  if (job.template && !template)
    throw new RejectedErpError(`Job template ${job.template} does not exist in Spectrum`, 'template');
  const taxable = job.taxable ?? ctx.defaultTaxable;
  if (taxable === undefined) {
    throw new RejectedErpError(
      'Spectrum needs a taxable flag for a new job: set it on the project or as the connection default',
      'taxable',
    );
  }
  const t = template?.job;
  // The address comes whole from the project, or whole from the template: never a mix of the two.
  const address = job.address
    ? { line1: job.address.line1, city: job.address.city, state: job.address.state, zip: job.address.zip }
    : { line1: t?.Address_1, line2: t?.Address_2, city: t?.City, state: t?.State, zip: t?.Zip_Code };
  const about = `job ${job.jobNumber}`;
  ctx.fits('project', { ...job, name: job.description, address }, about);
  for (const code of costCodes) ctx.fits('cost_codes', code, `${about}, cost code ${code.code}`);
  const sdx = ctx.client.batch();
  if (!existing) {
    if (!claimed) await claim();
    await sdx
      .put('AddJob', {
        Job_Number: job.jobNumber,
        Job_Description: job.description,
        Division: job.division || t?.Division,
        Address_1: address.line1,
        Address_2: 'line2' in address ? address.line2 : '',
        City: address.city,
        State: address.state,
        Zip_Code: address.zip,
        Customer_Code: job.customerCode || t?.Customer_Code,
        Taxable_Flag: formatFlag(taxable),
        Price_Method_Code: job.priceMethod || template?.main?.Price_Method_Code,
        Cost_Center: job.costCenter || t?.Cost_Center,
      })
      .catch((error: unknown) => {
        // Add-only: a job made under our number since the read is ours only if an earlier run of this
        // export claimed the number (it stored the job and was cut off before it could record so).
        if (isOurOwnAdd(error, 'Job_Number', claimed)) return;
        if (isAlreadyThere(error, 'Job_Number')) throw duplicateJob(job.jobNumber);
        refused('job', about)(error);
      });
  } else if (!claimed) {
    throw duplicateJob(job.jobNumber);
  }
  const phases = await addPhases(ctx, sdx, job.jobNumber, costCodes);
  return written(sdx, { job: job.jobNumber, ...phases });
}

const duplicateJob = (jobNumber: string) =>
  new DuplicateErpError(
    `Job ${jobNumber} already exists in Spectrum; retry with another job number`,
    'jobNumber',
    'I',
  );

export async function addCostCodes(
  ctx: JobWriteContext,
  jobNumber: string,
  costCodes: CostCodeWrite[],
): Promise<WriteResult> {
  for (const code of costCodes) ctx.fits('cost_codes', code, `cost code ${code.code}`);
  const sdx = ctx.client.batch();
  return written(sdx, await addPhases(ctx, sdx, jobNumber, costCodes));
}

/** The phases × cost types in `codes` that the job does not have yet, each once, with their description. */
async function addPhases(
  ctx: JobWriteContext,
  sdx: SdxBatch,
  jobNumber: string,
  codes: CostCodeWrite[],
): Promise<Record<string, string>> {
  const existing = await ctx.reads.phases(jobNumber);
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
  await forEachLimited(missing, ctx.parallelCalls, async ({ code, phase, costType, description }) => {
    await sdx
      .put('AddPhase', {
        Job_Number: jobNumber,
        Phase_Code: phase,
        // The description is the phase's, shared by its cost types: sending ours for an existing phase
        // would rename it, so it goes empty ("leave as is").
        Description: phases.has(phase) ? '' : description,
        Cost_Type: costType,
        Price_Method_Code: 'J',
      })
      .catch(refused('costCodes', `cost code ${code} ${costType}`));
  });
  return erpIds;
}

export async function setEstimates(
  ctx: JobWriteContext,
  jobNumber: string,
  lines: EstimateLine[],
  { revision = false }: { revision?: boolean } = {},
): Promise<WriteResult> {
  ctx.fits('budget', { lines }, `the budget of job ${jobNumber}`);
  const sdx = ctx.client.batch();
  const totals = sumByPhase(lines);
  await forEachLimited(totals, ctx.parallelCalls, async ({ code, phase, costType, amount }) => {
    const value = formatAmount(amount);
    // Description and price method stay empty: an estimate never creates a phase, so Spectrum refuses
    // a code × cost type the job does not have (as missing them), and the refusal says so. A first
    // export leaves the current estimate blank: Spectrum copies the original into it.
    await sdx
      .put('AddPhase', {
        Job_Number: jobNumber,
        Phase_Code: phase,
        Cost_Type: costType,
        ...(revision ? { Current_Est_Cost: value } : { Original_Est_Cost: value }),
      })
      .catch(refused('estimates', `cost code ${code} ${costType}`, notOnJob(jobNumber)));
  });
  if (revision) await checkCurrentEstimates(ctx, jobNumber, totals);
  return written(sdx, { job: jobNumber });
}

/** Spectrum stores a revision without a word or ignores it by an installation option: read it back. */
async function checkCurrentEstimates(ctx: JobWriteContext, jobNumber: string, totals: PhaseTotal[]) {
  const stored = new Map(
    (await ctx.reads.phases(jobNumber, { fresh: true })).map((row) => [
      `${row.Phase_Code} ${row.Cost_Type}`,
      parseAmount(row.Current_Estimated_Dollars),
    ]),
  );
  const ignored = totals.filter(
    ({ phase, costType, amount }) => stored.get(`${phase} ${costType}`) !== amount,
  );
  if (ignored.length > 0) {
    const first = ignored[0]!;
    throw new RejectedErpError(
      `Spectrum kept its current estimate of ${ignored.length} line(s), e.g. cost code ${first.code} ` +
        `${first.costType}: Job Cost Installation's "Current Estimate display only?" is probably set, ` +
        'so revisions must be entered in Spectrum',
      'lines[].amount',
    );
  }
}

/** An estimate sends no description nor price method: Spectrum missing one means the phase is not there. */
const notOnJob = (jobNumber: string) => (error: RejectedErpError) =>
  error.erpCode === 'M' && (error.field === 'Description' || error.field === 'Price_Method_Code')
    ? `not on job ${jobNumber} in Spectrum; export the cost code before its budget`
    : undefined;

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

/** Lines summed per phase × cost type: Spectrum keeps one estimate per pair. */
function sumByPhase(lines: readonly EstimateLine[]): PhaseTotal[] {
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
