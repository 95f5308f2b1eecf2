import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WorkflowContext } from '../../workflows/context.ts';
import { createVendor } from '../../workflows/records/create-vendor.ts';
import { listVendors } from '../../workflows/records/list-vendors.ts';
import { updateVendor } from '../../workflows/records/update-vendor.ts';
import { loadVendor } from '../../workflows/shared/vendors.ts';
import { actorAndCompany } from '../plugins/access.ts';
import { Vendor } from '../schemas/vendors.ts';
import {
  Address,
  Body,
  CompanyParams,
  commaList,
  Email,
  Name,
  Nullable,
  Page,
  PatchBody,
  pageOf,
  problemResponses,
  RecordListQuery,
  VendorParams,
} from '../schemas.ts';

const VendorCode = Type.String({ minLength: 1, maxLength: 20 });

const vendorFields = {
  name: Name,
  active: Type.Boolean(),
  vendorCode: Type.Optional(Nullable(VendorCode)),
  email: Type.Optional(Nullable(Email)),
  address: Type.Optional(Nullable(Address)),
};

export const vendorRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  const { db } = ctx.database;

  app.post(
    '/companies/:c/vendors',
    {
      config: { access: 'editProjectRecords' },
      schema: {
        tags: ['vendors'],
        operationId: 'createVendor',
        summary: "Add a vendor to the company's directory",
        params: CompanyParams,
        body: Body(vendorFields),
        response: { 201: Vendor, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createVendor(ctx, { ...actorAndCompany(request), fields: request.body })),
  );

  app.get(
    '/companies/:c/vendors',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['vendors'],
        operationId: 'listVendors',
        summary: "The company's vendor directory, oldest first (paged by id)",
        params: CompanyParams,
        querystring: RecordListQuery("the name, the proposed or the ERP's vendor code"),
        response: { 200: Page(Vendor), ...problemResponses },
      },
    },
    async (request) => {
      const { erpStatus, ...query } = pageOf(request.query);
      return listVendors(db, { companyId: request.params.c, ...query, erpStatus: commaList(erpStatus) });
    },
  );

  app.get(
    '/companies/:c/vendors/:v',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['vendors'],
        operationId: 'getVendor',
        summary: 'A vendor',
        params: VendorParams,
        response: { 200: Vendor, ...problemResponses },
      },
    },
    async (request) => loadVendor(db, request.params.c, request.params.v),
  );

  app.patch(
    '/companies/:c/vendors/:v',
    {
      config: { access: 'editProjectRecords' },
      schema: {
        tags: ['vendors'],
        operationId: 'updateVendor',
        summary:
          'Change a vendor (409 while it waits for ERP approval; a synced vendor keeps its vendor code)',
        params: VendorParams,
        body: PatchBody(vendorFields),
        response: { 200: Vendor, ...problemResponses },
      },
    },
    async (request) => {
      const { version, ...fields } = request.body;
      return updateVendor(ctx, { ...actorAndCompany(request), vendorId: request.params.v, version, fields });
    },
  );
};
