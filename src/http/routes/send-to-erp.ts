import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TObject, Type } from 'typebox';
import type { WorkflowContext } from '../../workflows/context.ts';
import { retrieveFromErp } from '../../workflows/queue/retrieve-from-erp.ts';
import { sendToErp } from '../../workflows/queue/send-to-erp.ts';
import type { SubjectRef } from '../../workflows/shared/send-subjects.ts';
import { actorOf } from '../plugins/access.ts';
import { emptyBodyAsObject } from '../plugins/optional-body.ts';
import { Body, Id, problemResponses } from '../schemas.ts';

interface SendableRecord {
  path: string;
  tag: string;
  params: TObject;
  ref(params: Record<string, string>): SubjectRef;
}

/** Every sendable record, by its path (API.md: `POST <record path>/send-to-erp` and `/retrieve-from-erp`). */
const records: SendableRecord[] = [
  {
    path: '/companies/:c/projects/:p',
    tag: 'projects',
    params: Type.Object({ c: Id, p: Id }),
    ref: (p) => ({ kind: 'project', companyId: p.c!, projectId: p.p! }),
  },
  {
    path: '/companies/:c/projects/:p/cost-codes',
    tag: 'projects',
    params: Type.Object({ c: Id, p: Id }),
    ref: (p) => ({ kind: 'cost_codes', companyId: p.c!, projectId: p.p! }),
  },
  {
    path: '/companies/:c/projects/:p/budget',
    tag: 'budgets',
    params: Type.Object({ c: Id, p: Id }),
    ref: (p) => ({ kind: 'budget', companyId: p.c!, projectId: p.p! }),
  },
  {
    path: '/companies/:c/vendors/:v',
    tag: 'vendors',
    params: Type.Object({ c: Id, v: Id }),
    ref: (p) => ({ kind: 'vendor', companyId: p.c!, vendorId: p.v! }),
  },
  {
    path: '/companies/:c/projects/:p/commitments/:k',
    tag: 'commitments',
    params: Type.Object({ c: Id, p: Id, k: Id }),
    ref: (p) => ({ kind: 'commitment', companyId: p.c!, projectId: p.p!, commitmentId: p.k! }),
  },
  {
    path: '/companies/:c/projects/:p/commitments/:k/change-orders/:o',
    tag: 'commitments',
    params: Type.Object({ c: Id, p: Id, k: Id, o: Id }),
    ref: (p) => ({
      kind: 'change_order',
      companyId: p.c!,
      projectId: p.p!,
      commitmentId: p.k!,
      changeOrderId: p.o!,
    }),
  },
];

/** Nothing to say: an empty object, or no body at all. */
const NoBody = Body({});
const Sent = Type.Object({ requestId: Id, status: Type.Enum(['ready_to_export', 'ready_to_update']) });
const Retrieved = Type.Object({ requestId: Id, status: Type.Literal('retrieved') });

export const sendToErpRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  for (const record of records) {
    app.post(
      `${record.path}/send-to-erp`,
      {
        config: { access: 'sendToErp' },
        preValidation: emptyBodyAsObject,
        schema: {
          tags: [record.tag],
          summary: 'Send to ERP: 422 lists every unmet ordering rule; the record is locked while it waits',
          params: record.params,
          body: NoBody,
          response: { 201: Sent, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await sendToErp(ctx, {
            actor: actorOf(request),
            ref: record.ref(request.params as Record<string, string>),
          }),
        ),
    );
    app.post(
      `${record.path}/retrieve-from-erp`,
      {
        config: { access: 'sendToErp' },
        preValidation: emptyBodyAsObject,
        schema: {
          tags: [record.tag],
          summary: 'Retrieve from ERP: back to editable, while no approver has acted (409 afterwards)',
          params: record.params,
          body: NoBody,
          response: { 200: Retrieved, ...problemResponses },
        },
      },
      async (request) =>
        retrieveFromErp(ctx, {
          actor: actorOf(request),
          ref: record.ref(request.params as Record<string, string>),
        }),
    );
  }
};
