/**
 * Jobs, cost codes, categories and estimates in Sage 300 CRE (ERP.md §3), through the agent:
 *
 *   project           → find the job (is the number free?), the template's row, create the job
 *                       (CreateOnly: Sage formats the number, e.g. 241001 → 24-1001), then its cost codes
 *   cost code × type  → the job's cost codes and categories, then a save of each code the job lacks (with
 *                       its description) and of each category it lacks; an existing code's description
 *                       is never sent again (accounting owns it)
 *   budget            → the job's categories; the first export sets Original_Estimate, a revision sets
 *                       Approved_Estimate_Changes so that the total is the new amount
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
import type { SageRow } from './protocol.ts';
import type { SageLink } from './sage-link.ts';
import {
  addressPaths,
  fromSageAddress,
  fromSageMoney,
  tables,
  toSageAddress,
  toSageMoney,
} from './tables.ts';

const unclaimed: CreateClaim = { claimed: false, claim: async () => {} };

const jobPaths = { ...addressPaths, Job: 'jobNumber', Description: 'name', Customer: 'customerCode' };
const costCodePaths = { Cost_Code: 'code', Description: 'description', Category: 'costTypes[]' };
const estimatePaths = {
  Cost_Code: 'lines[].code',
  Category: 'lines[].costType',
  Original_Estimate: 'lines[].amount',
};

/** Independent saves (cost codes of a job) one write keeps in flight. */
const parallelWrites = 8;

async function forEachLimited<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(parallelWrites, queue.length) }, worker));
}

const duplicateJob = (jobNumber: string) =>
  new DuplicateErpError(
    `Job ${jobNumber} already exists in Sage 300 CRE; retry with another job number`,
    'jobNumber',
  );

export async function createJob(
  link: SageLink,
  job: JobWrite,
  costCodes: CostCodeWrite[],
  { claimed, claim }: CreateClaim = unclaimed,
): Promise<WriteResult> {
  const [existing, template] = await Promise.all([
    link.find(tables.job, { Job: job.jobNumber }),
    job.template ? link.find(tables.job, { Job: job.template }) : undefined,
  ]);
  if (job.template && !template)
    throw new RejectedErpError(`Job template ${job.template} does not exist in Sage 300 CRE`, 'template');
  if (existing && !claimed) throw duplicateJob(job.jobNumber);
  if (!claimed) await claim();
  // The address comes whole from the project, or whole from the template: never a mix of the two.
  const address = toSageAddress(job.address ?? (template && fromSageAddress(template)));
  const row: SageRow = {
    Job: job.jobNumber,
    Description: job.description,
    ...address,
    Customer: job.customerCode || (template?.Customer as string | undefined) || '',
    Status: 'In progress',
  };
  const answer = await link.write('create', `job:${job.jobNumber}`, tables.job, row, jobPaths);
  // Add-only: a job under our number is ours only if an earlier run of this same command made it.
  if (answer.outcome === 'exists' && !answer.ours) throw duplicateJob(job.jobNumber);
  const jobNumber = String(answer.stored.Job);
  const codes = await saveCostCodes(link, jobNumber, costCodes);
  return {
    erpIds: { job: jobNumber, ...codes.erpIds },
    ...(answer.outcome === 'written' && answer.warnings.length > 0 && { warnings: answer.warnings }),
  };
}

export function addCostCodes(
  link: SageLink,
  jobNumber: string,
  costCodes: CostCodeWrite[],
): Promise<WriteResult> {
  return saveCostCodes(link, jobNumber, costCodes);
}

const pairKey = (code: string, category: string) => `${code}\u0000${category}`;

/**
 * The cost codes and categories the job lacks, each saved once. Sage formats a code (03300 → 03-300):
 * the job's codes are matched both ways, as sent and as Sage stored them.
 */
async function saveCostCodes(
  link: SageLink,
  jobNumber: string,
  costCodes: CostCodeWrite[],
): Promise<WriteResult> {
  const [codes, categories] = await Promise.all([
    link.read(tables.costCode, { Job: jobNumber, Extra: '' }),
    link.read(tables.category, { Job: jobNumber, Extra: '' }),
  ]);
  const onJob = new Map(codes.rows.map((row) => [String(row.Cost_Code), String(row.Cost_Code)]));
  const pairs = new Set(categories.rows.map((row) => pairKey(String(row.Cost_Code), String(row.Category))));
  const erpIds: Record<string, string> = {};
  await forEachLimited(costCodes, async (code) => {
    let stored = onJob.get(code.code);
    if (stored === undefined) {
      const answer = await link.write(
        'save',
        `cost-code:${jobNumber}:${code.code}`,
        tables.costCode,
        { Job: jobNumber, Extra: '', Cost_Code: code.code, Description: code.description },
        costCodePaths,
      );
      stored = String(answer.stored.Cost_Code);
    }
    for (const category of code.costTypes) {
      if (!pairs.has(pairKey(stored, category))) {
        await link.write(
          'save',
          `category:${jobNumber}:${stored}:${category}`,
          tables.category,
          { Job: jobNumber, Extra: '', Cost_Code: stored, Category: category },
          costCodePaths,
        );
      }
      erpIds[`${code.code} ${category}`] = `${jobNumber} ${stored} ${category}`;
    }
  });
  return { erpIds };
}

export async function setEstimates(
  link: SageLink,
  jobNumber: string,
  lines: EstimateLine[],
  { revision = false } = {},
): Promise<WriteResult> {
  const categories = await link.read(tables.category, { Job: jobNumber, Extra: '' });
  const byPair = new Map(
    categories.rows.map((row) => [pairKey(String(row.Cost_Code), String(row.Category)), row]),
  );
  const missing = lines.find((line) => !byPair.has(pairKey(line.code, line.costType)));
  if (missing) {
    const codeOnJob = categories.rows.some((row) => row.Cost_Code === missing.code);
    throw new RejectedErpError(
      codeOnJob
        ? `Category ${missing.costType} of cost code ${missing.code} is not on job ${jobNumber} in Sage 300 CRE`
        : `Cost code ${missing.code} is not on job ${jobNumber} in Sage 300 CRE`,
      codeOnJob ? 'lines[].costType' : 'lines[].code',
    );
  }
  const erpIds: Record<string, string> = {};
  await forEachLimited(lines, async (line) => {
    const row = byPair.get(pairKey(line.code, line.costType))!;
    const key = { Job: jobNumber, Extra: '', Cost_Code: line.code, Category: line.costType };
    // A revision leaves the original estimate as Sage keeps it and moves the total by an approved change.
    const estimate: SageRow = revision
      ? { Approved_Estimate_Changes: toSageMoney(line.amount - fromSageMoney(row.Original_Estimate)) }
      : { Original_Estimate: toSageMoney(line.amount), Approved_Estimate_Changes: 0 };
    await link.write(
      'save',
      `estimate:${jobNumber}:${line.code}:${line.costType}`,
      tables.category,
      { ...key, ...estimate },
      estimatePaths,
    );
    erpIds[`${line.code} ${line.costType}`] = `${jobNumber} ${line.code} ${line.costType}`;
  });
  return { erpIds };
}
