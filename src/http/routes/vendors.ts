import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WorkflowContext } from '../../workflows/context.ts';
import { createVendor } from '../../workflows/records/create-vendor.ts';
import { listVendors } from '../../workflows/records/list-vendors.ts';
import { updateVendor } from '../../workflows/records/update-vendor.ts';
import { loadVendor } from '../../workflows/shared/vendors.ts';
import { actorOf } from '../plugins/access.ts';
import {
  Address,
  Body,
  CompanyParams,
  Email,
  Id,
  ListQuery,
  Name,
  Nullable,
  Page,
  problemResponses,
  Timestamp,
  Version,
} from '../schemas.ts';

const VendorCode = Type.String({ minLength: 1, maxLength: 20 });

const vendorFields = {
  name: Name,
  active: Type.Boolean(),
  vendorCode: Type.Optional(Nullable(VendorCode)),
  email: Type.Optional(Nullable(Email)),
  address: Type.Optional(Nullable(Address)),
};

export const Vendor = Type.Object({
  id: Id,
  version: Type.Integer(),
  name: Type.String(),
  active: Type.Boolean(),
  vendorCode: Nullable(Type.String()),
  email: Nullable(Type.String()),
  address: Nullable(Address),
  createdBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  erp: Type.Object({
    status: Type.String(),
    vendorCode: Type.Optional(Type.String()),
    requestId: Type.Optional(Id),
  }),
});

const VendorParams = Type.Object({ c: Id, v: Id });

export const vendorRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  const { db } = ctx.database;

  app.post(
    '/companies/:c/vendors',
    {
      config: { access: 'editProjectRecords' },
      schema: {
        tags: ['vendors'],
        summary: "Add a vendor to the company's directory",
        params: CompanyParams,
        body: Body(vendorFields),
        response: { 201: Vendor, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await createVendor(ctx, {
          actor: actorOf(request),
          companyId: request.params.c,
          fields: request.body,
        }),
      ),
  );

  app.get(
    '/companies/:c/vendors',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['vendors'],
        summary: "The company's vendor directory, oldest first (paged by id)",
        params: CompanyParams,
        querystring: Type.Object(ListQuery, { additionalProperties: false }),
        response: { 200: Page(Vendor), ...problemResponses },
      },
    },
    async (request) =>
      listVendors(db, {
        companyId: request.params.c,
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
      }),
  );

  app.get(
    '/companies/:c/vendors/:v',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['vendors'],
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
        summary:
          'Change a vendor (409 while it waits for ERP approval; a synced vendor keeps its vendor code)',
        params: VendorParams,
        body: Type.Object(
          { version: Version, ...Type.Partial(Type.Object(vendorFields)).properties },
          { additionalProperties: false },
        ),
        response: { 200: Vendor, ...problemResponses },
      },
    },
    async (request) => {
      const { version, ...fields } = request.body;
      return updateVendor(ctx, {
        actor: actorOf(request),
        companyId: request.params.c,
        vendorId: request.params.v,
        version,
        fields,
      });
    },
  );
};
