import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createActivationCode } from '../../workflows/agent/create-activation-code.ts';
import { getAgentStatus } from '../../workflows/agent/get-agent-status.ts';
import { unpairAgent } from '../../workflows/agent/unpair-agent.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import { actorAndCompany } from '../plugins/access.ts';
import { emptyBodyAsObject } from '../plugins/optional-body.ts';
import { CompanyParams, NoBody, named, problemResponses, Timestamp } from '../schemas.ts';

const SageState = Type.Object({
  reachable: Type.Boolean(),
  writable: Type.Boolean(),
  reason: Type.Optional(Type.String()),
});

const AgentStatus = named(
  'SageAgentStatus',
  Type.Object({
    status: Type.Union(
      [
        Type.Literal('awaiting_setup'),
        Type.Literal('online'),
        Type.Literal('degraded'),
        Type.Literal('offline'),
      ],
      {
        description:
          'awaiting_setup: no agent paired; offline: none heard from for 30 s; degraded: linked, but Sage cannot be read or written (e.g. a backup lock)',
      },
    ),
    lastSeenAt: Type.Union([Timestamp, Type.Null()]),
    version: Type.Union([Type.String(), Type.Null()]),
    hostname: Type.Union([Type.String(), Type.Null()]),
    pairedAt: Type.Union([Timestamp, Type.Null()]),
    sage: Type.Union([SageState, Type.Null()]),
  }),
);

/** The Sage 300 CRE agent of a company (ERP.md §3), for ERP admins. */
export const erpAgentRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  app.post(
    '/companies/:c/erp/agent/activation-codes',
    {
      config: { access: 'manageErpConnection' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['erp'],
        operationId: 'createAgentActivationCode',
        summary:
          'A one-time code, valid 15 minutes, that pairs the Sage agent (`ledgergate agent activate --code`); shown once',
        params: CompanyParams,
        body: NoBody,
        response: { 201: Type.Object({ code: Type.String(), expiresAt: Timestamp }), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createActivationCode(ctx, actorAndCompany(request))),
  );

  app.get(
    '/companies/:c/erp/agent',
    {
      config: { access: 'manageErpConnection' },
      schema: {
        tags: ['erp'],
        operationId: 'getAgentStatus',
        summary: "The Sage agent's status: paired, online, and what it says of Sage",
        params: CompanyParams,
        response: { 200: AgentStatus, ...problemResponses },
      },
    },
    async (request) => getAgentStatus(ctx, request.params.c),
  );

  app.delete(
    '/companies/:c/erp/agent',
    {
      config: { access: 'manageErpConnection' },
      schema: {
        tags: ['erp'],
        operationId: 'unpairAgent',
        summary: 'Unpairs the Sage agent: its key stops working at once',
        params: CompanyParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await unpairAgent(ctx, actorAndCompany(request));
      return reply.code(204).send(null);
    },
  );
};
