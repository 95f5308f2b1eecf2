import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, type TString, Type } from 'typebox';
import type { Actor } from '../../domain/actor.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import { archiveErpJob, archiveErpVendor } from '../../workflows/sync/archive-erp-entry.ts';
import { importBudgetFromErp } from '../../workflows/sync/import-budget-from-erp.ts';
import { importErpJob } from '../../workflows/sync/import-erp-job.ts';
import { importErpVendor } from '../../workflows/sync/import-erp-vendor.ts';
import { linkErpJob } from '../../workflows/sync/link-erp-job.ts';
import { linkErpVendor } from '../../workflows/sync/link-erp-vendor.ts';
import { listErpJobs } from '../../workflows/sync/list-erp-jobs.ts';
import { listErpVendors } from '../../workflows/sync/list-erp-vendors.ts';
import { listJobTemplates } from '../../workflows/sync/list-job-templates.ts';
import { listSyncRuns } from '../../workflows/sync/list-sync-runs.ts';
import { requestSync } from '../../workflows/sync/request-sync.ts';
import { loadSyncRun } from '../../workflows/sync/sync-runs.ts';
import { actorAndCompany, actorOf } from '../plugins/access.ts';
import { emptyBodyAsObject } from '../plugins/optional-body.ts';
import { BudgetView, presentBudget } from '../schemas/budgets.ts';
import { Project } from '../schemas/projects.ts';
import { Vendor } from '../schemas/vendors.ts';
import {
  Address,
  Body,
  CompanyParams,
  Id,
  NoBody,
  named,
  Page,
  PageQuery,
  ProjectParams,
  pageOf,
  problemResponses,
  Timestamp,
  Version,
} from '../schemas.ts';

const Count = Type.Integer({ minimum: 0 });
const SyncRun = named(
  'SyncRun',
  Type.Object({
    id: Id,
    status: Type.Enum(['queued', 'running', 'succeeded', 'failed']),
    trigger: Type.Enum(['manual', 'schedule']),
    counts: Type.Union([
      Type.Object({
        jobs: Count,
        jobTemplates: Count,
        costCodes: Count,
        costTypes: Count,
        vendors: Count,
        jobCosts: Count,
        changed: Count,
      }),
      Type.Null(),
    ]),
    error: Type.Optional(Type.String()),
    createdAt: Timestamp,
    startedAt: Type.Optional(Timestamp),
    finishedAt: Type.Optional(Timestamp),
  }),
);
const SyncRunParams = Type.Object({ c: Id, id: Id });
const ErpJob = named(
  'ErpJob',
  Type.Object({
    jobNumber: Type.String(),
    description: Type.String(),
    status: Type.Enum(['active', 'inactive', 'complete']),
    division: Type.Optional(Type.String()),
    address: Type.Optional(Address),
    customerCode: Type.Optional(Type.String()),
    costCenter: Type.Optional(Type.String()),
    priceMethod: Type.Optional(Type.String()),
    taxable: Type.Optional(Type.Boolean()),
    isTemplate: Type.Boolean(),
    archived: Type.Boolean(),
    linkedProjectId: Type.Optional(Id),
    seenAt: Timestamp,
  }),
);
const ErpVendor = named(
  'ErpVendor',
  Type.Object({
    vendorCode: Type.String(),
    name: Type.String(),
    address: Type.Optional(Address),
    archived: Type.Boolean(),
    linkedVendorId: Type.Optional(Id),
    seenAt: Timestamp,
  }),
);
const MirrorQuery = PageQuery({
  linked: Type.Optional(
    Type.Boolean({ description: 'false: only in the ERP (not archived); true: linked; absent: all' }),
  ),
});
const ErpCode = Type.String({ minLength: 1, maxLength: 30 });

/** An entry acted on: who acts, the company, and the ERP's code for the entry. */
interface EntryRef {
  actor: Actor;
  companyId: string;
  code: string;
}

/**
 * A list the sync mirrors from the ERP. Jobs and vendors work alike (list; import, link or archive an entry
 * named by the ERP's code), so one loop registers the routes of both.
 */
