import { type TSchema, Type } from 'typebox';
import { requestKinds } from '../../domain/lifecycle.ts';
import { Address, Nullable, named } from '../schemas.ts';
import { PriceMethod } from './projects.ts';

/**
 * What a request carries, typed per kind (A13): the snapshot the approver reviews and the requested
 * updates of an update, as the send subjects (workflows/shared/send-subjects) build them. Amounts are
 * decimal strings, as everywhere in the API.
 */
const Amount = Type.String({ description: 'A decimal string, e.g. "1250.00"' });
const Code = Type.String();

const ProjectSnapshot = named(
  'ProjectSnapshot',
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    number: Nullable(Type.String()),
    active: Type.Boolean(),
    division: Nullable(Type.String()),
    priceMethod: Nullable(PriceMethod),
    taxable: Nullable(Type.Boolean()),
    customerCode: Nullable(Type.String()),
    costCenter: Nullable(Type.String()),
    address: Nullable(Address),
    costCodes: Type.Array(
      Type.Object({ code: Code, description: Type.String(), costTypes: Type.Array(Code) }),
    ),
  }),
);

const CostCodeChange = Type.Object({
  code: Code,
  description: Type.String(),
  /** The assignments the request adds. */
  costTypes: Type.Array(Code, { description: 'The cost types the update adds' }),
  codeInErp: Type.Boolean(),
});
const CostCodesSnapshot = named(
  'CostCodesSnapshot',
  Type.Object({
    projectId: Type.String(),
    jobNumber: Nullable(Type.String()),
    costCodes: Type.Array(CostCodeChange),
  }),
);
const CostCodesUpdates = named(
  'CostCodesUpdates',
  Type.Object(
    {
      costCodes: Type.Array(
        Type.Object({
          ...CostCodeChange.properties,
          erpDescription: Type.Optional(
            Nullable(
              Type.String({
                description:
                  "The code's description in the ERP, which the update never overwrites (null: not in it)",
              }),
            ),
          ),
          erpCostTypes: Type.Optional(
            Type.Array(Code, { description: 'The cost types the ERP has for the code already' }),
          ),
        }),
      ),
    },
    { description: 'Requests sent before A12 lack erpDescription and erpCostTypes' },
  ),
);

const BudgetSnapshot = named(
  'BudgetSnapshot',
  Type.Object({
    projectId: Type.String(),
    jobNumber: Nullable(Type.String()),
    lines: Type.Array(Type.Object({ costCode: Code, costType: Code, amount: Amount })),
    total: Amount,
  }),
);
const BudgetUpdates = named(
  'BudgetUpdates',
  Type.Object({
    lines: Type.Array(
      Type.Object({
        costCode: Code,
        costType: Code,
        before: Nullable(Amount),
        after: Nullable(Amount),
      }),
      { description: 'The lines that changed since the synced budget; null: a new or a removed line' },
    ),
  }),
);

const VendorSnapshot = named(
  'VendorSnapshot',
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    active: Type.Boolean(),
    vendorCode: Nullable(Type.String()),
    email: Nullable(Type.String()),
    address: Nullable(Address),
  }),
);
const VendorUpdates = named(
  'VendorUpdates',
  Type.Object({
    fields: Type.Array(
      Type.Object({
        field: Type.Enum(['name', 'active', 'vendorCode', 'email', 'address']),
        before: Type.Unknown(),
        after: Type.Unknown(),
      }),
    ),
  }),
);

const Line = {
  costCode: Code,
  costType: Code,
  amount: Amount,
  description: Nullable(Type.String()),
};
const RecordStatus = Type.Enum(['draft', 'approved', 'void']);
const CommitmentSnapshot = named(
  'CommitmentSnapshot',
  Type.Object({
    id: Type.String(),
    projectId: Type.String(),
    jobNumber: Nullable(Type.String()),
    type: Type.Enum(['subcontract', 'purchase_order']),
    number: Type.String(),
    title: Type.String(),
    status: RecordStatus,
    retentionPercent: Nullable(Type.Number()),
    vendor: Type.Object({ id: Type.String(), name: Type.String(), vendorCode: Nullable(Type.String()) }),
    lines: Type.Array(Type.Object({ ...Line, item: Type.Optional(Type.Integer()) })),
    total: Amount,
  }),
);
const ChangeOrderSnapshot = named(
  'ChangeOrderSnapshot',
  Type.Object({
    id: Type.String(),
    projectId: Type.String(),
    jobNumber: Nullable(Type.String()),
    commitment: Type.Object({
      id: Type.String(),
      number: Type.String(),
      vendorCode: Nullable(Type.String()),
    }),
    number: Type.String(),
    title: Type.String(),
    description: Nullable(Type.String()),
    status: RecordStatus,
    lines: Type.Array(
      Type.Object({
        ...Line,
        commitmentItem: Type.Optional(
          Nullable(Type.Integer({ description: 'The commitment line it changes' })),
        ),
      }),
    ),
    total: Amount,
  }),
);

/** Each kind's snapshot and requested updates (null for a first export and for kinds never updated). */
const carried = {
  project: { snapshot: ProjectSnapshot, requestedUpdates: Type.Null() },
  cost_codes: { snapshot: CostCodesSnapshot, requestedUpdates: CostCodesUpdates },
  budget: { snapshot: BudgetSnapshot, requestedUpdates: Nullable(BudgetUpdates) },
  vendor: { snapshot: VendorSnapshot, requestedUpdates: Nullable(VendorUpdates) },
  commitment: { snapshot: CommitmentSnapshot, requestedUpdates: Type.Null() },
  change_order: { snapshot: ChangeOrderSnapshot, requestedUpdates: Type.Null() },
} satisfies Record<(typeof requestKinds)[number], { snapshot: TSchema; requestedUpdates: TSchema }>;

const pascal = (kind: string) => kind.replace(/(^|_)(\w)/g, (_, _u: string, c: string) => c.toUpperCase());

/** A request's detail as one object per kind, told apart by `kind`, from the properties all kinds share. */
export const perKind = <P extends Record<string, TSchema>>(shared: P) =>
  Type.Union(
    requestKinds.map((kind) =>
      named(
        `ErpRequest${pascal(kind)}`,
        Type.Object({ ...shared, kind: Type.Literal(kind), ...carried[kind] }),
      ),
    ),
  );
