import type { Kysely, Selectable } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import { changeRequestNumberCandidates } from '../../domain/change-request-number.ts';
import type { Company } from '../../domain/company.ts';
import { type ProblemDetail, preconditionFailed } from '../../domain/errors.ts';
import type { ConnectorDescription, ErpJob } from '../../erp/connector.ts';
import type { SendSubject } from '../shared/send-subjects/index.ts';
import { reserveErpKey, reserveVendorCode } from './erp-key-reservations.ts';

/** What an approver may choose at accept (and change at retry). */
export interface AcceptOptions {
  jobNumber?: string;
  jobTemplate?: string;
  vendorCode?: string;
  title?: string;
  description?: string;
}

/** The approver's choices of an earlier accept, so that a retry without options keeps them. */
export function previousChoices(stored: ExportOptions | null): AcceptOptions {
  if (stored?.kind === 'project')
    return { jobNumber: stored.jobNumber, jobTemplate: stored.jobTemplate ?? undefined };
  if (stored?.kind === 'vendor') return { vendorCode: stored.vendorCode };
  if (stored?.kind === 'change_order') return { title: stored.title, description: stored.description };
  return {};
}

/** The options the export runs with, defaults applied; stored on the request. */
export type ExportOptions =
  | { kind: 'project'; jobNumber: string; jobTemplate: string | null; template: ErpJob | null }
  | {
      kind: 'vendor';
      vendorCode: string;
      /** The vendor's first export (a create); absent from options stored before it: an update. */
      isNew?: boolean;
    }
  | {
      kind: 'change_order';
      title?: string;
      description?: string;
      /** The ERP's number for it, unique on its job (allocated at its first accept, then kept). */
      erpNumber: string;
    }
  | { kind: 'cost_codes' | 'budget' | 'commitment' };

const optionKinds: Record<keyof AcceptOptions, Selectable<ErpRequestsTable>['kind']> = {
  jobNumber: 'project',
  jobTemplate: 'project',
  vendorCode: 'vendor',
  title: 'change_order',
  description: 'change_order',
};

function refuse(problems: ProblemDetail[]): never {
  throw preconditionFailed(problems.map((p) => p.message).join('; '), problems);
}

async function erpJob(db: Kysely<DB>, companyId: string, jobNumber: string) {
  return db
    .selectFrom('erp_jobs')
    .select(['data', 'linked_project_id'])
    .where('company_id', '=', companyId)
    .where('job_number', '=', jobNumber)
    .executeTakeFirst();
}

/**
 * The change order's ERP number on its job: the one allocated at an earlier accept, else the first free
 * candidate, reserved in the accept's transaction (a unique key makes two accepts at once take two).
 */