interface ErpMirror {
  /** The path segment after `/erp/`. */
  entries: 'jobs' | 'vendors';
  /** An entry's name in the operation ids (`listErpJobs`, `importErpJob`…). */
  noun: 'ErpJob' | 'ErpVendor';
  /** The path parameter: the ERP's code for an entry. */
  key: 'jobNumber' | 'vendorCode';
  /** The body field of Link: the record that becomes synced with the entry. */
  linkTo: 'projectId' | 'vendorId';
  /** An entry as the mirror holds it. */
  Entry: TSchema;
  /** The record that Import creates and Link joins. */
  Record: TSchema;
  summaries: Record<'list' | 'import' | 'link' | 'archive', string>;
  list(
    ctx: WorkflowContext,
    props: { companyId: string; linked?: boolean; limit: number; cursor?: string },
  ): Promise<{ items: unknown[]; nextCursor: string | null }>;
  import(ctx: WorkflowContext, entry: EntryRef): Promise<unknown>;
  link(ctx: WorkflowContext, entry: EntryRef, recordId: string): Promise<unknown>;
  archive(ctx: WorkflowContext, entry: EntryRef): Promise<unknown>;
}

const mirrors: ErpMirror[] = [
  {
    entries: 'jobs',
    noun: 'ErpJob',
    key: 'jobNumber',
    linkTo: 'projectId',
    Entry: ErpJob,
    Record: Project,
    summaries: {
      list: 'ERP jobs; `linked=false` is "Jobs only in ERP"',
      import: "Import an ERP job as a new project, synced, with the job's cost codes",
      link: 'Link an ERP job to a project the ERP does not know yet; the project becomes synced',
      archive: 'Hide an ERP job from "Jobs only in ERP"',
    },
    list: (ctx, props) => listErpJobs(ctx.database.db, props),
    import: (ctx, { code, ...by }) => importErpJob(ctx, { ...by, jobNumber: code }),
    link: (ctx, { code, ...by }, projectId) => linkErpJob(ctx, { ...by, jobNumber: code, projectId }),
    archive: (ctx, { code, ...by }) => archiveErpJob(ctx, { ...by, jobNumber: code }),
  },
  {
    entries: 'vendors',
    noun: 'ErpVendor',
    key: 'vendorCode',
    linkTo: 'vendorId',
    Entry: ErpVendor,
    Record: Vendor,
    summaries: {
      list: 'ERP vendors; `linked=false` is "Vendors only in ERP"',
      import: "Import an ERP vendor into the company's directory, synced",
      link: 'Link an ERP vendor to a directory vendor the ERP does not know yet',
      archive: 'Hide an ERP vendor from "Vendors only in ERP"',
    },
    list: (ctx, props) => listErpVendors(ctx.database.db, props),
    import: (ctx, { code, ...by }) => importErpVendor(ctx, { ...by, vendorCode: code }),
    link: (ctx, { code, ...by }, vendorId) => linkErpVendor(ctx, { ...by, vendorCode: code, vendorId }),
    archive: (ctx, { code, ...by }) => archiveErpVendor(ctx, { ...by, vendorCode: code }),
  },
];

