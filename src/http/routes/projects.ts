import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseMoney } from '../../domain/money.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import { addProjectCostCode } from '../../workflows/records/add-project-cost-code.ts';
import { createProject } from '../../workflows/records/create-project.ts';
import { listProjects } from '../../workflows/records/list-projects.ts';
import { replaceBudgetLines } from '../../workflows/records/replace-budget-lines.ts';
import { setBudgetLock } from '../../workflows/records/set-budget-lock.ts';
import { updateProject } from '../../workflows/records/update-project.ts';
import { loadBudget } from '../../workflows/shared/budget-rows.ts';
import { listProjectCostCodes } from '../../workflows/shared/project-cost-codes.ts';
import { loadProject } from '../../workflows/shared/projects.ts';
import { actorAndCompany } from '../plugins/access.ts';
import { emptyBodyAsObject } from '../plugins/optional-body.ts';
import { BudgetView, presentBudget } from '../schemas/budgets.ts';
import { PriceMethod, Project } from '../schemas/projects.ts';
import {
  Address,
  Body,
  CompanyParams,
  CostCode,
  CostTypeCode,
  commaList,
  Money,
  Nullable,
  named,
  Page,
  PatchBody,
  ProjectParams,
  pageOf,
  problemResponses,
  RecordListQuery,
  Text,
  Unpaged,
  Version,
} from '../schemas.ts';

const projectFields = {
  name: Text(200),
  number: Type.Optional(Nullable(Text(30))),
  active: Type.Boolean(),
  division: Type.Optional(Nullable(Text(30))),
  priceMethod: Type.Optional(Nullable(PriceMethod)),
  taxable: Type.Optional(Nullable(Type.Boolean())),
  customerCode: Type.Optional(Nullable(Text(30))),
  costCenter: Type.Optional(Nullable(Text(30))),
  address: Type.Optional(Nullable(Address)),
};

const ProjectCostCode = named(
  'ProjectCostCode',
  Type.Object({
    code: Type.String(),
    description: Type.String(),
    costTypes: Type.Array(
      Type.Object({ code: Type.String(), erpStatus: Type.Enum(['not_sent', 'pending', 'synced']) }),
    ),
  }),
);

export const projectRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  const { db } = ctx.database;

  app.post(
    '/companies/:c/projects',
    {
      config: { access: 'editProjectRecords' },
      schema: {
        tags: ['projects'],
        operationId: 'createProject',
        summary: 'Create a project',
        params: CompanyParams,
        body: Body(projectFields),
        response: { 201: Project, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createProject(ctx, { ...actorAndCompany(request), fields: request.body })),
  );

  app.get(
    '/companies/:c/projects',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['projects'],
        operationId: 'listProjects',
        summary: "The company's projects",
        params: CompanyParams,
        querystring: RecordListQuery('the name, the number or the ERP job number'),
        response: { 200: Page(Project), ...problemResponses },
      },
    },
    async (request) => {
      const { erpStatus, ...query } = pageOf(request.query);
      return listProjects(db, { companyId: request.params.c, ...query, erpStatus: commaList(erpStatus) });
    },
  );

  app.get(
    '/companies/:c/projects/:p',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['projects'],
        operationId: 'getProject',
        summary: 'A project',
        params: ProjectParams,
        response: { 200: Project, ...problemResponses },
      },
    },
    async (request) => loadProject(db, request.params.c, request.params.p),
  );

  app.patch(
    '/companies/:c/projects/:p',
    {
      config: { access: 'editProjectRecords' },
      schema: {
        tags: ['projects'],
        operationId: 'updateProject',
        summary: 'Change a project (409 while it waits for ERP approval)',
        params: ProjectParams,
        body: PatchBody(projectFields),
        response: { 200: Project, ...problemResponses },
      },
    },
    async (request) => {
      const { version, ...fields } = request.body;
      return updateProject(ctx, {
        ...actorAndCompany(request),
        projectId: request.params.p,
        version,
        fields,
      });
    },
  );

  app.get(
    '/companies/:c/projects/:p/cost-codes',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['projects'],
        operationId: 'listProjectCostCodes',
        summary: "The project's cost codes with their cost-type assignments and ERP status",
        params: ProjectParams,
        response: { 200: Unpaged(ProjectCostCode), ...problemResponses },
      },
    },
    async (request) => ({
      items: await listProjectCostCodes(db, request.params.c, request.params.p),
      nextCursor: null,
    }),
  );

  app.post(
    '/companies/:c/projects/:p/cost-codes',
    {
      config: { access: 'editProjectRecords' },
      schema: {
        tags: ['projects'],
        operationId: 'addProjectCostCode',
        summary: 'Add a standard cost code with cost-type assignments (assignments are only ever added)',
        params: ProjectParams,
        body: Body({ code: CostCode, costTypes: Type.Array(CostTypeCode, { minItems: 1, maxItems: 20 }) }),
        response: { 201: ProjectCostCode, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await addProjectCostCode(ctx, {
          ...actorAndCompany(request),
          projectId: request.params.p,
          ...request.body,
        }),
      ),
  );

  app.get(
    '/companies/:c/projects/:p/budget',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['budgets'],
        operationId: 'getBudget',
        summary: "The project's budget",
        params: ProjectParams,
        response: { 200: BudgetView, ...problemResponses },
      },
    },
    async (request) => presentBudget(await loadBudget(db, request.params.c, request.params.p)),
  );

  app.put(
    '/companies/:c/projects/:p/budget/lines',
    {
      config: { access: 'editProjectRecords' },
      schema: {
        tags: ['budgets'],
        operationId: 'replaceBudgetLines',
        summary: 'Replace the budget lines (one line per cost code × cost type; 409 while locked)',
        params: ProjectParams,
        body: Body({
          version: Version,
          lines: Type.Array(Body({ costCode: CostCode, costType: CostTypeCode, amount: Money }), {
            maxItems: 20_000,
          }),
        }),
        response: { 200: BudgetView, ...problemResponses },
      },
    },
    async (request) => {
      const lines = request.body.lines.map((l) => ({ ...l, amount: parseMoney(l.amount) }));
      const budget = await replaceBudgetLines(ctx, {
        ...actorAndCompany(request),
        projectId: request.params.p,
        version: request.body.version,
        lines,
      });
      return presentBudget(budget);
    },
  );

  for (const action of ['lock', 'unlock'] as const) {
    app.post(
      `/companies/:c/projects/:p/budget/${action}`,
      {
        config: { access: 'editProjectRecords' },
        preValidation: emptyBodyAsObject,
        schema: {
          tags: ['budgets'],
          operationId: `${action}Budget`,
          summary:
            action === 'lock'
              ? 'Lock the budget (required before sending it)'
              : 'Unlock the budget for changes',
          params: ProjectParams,
          body: Body({ version: Type.Optional(Version) }),
          response: { 200: BudgetView, ...problemResponses },
        },
      },
      async (request) => {
        const budget = await setBudgetLock(ctx, {
          ...actorAndCompany(request),
          projectId: request.params.p,
          version: request.body.version,
          locked: action === 'lock',
        });
        return presentBudget(budget);
      },
    );
  }
};
