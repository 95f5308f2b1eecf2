import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WorkflowContext } from '../../workflows/context.ts';
import { addStandardEntry, costTypeKinds } from '../../workflows/records/add-standard-entry.ts';
import { listCostTypes } from '../../workflows/records/list-cost-types.ts';
import { listStandardCostCodes } from '../../workflows/records/list-standard-cost-codes.ts';
import { actorAndCompany } from '../plugins/access.ts';
import { Body, CompanyParams, CostCode, CostTypeCode, named, problemResponses, Unpaged } from '../schemas.ts';

const Description = Type.String({ minLength: 1, maxLength: 200 });
const Kind = Type.Enum(costTypeKinds);
const StandardCostCode = named(
  'StandardCostCode',
  Type.Object({ code: Type.String(), description: Type.String() }),
);
const CostType = named(
  'CostType',
  Type.Object({ code: Type.String(), description: Type.String(), kind: Type.String() }),
);

/** The company's standard cost code list and cost types: kept by the ERP sync, or by an ERP admin before it. */
export const standardListRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (
  app,
  { ctx },
) => {
  const { db } = ctx.database;
  app.get(
    '/companies/:c/standard-cost-codes',
    {
      config: { access: 'viewCompany' },
      schema: {
        tags: ['cost codes'],
        operationId: 'listStandardCostCodes',
        summary: 'The standard cost code list',
        params: CompanyParams,
        response: { 200: Unpaged(StandardCostCode), ...problemResponses },
      },
    },
    async (request) => ({ items: await listStandardCostCodes(db, request.params.c), nextCursor: null }),
  );
  app.get(
    '/companies/:c/cost-types',
    {
      config: { access: 'viewCompany' },
      schema: {
        tags: ['cost codes'],
        operationId: 'listCostTypes',
        summary: 'The cost types',
        params: CompanyParams,
        response: { 200: Unpaged(CostType), ...problemResponses },
      },
    },
    async (request) => ({ items: await listCostTypes(db, request.params.c), nextCursor: null }),
  );
  app.post(
    '/companies/:c/standard-cost-codes',
    {
      config: { access: 'manageStandardLists' },
      schema: {
        tags: ['cost codes'],
        operationId: 'createStandardCostCode',
        summary: 'Add a standard cost code (ERP admin, only while no ERP data was synced)',
        params: CompanyParams,
        body: Body({ code: CostCode, description: Description }),
        response: { 201: StandardCostCode, ...problemResponses },
      },
    },
    async (request, reply) => {
      const entry = { table: 'standard_cost_codes' as const, ...request.body };
      await addStandardEntry(ctx, { ...actorAndCompany(request), entry });
      return reply.code(201).send(request.body);
    },
  );
  app.post(
    '/companies/:c/cost-types',
    {
      config: { access: 'manageStandardLists' },
      schema: {
        tags: ['cost codes'],
        operationId: 'createCostType',
        summary: 'Add a cost type (ERP admin, only while no ERP data was synced)',
        params: CompanyParams,
        body: Body({ code: CostTypeCode, description: Description, kind: Kind }),
        response: { 201: CostType, ...problemResponses },
      },
    },
    async (request, reply) => {
      const entry = { table: 'cost_types' as const, ...request.body };
      await addStandardEntry(ctx, { ...actorAndCompany(request), entry });
      return reply.code(201).send(request.body);
    },
  );
};
