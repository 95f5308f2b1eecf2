import { Type } from 'typebox';
import { Address, ErpLastOutcome, Id, Nullable, named, recordStamps } from '../schemas.ts';

/** A directory vendor as the API shows it, whether added here or imported from the ERP. */
export const Vendor = named(
  'Vendor',
  Type.Object({
    id: Id,
    version: Type.Integer(),
    name: Type.String(),
    active: Type.Boolean(),
    vendorCode: Nullable(Type.String()),
    email: Nullable(Type.String()),
    address: Nullable(Address),
    ...recordStamps,
    erp: Type.Object({
      status: Type.String(),
      vendorCode: Type.Optional(Type.String()),
      requestId: Type.Optional(Id),
      lastOutcome: Type.Optional(ErpLastOutcome),
    }),
  }),
);
