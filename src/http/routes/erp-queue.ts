import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import { openStatuses, requestKinds } from '../../domain/lifecycle.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import { acceptErpRequest } from '../../workflows/queue/accept-erp-request.ts';
import { bulkActOnErpRequests } from '../../workflows/queue/bulk-act-on-erp-requests.ts';
import { countErpRequests } from '../../workflows/queue/count-erp-requests.ts';
import { rejectErpRequest } from '../../workflows/queue/reject-erp-request.ts';
import { getErpRequest, listErpRequests } from '../../workflows/queue/request-views.ts';
import { retryErpRequest } from '../../workflows/queue/retry-erp-request.ts';
import { actorAndCompany } from '../plugins/access.ts';
import { perKind } from '../schemas/erp-requests.ts';
import {
  Body,
  CommaList,
  CompanyParams,
  commaList,
  Id,
  Nullable,
  named,
  Page,
  PageQuery,
  pageOf,
  problemResponses,
  SearchText,
  Text,
  Timestamp,
  Version,
} from '../schemas.ts';

const statuses = [...openStatuses, 'synced', 'rejected', 'retrieved'] as const;
const Status = Type.Enum(statuses);
const Kind = Type.Enum(requestKinds);
/** A preflight finding (not a problem+json answer): what the export would trip over, and where. */
const PreflightProblem = named(
  'PreflightProblem',
  Type.Object({
    path: Type.String(),
    message: Type.String(),
    severity: Type.Optional(Type.String()),
  }),
);
const Summary = named(
  'ErpRequest',
  Type.Object({
    id: Id,
    kind: Kind,
    status: Status,
    version: Type.Integer(),
    subject: Type.Object({ id: Id, label: Type.String() }),
    sender: Type.Object({ id: Id, email: Type.String() }),
    sentAt: Timestamp,
    updatedAt: Timestamp,
    attempts: Type.Integer(),
    waitingSince: Type.Union([Timestamp, Type.Null()]),
    preflight: Type.Object({ ok: Type.Boolean(), problems: Type.Array(PreflightProblem) }),
  }),
);
const Detail = perKind({
  ...Summary.properties,
  acceptOptions: Nullable(
    Type.Object({
      jobNumber: Type.Optional(Type.String()),
      jobTemplate: Type.Optional(Type.String()),
      vendorCode: Type.Optional(Type.String()),
      title: Type.Optional(Type.String()),
      description: Type.Optional(Type.String()),
    }),
  ),
  error: Nullable(
    Type.Object({
      message: Type.String(),
      field: Type.Optional(Type.String()),
      erpCode: Type.Optional(Type.String()),
    }),
  ),
  result: Nullable(Type.Object({ erpIds: Type.Record(Type.String(), Type.String()) })),
  history: Type.Array(
    Type.Object({
      at: Timestamp,
      actor: Type.Object({ id: Nullable(Id), label: Type.String() }),
      type: Type.String(),
      detail: Type.Optional(Type.Unknown()),
    }),
  ),
});
const ErpRequestParams = Type.Object({ c: Id, r: Id });
const acceptOptions = {
  jobNumber: Type.Optional(Text(30)),
  jobTemplate: Type.Optional(Text(30)),
  vendorCode: Type.Optional(Text(30)),
  title: Type.Optional(Text(250)),
  description: Type.Optional(Text(2000)),
};
const Comment = Type.String({ minLength: 1, maxLength: 2000 });
const Exporting = Type.Object({ status: Type.Literal('exporting') });

