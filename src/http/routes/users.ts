import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addCompanyUser } from '../../workflows/companies/add-company-user.ts';
import { listMembers } from '../../workflows/companies/members.ts';
import { updateCompanyUser } from '../../workflows/companies/update-company-user.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import { actorAndCompany } from '../plugins/access.ts';
import {
  Body,
  CompanyParams,
  Email,
  ErpPermission,
  Id,
  Name,
  named,
  Password,
  ProjectPermission,
  problemResponses,
  Unpaged,
  Version,
} from '../schemas.ts';

const Member = named(
  'CompanyUser',
  Type.Object({
    id: Id,
    email: Type.String(),
    name: Type.String(),
    erpPermission: ErpPermission,
    projectPermission: ProjectPermission,
    canPushToAccounting: Type.Boolean(),
    subscribeDailySummary: Type.Boolean(),
    version: Type.Integer(),
  }),
);

const UserParams = Type.Object({ c: Id, u: Id });

export const userRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  app.get(
    '/companies/:c/users',
    {
      config: { access: 'manageUsers' },
      schema: {
        tags: ['administration'],
        operationId: 'listCompanyUsers',
        summary: "The company's users and their permissions (ERP admin or operator)",
        params: CompanyParams,
        response: { 200: Unpaged(Member), ...problemResponses },
      },
    },
    async (request) => ({ items: await listMembers(ctx.database.db, request.params.c), nextCursor: null }),
  );

  app.post(
    '/companies/:c/users',
    {
      config: { access: 'manageUsers' },
      schema: {
        tags: ['administration'],
        operationId: 'addCompanyUser',
        summary: 'Add a user to the company (an existing email gains a membership)',
        params: CompanyParams,
        body: Body({
          email: Email,
          name: Name,
          password: Type.Optional(Password),
          erpPermission: ErpPermission,
          projectPermission: ProjectPermission,
        }),
        response: { 201: Member, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addCompanyUser(ctx, { ...actorAndCompany(request), ...request.body })),
  );

  app.patch(
    '/companies/:c/users/:u',
    {
      config: { access: 'manageUsers' },
      schema: {
        tags: ['administration'],
        operationId: 'updateCompanyUser',
        summary: "Change a user's permissions in the company (Can Push to Accounting: operator only)",
        params: UserParams,
        body: Body({
          erpPermission: Type.Optional(ErpPermission),
          projectPermission: Type.Optional(ProjectPermission),
          subscribeDailySummary: Type.Optional(Type.Boolean()),
          canPushToAccounting: Type.Optional(Type.Boolean()),
          version: Type.Optional(Version),
        }),
        response: { 200: Member, ...problemResponses },
      },
    },
    async (request) =>
      updateCompanyUser(ctx, { ...actorAndCompany(request), userId: request.params.u, ...request.body }),
  );
};