/** The sync from the ERP, "Jobs/Vendors only in ERP" (import, link, archive) and the budget import. */
export const erpSyncRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  const { db } = ctx.database;

  app.post(
    '/companies/:c/erp/sync',
    {
      config: { access: 'runErpSync' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['erp sync'],
        operationId: 'startErpSync',
        summary: 'Sync from the ERP now: jobs, templates, cost codes, cost types, vendors, job costs',
        params: CompanyParams,
        body: NoBody,
        response: { 202: Type.Object({ syncRunId: Id }), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(202).send(await requestSync(ctx, actorAndCompany(request))),
  );

  app.get(
    '/companies/:c/erp/sync-runs',
    {
      config: { access: 'viewErpQueue' },
      schema: {
        tags: ['erp sync'],
        operationId: 'listSyncRuns',
        summary: 'The sync history, newest first',
        params: CompanyParams,
        querystring: PageQuery({}),
        response: { 200: Page(SyncRun), ...problemResponses },
      },
    },
    async (request) => listSyncRuns(db, { companyId: request.params.c, ...pageOf(request.query) }),
  );

  app.get(
    '/companies/:c/erp/sync-runs/:id',
    {
      config: { access: 'viewErpQueue' },
      schema: {
        tags: ['erp sync'],
        operationId: 'getSyncRun',
        summary: 'A sync run: its status, what it read and changed, or why it failed',
        params: SyncRunParams,
        response: { 200: SyncRun, ...problemResponses },
      },
    },
    async (request) => loadSyncRun(db, request.params.c, request.params.id),
  );

  app.get(
    '/companies/:c/erp/job-templates',
    {
      config: { access: 'viewErpQueue' },
      schema: {
        tags: ['erp sync'],
        operationId: 'listJobTemplates',
        summary: 'The ERP jobs a new job may copy its settings from (the job template of Accept)',
        params: CompanyParams,
        querystring: PageQuery({}),
        response: {
          200: Page(Type.Object({ jobNumber: Type.String(), description: Type.String() })),
          ...problemResponses,
        },
      },
    },
    async (request) => listJobTemplates(db, { companyId: request.params.c, ...pageOf(request.query) }),
  );

  for (const mirror of mirrors) {
    const { summaries } = mirror;
    const list = `/companies/:c/erp/${mirror.entries}`;
    const entry = `${list}/:${mirror.key}`;
    const EntryParams = Type.Object<Record<string, TString>>({ c: Id, [mirror.key]: ErpCode });
    const entryOf = (request: { actor?: Actor; params: Record<string, string> }): EntryRef => ({
      actor: actorOf(request),
      companyId: request.params.c!,
      code: request.params[mirror.key]!,
    });

    app.get(
      list,
      {
        config: { access: 'viewErpQueue' },
        schema: {
          tags: ['erp sync'],
          operationId: `list${mirror.noun}s`,
          summary: summaries.list,
          params: CompanyParams,
          querystring: MirrorQuery,
          response: { 200: Page(mirror.Entry), ...problemResponses },
        },
      },
      async (request) => mirror.list(ctx, { companyId: request.params.c, ...pageOf(request.query) }),
    );

    app.post(
      `${entry}/import`,
      {
        config: { access: 'manageErpLinks' },
        preValidation: emptyBodyAsObject,
        schema: {
          tags: ['erp sync'],
          operationId: `import${mirror.noun}`,
          summary: summaries.import,
          params: EntryParams,
          body: NoBody,
          response: { 201: mirror.Record, ...problemResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await mirror.import(ctx, entryOf(request))),
    );

    app.post(
      `${entry}/link`,
      {
        config: { access: 'manageErpLinks' },
        schema: {
          tags: ['erp sync'],
          operationId: `link${mirror.noun}`,
          summary: summaries.link,
          params: EntryParams,
          body: Body<Record<string, TString>>({ [mirror.linkTo]: Id }),
          response: { 200: mirror.Record, ...problemResponses },
        },
      },
      async (request) => mirror.link(ctx, entryOf(request), request.body[mirror.linkTo]!),
    );

    app.post(
      `${entry}/archive`,
      {
        config: { access: 'manageErpLinks' },
        preValidation: emptyBodyAsObject,
        schema: {
          tags: ['erp sync'],
          operationId: `archive${mirror.noun}`,
          summary: summaries.archive,
          params: EntryParams,
          body: NoBody,
          response: { 200: mirror.Entry, ...problemResponses },
        },
      },
      async (request) => mirror.archive(ctx, entryOf(request)),
    );
  }

  app.post(
    '/companies/:c/projects/:p/budget/import-from-erp',
    {
      config: { access: 'editProjectRecords' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['budgets'],
        operationId: 'importBudgetFromErp',
        summary: "Replace an unsynced, unlocked budget with the ERP job's original estimates",
        params: ProjectParams,
        body: Body({ version: Type.Optional(Version) }),
        response: { 200: BudgetView, ...problemResponses },
      },
    },
    async (request) =>
      presentBudget(
        await importBudgetFromErp(ctx, {
          ...actorAndCompany(request),
          projectId: request.params.p,
          version: request.body.version,
        }),
      ),
  );
};
