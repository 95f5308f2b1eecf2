import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WorkflowContext } from '../../workflows/context.ts';
import { getErpConnection } from '../../workflows/sync/get-erp-connection.ts';
import { putErpConnection } from '../../workflows/sync/put-erp-connection.ts';
import { testErpConnection } from '../../workflows/sync/test-erp-connection.ts';
import { actorAndCompany } from '../plugins/access.ts';
import { emptyBodyAsObject } from '../plugins/optional-body.ts';
import { CompanyParams, NoBody, named, problemResponses, Timestamp } from '../schemas.ts';

const SpectrumConnection = Type.Object(
  {
    system: Type.Literal('spectrum'),
    baseUrl: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }),
    authorizationId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 20,
        description: 'Stored encrypted, never returned; required once, then left out to keep the stored one',
      }),
    ),
    companyCode: Type.String({ minLength: 1, maxLength: 3 }),
    standardJob: Type.String({ minLength: 1, maxLength: 10 }),
    /** The company's phase mask (`#` digit, `A` letter, `X` either, `-` separator), e.g. `##-###`. */
    phaseMask: Type.Optional(Type.String({ pattern: '^[#AX-]{1,30}$' })),
    /** The GL account new subcontracts are charged to. */
    glAccount: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$' })),
    defaultTaxable: Type.Optional(
      Type.Boolean({
        description:
          "The taxable flag of new jobs whose project leaves it blank (Spectrum's job reads never return one, so a job template cannot supply it)",
      }),
    ),
    clientId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Enhanced authentication (OAuth client credentials): the client id; needs clientSecret',
      }),
    ),
    clientSecret: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        description: 'Stored encrypted, never returned; left out with clientId, keeps the stored one',
      }),
    ),
  },
  { additionalProperties: false },
);
const Sage300Connection = Type.Object(
  { system: Type.Literal('sage300'), jobMask: Type.Optional(Type.String({ pattern: '^[#AX-]{1,20}$' })) },
  { additionalProperties: false },
);

/** Secrets are absent by construction: the view has no field that could carry one. */
const ConnectionView = named(
  'ErpConnection',
  Type.Object({
    system: Type.Union([Type.Literal('spectrum'), Type.Literal('sage300')]),
    settings: Type.Record(Type.String(), Type.Union([Type.String(), Type.Boolean(), Type.Number()])),
    hasCredentials: Type.Boolean(),
    version: Type.Integer(),
    updatedAt: Timestamp,
  }),
);

export const erpConnectionRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (
  app,
  { ctx },
) => {
  app.put(
    '/companies/:c/erp/connection',
    {
      config: { access: 'manageErpConnection' },
      schema: {
        tags: ['erp'],
        operationId: 'putErpConnection',
        summary: 'Set the ERP connection (ERP admin); credentials are stored encrypted and never returned',
        params: CompanyParams,
        body: Type.Union([SpectrumConnection, Sage300Connection]),
        response: { 200: ConnectionView, ...problemResponses },
      },
    },
    async (request) => putErpConnection(ctx, { ...actorAndCompany(request), connection: request.body }),
  );

  app.get(
    '/companies/:c/erp/connection',
    {
      config: { access: 'manageErpConnection' },
      schema: {
        tags: ['erp'],
        operationId: 'getErpConnection',
        summary: 'The ERP connection without its secrets',
        params: CompanyParams,
        response: { 200: ConnectionView, ...problemResponses },
      },
    },
    async (request) => getErpConnection(ctx, request.params.c),
  );

  app.post(
    '/companies/:c/erp/connection/test',
    {
      config: { access: 'manageErpConnection' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['erp'],
        operationId: 'testErpConnection',
        summary: 'Try the stored ERP connection; a failure is answered as ok: false with the reason',
        params: CompanyParams,
        body: NoBody,
        response: {
          200: Type.Object({ ok: Type.Boolean(), message: Type.String() }),
          ...problemResponses,
        },
      },
    },
    async (request) => testErpConnection(ctx, request.params.c),
  );
};
