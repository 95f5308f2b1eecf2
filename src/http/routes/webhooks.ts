import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { companyEventTypes } from '../../domain/company-events.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import { rotateWebhookSecret } from '../../workflows/notify/rotate-webhook-secret.ts';
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  replayDelivery,
} from '../../workflows/notify/webhooks.ts';
import { actorAndCompany } from '../plugins/access.ts';
import { emptyBodyAsObject } from '../plugins/optional-body.ts';
import {
  Body,
  CompanyParams,
  Id,
  NoBody,
  named,
  Page,
  PageQuery,
  pageOf,
  problemResponses,
  Timestamp,
} from '../schemas.ts';

const EventType = Type.Enum([...companyEventTypes]);
const Webhook = named(
  'Webhook',
  Type.Object({
    id: Id,
    url: Type.String(),
    events: Type.Array(EventType),
    active: Type.Boolean(),
    createdAt: Timestamp,
  }),
);
const Delivery = named(
  'WebhookDelivery',
  Type.Object({
    id: Id,
    eventId: Id,
    eventType: Type.String(),
    status: Type.Enum(['pending', 'delivered', 'failed']),
    attempts: Type.Integer(),
    responseStatus: Type.Union([Type.Integer(), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    replayOf: Type.Union([Id, Type.Null()]),
    createdAt: Timestamp,
    deliveredAt: Type.Union([Timestamp, Type.Null()]),
  }),
);
const WebhookParams = Type.Object({ c: Id, w: Id });
const DeliveryParams = Type.Object({ c: Id, w: Id, d: Id });

/** Outbound webhooks (ERP admin): signed POSTs of the company's item and sync events. */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  app.post(
    '/companies/:c/webhooks',
    {
      config: { access: 'manageWebhooks' },
      schema: {
        tags: ['webhooks'],
        operationId: 'createWebhook',
        summary: 'Add a webhook; the answer carries its signing secret, shown this once',
        params: CompanyParams,
        body: Body({
          url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
          events: Type.Array(EventType, {
            minItems: 1,
            maxItems: companyEventTypes.length,
            uniqueItems: true,
          }),
        }),
        response: { 201: Type.Object({ ...Webhook.properties, secret: Type.String() }), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createWebhook(ctx, { ...actorAndCompany(request), ...request.body })),
  );

  app.get(
    '/companies/:c/webhooks',
    {
      config: { access: 'manageWebhooks' },
      schema: {
        tags: ['webhooks'],
        operationId: 'listWebhooks',
        summary: "The company's webhooks (without their secrets)",
        params: CompanyParams,
        querystring: PageQuery({}),
        response: { 200: Page(Webhook), ...problemResponses },
      },
    },
    async (request) => listWebhooks(ctx, { companyId: request.params.c, ...pageOf(request.query) }),
  );

  app.delete(
    '/companies/:c/webhooks/:w',
    {
      config: { access: 'manageWebhooks' },
      schema: {
        tags: ['webhooks'],
        operationId: 'deleteWebhook',
        summary: 'Stop a webhook; its deliveries stay readable',
        params: WebhookParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteWebhook(ctx, { ...actorAndCompany(request), webhookId: request.params.w });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/companies/:c/webhooks/:w/rotate-secret',
    {
      config: { access: 'manageWebhooks' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['webhooks'],
        operationId: 'rotateWebhookSecret',
        summary:
          'Replace the signing secret; the new one is answered this once, and the old one keeps signing beside it for 24 hours',
        params: WebhookParams,
        body: NoBody,
        response: {
          200: Type.Object({ secret: Type.String(), previousSecretExpiresAt: Timestamp }),
          ...problemResponses,
        },
      },
    },
    async (request) => rotateWebhookSecret(ctx, { ...actorAndCompany(request), webhookId: request.params.w }),
  );

  app.get(
    '/companies/:c/webhooks/:w/deliveries',
    {
      config: { access: 'manageWebhooks' },
      schema: {
        tags: ['webhooks'],
        operationId: 'listWebhookDeliveries',
        summary: "A webhook's deliveries, newest first, with the receiver's answer",
        params: WebhookParams,
        querystring: PageQuery({}),
        response: { 200: Page(Delivery), ...problemResponses },
      },
    },
    async (request) =>
      listDeliveries(ctx, {
        companyId: request.params.c,
        webhookId: request.params.w,
        ...pageOf(request.query),
      }),
  );

  app.post(
    '/companies/:c/webhooks/:w/deliveries/:d/replay',
    {
      config: { access: 'manageWebhooks' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['webhooks'],
        operationId: 'replayWebhookDelivery',
        summary: "Send a delivery's event again, as a new delivery",
        params: DeliveryParams,
        body: NoBody,
        response: { 202: Type.Object({ deliveryId: Id }), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(202).send(
        await replayDelivery(ctx, {
          ...actorAndCompany(request),
          webhookId: request.params.w,
          deliveryId: request.params.d,
        }),
      ),
  );
};
