import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseMoney } from '../../domain/money.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import { createChangeOrder } from '../../workflows/records/create-change-order.ts';
import { createCommitment } from '../../workflows/records/create-commitment.ts';
import { getChangeOrder } from '../../workflows/records/get-change-order.ts';
import { getCommitment } from '../../workflows/records/get-commitment.ts';
import { listChangeOrders } from '../../workflows/records/list-change-orders.ts';
import { listCommitments } from '../../workflows/records/list-commitments.ts';
import { reverseChangeOrder } from '../../workflows/records/reverse-change-order.ts';
import { updateChangeOrder } from '../../workflows/records/update-change-order.ts';
import { updateCommitment } from '../../workflows/records/update-commitment.ts';
import { presentRecord } from '../../workflows/shared/commitments/present.ts';
import { actorAndCompany } from '../plugins/access.ts';
import { emptyBodyAsObject } from '../plugins/optional-body.ts';
import {
  Body,
  ChangeOrderParams,
  CommitmentParams,
  CostCode,
  CostTypeCode,
  ErpLastOutcome,
  Id,
  Money,
  NoBody,
  Nullable,
  named,
  Page,
  PageQuery,
  PatchBody,
  ProjectParams,
  pageOf,
  problemResponses,
  recordStamps,
  Text,
} from '../schemas.ts';

const CommitmentType = Type.Enum(['subcontract', 'purchase_order']);
const Status = Type.Enum(['draft', 'approved', 'void']);

const LineInput = Body({
  costCode: CostCode,
  costType: CostTypeCode,
  amount: Money,
  description: Type.Optional(Nullable(Text(200))),
});
const Lines = Type.Array(LineInput, { maxItems: 5000 });
const CommitmentLines = Type.Array(
  Body({
    costCode: CostCode,
    costType: CostTypeCode,
    amount: Money,
    description: Type.Optional(Nullable(Text(200))),
    item: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 1,
          description:
            "The line's item as read: given back, the line keeps its identity (and its key in the ERP) when the lines are replaced; omitted, the line is new",
        }),
      ),
    ),
  }),
  { maxItems: 5000 },
);
const Line = Type.Object({
  costCode: Type.String(),
  costType: Type.String(),
  amount: Money,
  description: Nullable(Type.String()),
});
const CommitmentLineView = Type.Object({
  ...Line.properties,
  item: Type.Integer({
    description: "The line's number for its life, never reused; the ERP keys the line by it",
  }),
});
const Erp = Type.Object({
  status: Type.String(),
  requestId: Type.Optional(Id),
  ids: Type.Optional(Type.Record(Type.String(), Type.String())),
  lastOutcome: Type.Optional(ErpLastOutcome),
});

const commitmentFields = {
  type: CommitmentType,
  number: Text(30),
  title: Text(200),
  vendorId: Id,
  status: Status,
  retentionPercent: Type.Optional(
    Nullable(Type.Number({ minimum: 0, maximum: 100, description: 'At most two decimals, e.g. 10 or 7.5' })),
  ),
  lines: CommitmentLines,
};

const commitmentHead = {
  id: Id,
  version: Type.Integer(),
  projectId: Id,
  type: CommitmentType,
  number: Type.String(),
  title: Type.String(),
  vendorId: Id,
  status: Status,
  retentionPercent: Nullable(Type.Number()),
  total: Money,
  ...recordStamps,
  erp: Erp,
};
const Commitment = named(
  'Commitment',
  Type.Object({ ...commitmentHead, lines: Type.Array(CommitmentLineView) }),
);
const CommitmentSummary = named(
  'CommitmentSummary',
  Type.Object({ ...commitmentHead, lineCount: Type.Integer() }),
);

const changeOrderFields = {
  number: Text(30),
  title: Text(200),
  description: Type.Optional(Nullable(Text(2000))),
  status: Status,
  lines: Lines,
};

const changeOrderHead = {
  id: Id,
  version: Type.Integer(),
  commitmentId: Id,
  projectId: Id,
  number: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  status: Status,
  total: Money,
  ...recordStamps,
  erp: Erp,
};
const ChangeOrder = named('ChangeOrder', Type.Object({ ...changeOrderHead, lines: Type.Array(Line) }));
const ChangeOrderSummary = named(
  'ChangeOrderSummary',
  Type.Object({ ...changeOrderHead, lineCount: Type.Integer() }),
);

/** Amounts travel as decimal strings; inside they are integer minor units. */
const parseLines = <L extends { amount: string }>(lines: L[] | undefined) =>
  lines?.map((l) => ({ ...l, amount: parseMoney(l.amount) }));
const presentPage = <R extends { total: number }>(page: { items: R[]; nextCursor: string | null }) => ({
  items: page.items.map(presentRecord),
  nextCursor: page.nextCursor,
});

