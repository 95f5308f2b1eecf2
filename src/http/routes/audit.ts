import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listAuditEvents } from '../../workflows/companies/list-audit-events.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import {
  CompanyParams,
  Id,
  named,
  Page,
  PageQuery,
  pageOf,
  problemResponses,
  Timestamp,
} from '../schemas.ts';

const Filter = Type.String({ minLength: 1, maxLength: 100 });

const AuditEvent = named(
  'AuditEvent',
  Type.Object({
    id: Id,
    at: Timestamp,
    actor: Type.Object({ id: Type.Union([Id, Type.Null()]), label: Type.String() }),
    action: Type.String(),
    subjectType: Type.String(),
    subjectId: Type.String(),
    comment: Type.Optional(Type.String()),
    before: Type.Optional(Type.Unknown()),
    after: Type.Optional(Type.Unknown()),
  }),
);

export const auditRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  app.get(
    '/companies/:c/audit-events',
    {
      config: { access: 'viewAuditEvents' },
      schema: {
        tags: ['audit'],
        operationId: 'listAuditEvents',
        summary: 'The audit trail, newest first',
        params: CompanyParams,
        querystring: PageQuery({
          subjectType: Type.Optional(Filter),
          subjectId: Type.Optional(Filter),
          action: Type.Optional(Filter),
        }),
        response: { 200: Page(AuditEvent), ...problemResponses },
      },
    },
    async (request) => listAuditEvents(ctx, { companyId: request.params.c, ...pageOf(request.query) }),
  );
};
