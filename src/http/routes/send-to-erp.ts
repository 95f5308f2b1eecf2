import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TObject, Type } from 'typebox';
import type { WorkflowContext } from '../../workflows/context.ts';
import { retrieveFromErp } from '../../workflows/queue/retrieve-from-erp.ts';
import { sendToErp } from '../../workflows/queue/send-to-erp.ts';
import type { SubjectRef } from '../../workflows/shared/send-subjects/index.ts';
import { actorOf } from '../plugins/access.ts';
import { emptyBodyAsObject } from '../plugins/optional-body.ts';
import {
  ChangeOrderParams,
  CommitmentParams,
  Id,
  NoBody,
  ProjectParams,
  problemResponses,
  VendorParams,
} from '../schemas.ts';

type Params = Record<string, string>;

interface SendableRecord {
  path: string;
  /** The record's name in the operation ids (`sendProjectToErp`, `retrieveProjectFromErp`…). */
  name: string;
  tag: string;
  params: TObject;
  ref(params: Params): SubjectRef;
}

/** The ref of a record that the project's own path names. */
const projectPart =
  (kind: 'project' | 'cost_codes' | 'budget') =>
  (p: Params): SubjectRef => ({ kind, companyId: p.c!, projectId: p.p! });

/** Every sendable record, by its path (API.md: `POST <record path>/send-to-erp` and `/retrieve-from-erp`). */
const records: SendableRecord[] = [
  {
    path: '/companies/:c/projects/:p',
    name: 'Project',
    tag: 'projects',
    params: ProjectParams,
    ref: projectPart('project'),
  },
  {
    path: '/companies/:c/projects/:p/cost-codes',
    name: 'ProjectCostCodes',
    tag: 'projects',
    params: ProjectParams,
    ref: projectPart('cost_codes'),
  },
  {
    path: '/companies/:c/projects/:p/budget',
    name: 'Budget',
    tag: 'budgets',
    params: ProjectParams,
    ref: projectPart('budget'),
  },
  {
    path: '/companies/:c/vendors/:v',
    name: 'Vendor',
    tag: 'vendors',
    params: VendorParams,
    ref: (p) => ({ kind: 'vendor', companyId: p.c!, vendorId: p.v! }),
  },
  {
    path: '/companies/:c/projects/:p/commitments/:k',
    name: 'Commitment',
    tag: 'commitments',
    params: CommitmentParams,
    ref: (p) => ({ kind: 'commitment', companyId: p.c!, projectId: p.p!, commitmentId: p.k! }),
  },
  {
    path: '/companies/:c/projects/:p/commitments/:k/change-orders/:o',
    name: 'ChangeOrder',
    tag: 'commitments',
    params: ChangeOrderParams,
    ref: (p) => ({
      kind: 'change_order',
      companyId: p.c!,
      projectId: p.p!,
      commitmentId: p.k!,
      changeOrderId: p.o!,
    }),
  },
];

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
          operationId: `send${record.name}ToErp`,
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
            ref: record.ref(request.params as Params),
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
          operationId: `retrieve${record.name}FromErp`,
          summary: 'Retrieve from ERP: back to editable, while no approver has acted (409 afterwards)',
          params: record.params,
          body: NoBody,
          response: { 200: Retrieved, ...problemResponses },
        },
      },
      async (request) =>
        retrieveFromErp(ctx, {
          actor: actorOf(request),
          ref: record.ref(request.params as Params),
        }),
    );
  }
};
