import { Type } from 'typebox';
import { Address, ErpLastOutcome, Id, Nullable, named, recordStamps } from '../schemas.ts';

export const PriceMethod = Type.Enum(['F', 'T', 'C', 'U']);

/** A project as the API shows it, whether created here or imported from an ERP job. */
export const Project = named(
  'Project',
  Type.Object({
    id: Id,
    version: Type.Integer(),
    name: Type.String(),
    number: Nullable(Type.String()),
    active: Type.Boolean(),
    division: Nullable(Type.String()),
    priceMethod: Nullable(PriceMethod),
    taxable: Nullable(Type.Boolean()),
    customerCode: Nullable(Type.String()),
    costCenter: Nullable(Type.String()),
    address: Nullable(Address),
    ...recordStamps,
    erp: Type.Object({
      status: Type.String(),
      jobNumber: Type.Optional(Type.String()),
      requestId: Type.Optional(Id),
      lastOutcome: Type.Optional(ErpLastOutcome),
    }),
  }),
);
