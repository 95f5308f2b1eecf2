import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
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
import { requestSync } from '../../workflows/sync/request-sync.ts';
import { loadSyncRun } from '../../workflows/sync/sync-runs.ts';
import { actorOf } from '../plugins/access.ts';
import { emptyBodyAsObject } from '../plugins/optional-body.ts';
import {
  Address,
  Body,
  CompanyParams,
  Id,
  ListQuery,
  Page,
  problemResponses,
  Timestamp,
  Version,
} from '../schemas.ts';
import { BudgetView, Project, presentBudget } from './projects.ts';
import { Vendor } from './vendors.ts';

const Count = Type.Integer({ minimum: 0 });
const SyncRun = Type.Object({
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
});
const ErpJob = Type.Object({
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
});
const ErpVendor = Type.Object({
  vendorCode: Type.String(),
  name: Type.String(),
  address: Type.Optional(Address),
  archived: Type.Boolean(),
  linkedVendorId: Type.Optional(Id),
  seenAt: Timestamp,
});
const MirrorQuery = Type.Object(
  {
    linked: Type.Optional(
      Type.Boolean({ description: 'false: only in the ERP (not archived); true: linked; absent: all' }),
    ),
    ...ListQuery,
  },
  { additionalProperties: false },
);
const JobParams = Type.Object({ c: Id, jobNumber: Type.String({ minLength: 1, maxLength: 30 }) });
const VendorParams = Type.Object({ c: Id, vendorCode: Type.String({ minLength: 1, maxLength: 30 }) });

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
        summary: 'Sync from the ERP now: jobs, templates, cost codes, cost types, vendors, job costs',
        params: CompanyParams,
        body: Body({}),
        response: { 202: Type.Object({ syncRunId: Id }), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await requestSync(ctx, { actor: actorOf(request), companyId: request.params.c })),
  );

  app.get(
    '/companies/:c/erp/sync-runs/:id',
    {
      config: { access: 'viewErpQueue' },
      schema: {
        tags: ['erp sync'],
        summary: 'A sync run: its status, what it read and changed, or why it failed',
        params: Type.Object({ c: Id, id: Id }),
        response: { 200: SyncRun, ...problemResponses },
      },
    },
    async (request) => loadSyncRun(db, request.params.c, request.params.id),
  );

  app.get(
    '/companies/:c/erp/jobs',
    {
      config: { access: 'viewErpQueue' },
      schema: {
        tags: ['erp sync'],
        summary: 'ERP jobs; `linked=false` is "Jobs only in ERP"',
        params: CompanyParams,
        querystring: MirrorQuery,
        response: { 200: Page(ErpJob), ...problemResponses },
      },
    },
    async (request) =>
      listErpJobs(db, { companyId: request.params.c, ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/companies/:c/erp/job-templates',
    {
      config: { access: 'viewErpQueue' },
      schema: {
        tags: ['erp sync'],
        summary: 'The ERP jobs a new job may copy its settings from (the job template of Accept)',
        params: CompanyParams,
        querystring: Type.Object(ListQuery, { additionalProperties: false }),
        response: {
          200: Page(Type.Object({ jobNumber: Type.String(), description: Type.String() })),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      listJobTemplates(db, {
        companyId: request.params.c,
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    '/companies/:c/erp/jobs/:jobNumber/import',
    {
      config: { access: 'manageErpLinks' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['erp sync'],
        summary: "Import an ERP job as a new project, synced, with the job's cost codes",
        params: JobParams,
        body: Body({}),
        response: { 201: Project, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await importErpJob(ctx, { actor: actorOf(request), ...jobOf(request.params) })),
  );

  app.post(
    '/companies/:c/erp/jobs/:jobNumber/link',
    {
      config: { access: 'manageErpLinks' },
      schema: {
        tags: ['erp sync'],
        summary: 'Link an ERP job to a project the ERP does not know yet; the project becomes synced',
        params: JobParams,
        body: Body({ projectId: Id }),
        response: { 200: Project, ...problemResponses },
      },
    },
    async (request) =>
      linkErpJob(ctx, {
        actor: actorOf(request),
        ...jobOf(request.params),
        projectId: request.body.projectId,
      }),
  );

  app.post(
    '/companies/:c/erp/jobs/:jobNumber/archive',
    {
      config: { access: 'manageErpLinks' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['erp sync'],
        summary: 'Hide an ERP job from "Jobs only in ERP"',
        params: JobParams,
        body: Body({}),
        response: { 200: ErpJob, ...problemResponses },
      },
    },
    async (request) => archiveErpJob(ctx, { actor: actorOf(request), ...jobOf(request.params) }),
  );

  app.get(
    '/companies/:c/erp/vendors',
    {
      config: { access: 'viewErpQueue' },
      schema: {
        tags: ['erp sync'],
        summary: 'ERP vendors; `linked=false` is "Vendors only in ERP"',
        params: CompanyParams,
        querystring: MirrorQuery,
        response: { 200: Page(ErpVendor), ...problemResponses },
      },
    },
    async (request) =>
      listErpVendors(db, { companyId: request.params.c, ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    '/companies/:c/erp/vendors/:vendorCode/import',
    {
      config: { access: 'manageErpLinks' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['erp sync'],
        summary: "Import an ERP vendor into the company's directory, synced",
        params: VendorParams,
        body: Body({}),
        response: { 201: Vendor, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await importErpVendor(ctx, { actor: actorOf(request), ...vendorOf(request.params) })),
  );

  app.post(
    '/companies/:c/erp/vendors/:vendorCode/link',
    {
      config: { access: 'manageErpLinks' },
      schema: {
        tags: ['erp sync'],
        summary: 'Link an ERP vendor to a directory vendor the ERP does not know yet',
        params: VendorParams,
        body: Body({ vendorId: Id }),
        response: { 200: Vendor, ...problemResponses },
      },
    },
    async (request) =>
      linkErpVendor(ctx, {
        actor: actorOf(request),
        ...vendorOf(request.params),
        vendorId: request.body.vendorId,
      }),
  );

  app.post(
    '/companies/:c/erp/vendors/:vendorCode/archive',
    {
      config: { access: 'manageErpLinks' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['erp sync'],
        summary: 'Hide an ERP vendor from "Vendors only in ERP"',
        params: VendorParams,
        body: Body({}),
        response: { 200: ErpVendor, ...problemResponses },
      },
    },
    async (request) => archiveErpVendor(ctx, { actor: actorOf(request), ...vendorOf(request.params) }),
  );

  app.post(
    '/companies/:c/projects/:p/budget/import-from-erp',
    {
      config: { access: 'editProjectRecords' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['budgets'],
        summary: "Replace an unsynced, unlocked budget with the ERP job's original estimates",
        params: Type.Object({ c: Id, p: Id }),
        body: Body({ version: Type.Optional(Version) }),
        response: { 200: BudgetView, ...problemResponses },
      },
    },
    async (request) =>
      presentBudget(
        await importBudgetFromErp(ctx, {
          actor: actorOf(request),
          companyId: request.params.c,
          projectId: request.params.p,
          version: request.body.version,
        }),
      ),
  );
};

const jobOf = (params: { c: string; jobNumber: string }) => ({
  companyId: params.c,
  jobNumber: params.jobNumber,
});
const vendorOf = (params: { c: string; vendorCode: string }) => ({
  companyId: params.c,
  vendorCode: params.vendorCode,
});