export const commitmentRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  const { db } = ctx.database;

  app.post(
    '/companies/:c/projects/:p/commitments',
    {
      config: { access: 'editProjectRecords' },
      schema: {
        tags: ['commitments'],
        operationId: 'createCommitment',
        summary: 'Create a commitment (subcontract or purchase order) with its schedule of values',
        params: ProjectParams,
        body: Body(commitmentFields),
        response: { 201: Commitment, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { lines, ...fields } = request.body;
      const commitment = await createCommitment(ctx, {
        ...actorAndCompany(request),
        projectId: request.params.p,
        fields: { ...fields, lines: parseLines(lines)! },
      });
      return reply.code(201).send(presentRecord(commitment));
    },
  );

  app.get(
    '/companies/:c/projects/:p/commitments',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['commitments'],
        operationId: 'listCommitments',
        summary: "The project's commitments without their lines (line count and total), oldest first",
        params: ProjectParams,
        querystring: PageQuery({}),
        response: { 200: Page(CommitmentSummary), ...problemResponses },
      },
    },
    async (request) =>
      presentPage(
        await listCommitments(db, {
          companyId: request.params.c,
          projectId: request.params.p,
          ...pageOf(request.query),
        }),
      ),
  );

  app.get(
    '/companies/:c/projects/:p/commitments/:k',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['commitments'],
        operationId: 'getCommitment',
        summary: 'A commitment with its lines',
        params: CommitmentParams,
        response: { 200: Commitment, ...problemResponses },
      },
    },
    async (request) =>
      presentRecord(
        await getCommitment(db, {
          companyId: request.params.c,
          projectId: request.params.p,
          commitmentId: request.params.k,
        }),
      ),
  );

  app.patch(
    '/companies/:c/projects/:p/commitments/:k',
    {
      config: { access: 'editProjectRecords' },
      schema: {
        tags: ['commitments'],
        operationId: 'updateCommitment',
        summary:
          'Change a commitment; `lines` replace every line (409 while it waits for ERP approval or once synced)',
        params: CommitmentParams,
        body: PatchBody(commitmentFields),
        response: { 200: Commitment, ...problemResponses },
      },
    },
    async (request) => {
      const { version, lines, ...fields } = request.body;
      const commitment = await updateCommitment(ctx, {
        ...actorAndCompany(request),
        projectId: request.params.p,
        commitmentId: request.params.k,
        version,
        fields: { ...fields, lines: parseLines(lines) },
      });
      return presentRecord(commitment);
    },
  );

  app.post(
    '/companies/:c/projects/:p/commitments/:k/change-orders',
    {
      config: { access: 'editProjectRecords' },
      schema: {
        tags: ['commitments'],
        operationId: 'createChangeOrder',
        summary: 'Create a commitment change order',
        params: CommitmentParams,
        body: Body(changeOrderFields),
        response: { 201: ChangeOrder, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { lines, ...fields } = request.body;
      const changeOrder = await createChangeOrder(ctx, {
        ...actorAndCompany(request),
        projectId: request.params.p,
        commitmentId: request.params.k,
        fields: { ...fields, lines: parseLines(lines)! },
      });
      return reply.code(201).send(presentRecord(changeOrder));
    },
  );

  app.get(
    '/companies/:c/projects/:p/commitments/:k/change-orders',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['commitments'],
        operationId: 'listChangeOrders',
        summary: "The commitment's change orders without their lines (line count and total), oldest first",
        params: CommitmentParams,
        querystring: PageQuery({}),
        response: { 200: Page(ChangeOrderSummary), ...problemResponses },
      },
    },
    async (request) =>
      presentPage(
        await listChangeOrders(db, {
          companyId: request.params.c,
          projectId: request.params.p,
          commitmentId: request.params.k,
          ...pageOf(request.query),
        }),
      ),
  );

  app.get(
    '/companies/:c/projects/:p/commitments/:k/change-orders/:o',
    {
      config: { access: 'viewProjectRecords' },
      schema: {
        tags: ['commitments'],
        operationId: 'getChangeOrder',
        summary: 'A commitment change order with its lines',
        params: ChangeOrderParams,
        response: { 200: ChangeOrder, ...problemResponses },
      },
    },
    async (request) =>
      presentRecord(
        await getChangeOrder(db, {
          companyId: request.params.c,
          projectId: request.params.p,
          commitmentId: request.params.k,
          changeOrderId: request.params.o,
        }),
      ),
  );

  app.post(
    '/companies/:c/projects/:p/commitments/:k/change-orders/:o/reverse',
    {
      config: { access: 'editProjectRecords' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['commitments'],
        operationId: 'reverseChangeOrder',
        summary:
          'A new draft change order undoing a synced one (its lines negated), to correct a change order the ERP never changes (Sage 300 CRE)',
        params: ChangeOrderParams,
        body: NoBody,
        response: { 201: ChangeOrder, ...problemResponses },
      },
    },
    async (request, reply) => {
      const reversal = await reverseChangeOrder(ctx, {
        ...actorAndCompany(request),
        projectId: request.params.p,
        commitmentId: request.params.k,
        changeOrderId: request.params.o,
      });
      return reply.code(201).send(presentRecord(reversal));
    },
  );

  app.patch(
    '/companies/:c/projects/:p/commitments/:k/change-orders/:o',
    {
      config: { access: 'editProjectRecords' },
      schema: {
        tags: ['commitments'],
        operationId: 'updateChangeOrder',
        summary:
          'Change a commitment change order; `lines` replace every line (409 while it waits for ERP approval or once synced)',
        params: ChangeOrderParams,
        body: PatchBody(changeOrderFields),
        response: { 200: ChangeOrder, ...problemResponses },
      },
    },
    async (request) => {
      const { version, lines, ...fields } = request.body;
      const changeOrder = await updateChangeOrder(ctx, {
        ...actorAndCompany(request),
        projectId: request.params.p,
        commitmentId: request.params.k,
        changeOrderId: request.params.o,
        version,
        fields: { ...fields, lines: parseLines(lines) },
      });
      return presentRecord(changeOrder);
    },
  );
};