export const erpQueueRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  const { db } = ctx.database;

  app.get(
    '/companies/:c/erp/requests',
    {
      config: { access: 'viewErpQueue' },
      schema: {
        tags: ['erp queue'],
        operationId: 'listErpRequests',
        summary: "The ERP Integrations queue, with each request's preflight",
        params: CompanyParams,
        querystring: PageQuery({
          status: Type.Optional(CommaList(statuses)),
          kind: Type.Optional(CommaList(requestKinds)),
          q: Type.Optional(SearchText("Part of the item's label or of its sender's email, in any case")),
          senderId: Type.Optional(Id),
          subjectId: Type.Optional(Id),
        }),
        response: { 200: Page(Summary), ...problemResponses },
      },
    },
    async (request) => {
      const { status, kind, ...query } = pageOf(request.query);
      return listErpRequests(db, {
        companyId: request.params.c,
        ...query,
        status: commaList(status),
        kind: commaList(kind),
      });
    },
  );

  app.get(
    '/companies/:c/erp/requests/counts',
    {
      config: { access: 'viewErpQueue' },
      schema: {
        tags: ['erp queue'],
        operationId: 'countErpRequests',
        summary:
          "How many of the company's requests are in each kind and status (pairs with none are left out)",
        params: CompanyParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ kind: Kind, status: Status, count: Type.Integer({ minimum: 1 }) }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => countErpRequests(db, request.params.c),
  );

  app.get(
    '/companies/:c/erp/requests/:r',
    {
      config: { access: 'viewErpQueue' },
      schema: {
        tags: ['erp queue'],
        operationId: 'getErpRequest',
        summary: 'A request with its snapshot, requested updates, error, result and history',
        params: ErpRequestParams,
        response: { 200: Detail, ...problemResponses },
      },
    },
    async (request, reply) => {
      const detail = await getErpRequest(db, request.params.c, request.params.r);
      // The schema documents each kind's snapshot; a stored snapshot is sent as it was taken, never
      // trimmed or refused by the serializer (older requests may lack a field added since).
      return reply
        .type('application/json; charset=utf-8')
        .serializer(JSON.stringify)
        .send(detail as never);
    },
  );

  // Accept (Update for ready_to_update) and Retry take the same options and both start the export.
  const startingActions = [
    {
      action: 'accept',
      run: acceptErpRequest,
      summary:
        'Accept (or Update): the ordering rules and preflight are checked again; the export starts at once',
    },
    {
      action: 'retry',
      run: retryErpRequest,
      summary: 'Retry a failed export, optionally with corrected accept options',
    },
  ] as const;
  for (const { action, run, summary } of startingActions) {
    app.post(
      `/companies/:c/erp/requests/:r/${action}`,
      {
        config: { access: 'actOnErpRequests' },
        schema: {
          tags: ['erp queue'],
          operationId: `${action}ErpRequest`,
          summary,
          params: ErpRequestParams,
          body: Body({ version: Version, ...acceptOptions }),
          response: { 202: Exporting, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { version, ...options } = request.body;
        const result = await run(ctx, {
          ...actorAndCompany(request),
          requestId: request.params.r,
          version,
          options,
        });
        return reply.code(202).send(result);
      },
    );
  }

  app.post(
    '/companies/:c/erp/requests/:r/reject',
    {
      config: { access: 'actOnErpRequests' },
      schema: {
        tags: ['erp queue'],
        operationId: 'rejectErpRequest',
        summary: 'Reject with a comment: the record goes back to its owner, editable',
        params: ErpRequestParams,
        body: Body({ version: Version, comment: Comment }),
        response: { 200: Type.Object({ status: Type.Literal('rejected') }), ...problemResponses },
      },
    },
    async (request) =>
      rejectErpRequest(ctx, {
        ...actorAndCompany(request),
        requestId: request.params.r,
        ...request.body,
      }),
  );

  app.post(
    '/companies/:c/erp/requests/bulk',
    {
      config: { access: 'actOnErpRequests' },
      schema: {
        tags: ['erp queue'],
        operationId: 'bulkActOnErpRequests',
        summary: 'Accept or reject many requests; the answer has a result per item',
        params: CompanyParams,
        body: Body({
          action: Type.Enum(['accept', 'reject']),
          ids: Type.Array(Id, { minItems: 1, maxItems: 200 }),
          comment: Type.Optional(Comment),
        }),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                id: Id,
                ok: Type.Boolean(),
                status: Type.Optional(Type.String()),
                error: Type.Optional(Type.Object({ code: Type.String(), detail: Type.String() })),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      if (request.body.action === 'reject' && !request.body.comment) {
        throw new AppError('validation_failed', 'comment: a rejection needs a comment', [
          { path: 'comment', message: 'is required to reject' },
        ]);
      }
      return bulkActOnErpRequests(ctx, {
        ...actorAndCompany(request),
        ...request.body,
      });
    },
  );
};