async function erpChangeRequestNumber(
  db: Kysely<DB>,
  request: Selectable<ErpRequestsTable>,
  snapshot: Record<string, unknown>,
  description: ConnectorDescription,
): Promise<string> {
  const kept = await db
    .selectFrom('erp_change_request_numbers')
    .select('number')
    .where('change_order_id', '=', request.subject_id)
    .executeTakeFirst();
  if (kept) return kept.number;
  const candidates = changeRequestNumberCandidates(
    snapshot.number as string,
    description.changeOrderNumberLength,
  );
  for (;;) {
    const number = candidates.next().value;
    const reserved = await db
      .insertInto('erp_change_request_numbers')
      .values({
        company_id: request.company_id,
        job_number: snapshot.jobNumber as string,
        number,
        change_order_id: request.subject_id,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('number')
      .executeTakeFirst();
    if (reserved) return reserved.number;
  }
}

/**
 * Applies the defaults of API.md (job number from the project, template from the company setting, vendor
 * code derived from the name, unique) and checks the options against what the sync knows of the ERP: a
 * job number or vendor code already used there is refused — an export never overwrites an ERP record.
 * The keys the export will create (job number, new vendor's code, subcontract number) are reserved for
 * the record in the caller's transaction; one another record holds is refused too.
 */
export async function resolveExportOptions(
  db: Kysely<DB>,
  request: Selectable<ErpRequestsTable>,
  options: AcceptOptions,
  company: Company,
  description: ConnectorDescription,
  erpName: string,
): Promise<ExportOptions> {
  const misplaced = (Object.keys(options) as (keyof AcceptOptions)[]).filter(
    (key) => options[key] !== undefined && optionKinds[key] !== request.kind,
  );
  if (misplaced.length)
    refuse(
      misplaced.map((key) => ({ path: key, message: `${key} is not an option for this kind of request` })),
    );
  const snapshot = fromJson<Record<string, unknown>>(request.snapshot);

  switch (request.kind) {
    case 'project': {
      const jobNumber = options.jobNumber ?? (snapshot.number as string | null);
      if (!jobNumber)
        refuse([{ path: 'jobNumber', message: 'The project has no number: choose the ERP job number' }]);
      const used = await erpJob(db, company.id, jobNumber);
      // The job of an earlier attempt of this very project is ours to complete, not someone else's.
      if (used && used.linked_project_id !== request.subject_id) {
        refuse([
          {
            path: 'jobNumber',
            message: `Job ${jobNumber} already exists in ${erpName}; choose another number`,
          },
        ]);
      }
      if (!(await reserveErpKey(db, request, { kind: 'job', key: jobNumber }))) {
        refuse([
          {
            path: 'jobNumber',
            message: `Job ${jobNumber} is reserved for another project's export to ${erpName}; choose another number`,
          },
        ]);
      }
      const jobTemplate = options.jobTemplate ?? company.settings.defaultJobTemplate;
      let template: ErpJob | null = null;
      if (jobTemplate) {
        const found = await erpJob(db, company.id, jobTemplate);
        if (!found)
          refuse([
            {
              path: 'jobTemplate',
              message: `Job template ${jobTemplate} is not a job in ${erpName} (sync first?)`,
            },
          ]);
        template = fromJson<ErpJob>(found.data);
      }
      return { kind: 'project', jobNumber, jobTemplate: jobTemplate ?? null, template };
    }
    case 'vendor': {
      // Decided at send and kept through a failure and its retries: a vendor never synced has no
      // requested updates (a synced one always has, or it could not be sent).
      const isNew = request.requested_updates === null;
      const proposed = options.vendorCode ?? (snapshot.vendorCode as string | null);
      // An update's snapshot holds the code the ERP knows the vendor by: taken, by the vendor itself,
      // and the only one an update may name (another would be a second vendor in the ERP).
      const own = isNew ? null : (snapshot.vendorCode as string);
      if (own !== null && proposed !== own) {
        refuse([
          {
            path: 'vendorCode',
            message: `The vendor is ${own} in ${erpName}; an update cannot change its code`,
          },
        ]);
      }
      if (own !== null) return { kind: 'vendor', vendorCode: own, isNew };
      const maxLength = description.fields.vendor.find((r) => r.path === 'vendorCode')?.maxLength ?? 10;
      const name = snapshot.name as string;
      const vendorCode = await reserveVendorCode(db, request, {
        code: proposed ?? undefined,
        name,
        maxLength,
      });
      if (vendorCode === undefined) {
        refuse([
          {
            path: 'vendorCode',
            message: `Vendor code ${proposed} is already used in ${erpName} or reserved for another vendor; choose another`,
          },
        ]);
      }
      return { kind: 'vendor', vendorCode, isNew };
    }
    case 'change_order': {
      if (
        (options.title !== undefined || options.description !== undefined) &&
        !company.features.customCcoTitle
      ) {
        refuse([
          {
            path: options.title !== undefined ? 'title' : 'description',
            message: 'A custom change order title needs the customCcoTitle feature',
          },
        ]);
      }
      return {
        kind: 'change_order',
        title: options.title,
        description: options.description,
        erpNumber: await erpChangeRequestNumber(db, request, snapshot, description),
      };
    }
    case 'commitment': {
      // Spectrum keys a subcontract by vendor and number, and UpdateSubcontract writes over a match.
      const vendorCode = (snapshot.vendor as { vendorCode: string }).vendorCode;
      const number = snapshot.number as string;
      if (!(await reserveErpKey(db, request, { kind: 'subcontract', scope: vendorCode, key: number }))) {
        refuse([
          {
            path: 'number',
            message: `Subcontract ${number} of vendor ${vendorCode} is another commitment's in ${erpName}; reject it so that it can be renumbered`,
          },
        ]);
      }
      return { kind: 'commitment' };
    }
    default:
      return { kind: request.kind };
  }
}

/** The subject's preflight view as the export will write it: options applied, template blanks filled. */
export function viewWithOptions(subject: SendSubject, options: ExportOptions): unknown {
  const view = { ...(subject.preflightView as Record<string, unknown>) };
  if (options.kind === 'project') {
    view.jobNumber = options.jobNumber;
    const template = options.template as Record<string, unknown> | null;
    for (const field of ['division', 'customerCode', 'costCenter', 'priceMethod', 'address']) {
      if ((view[field] === null || view[field] === undefined) && template?.[field] !== undefined)
        view[field] = template[field];
    }
  }
  if (options.kind === 'vendor') view.vendorCode = options.vendorCode;
  if (options.kind === 'change_order') {
    if (options.title !== undefined) view.title = options.title;
    if (options.description !== undefined) view.description = options.description;
  }
  return view;
}
