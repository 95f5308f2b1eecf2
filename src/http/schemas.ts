import { type TSchema, Type } from 'typebox';
import { moneyPattern } from '../domain/money.ts';
import { erpStatusFilters } from '../workflows/shared/requests.ts';

/** Shared shapes of the public contract. Every string has a maximum length: huge input is a 400. */
export const Id = Type.String({ minLength: 1, maxLength: 64 });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Name = Type.String({ minLength: 1, maxLength: 200 });
export const Password = Type.String({ minLength: 8, maxLength: 200 });
export const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const Timestamp = Type.String({ format: 'date-time' });

/** Who created a record, when, and when it last changed: part of every record the API shows. */
export const recordStamps = { createdBy: Id, createdAt: Timestamp, updatedAt: Timestamp };

/**
 * How a sendable record's last ERP request ended (A9), on its `erp`: absent until one ended. `by` is the
 * approver who rejected, the sender who retrieved, or the approver whose accept synced or failed.
 */
export const ErpLastOutcome = Type.Object({
  status: Type.Enum(['synced', 'failed', 'rejected', 'retrieved']),
  comment: Type.Optional(
    Type.String({ description: "The approver's comment (rejected) or the ERP's message (failed)" }),
  ),
  by: Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() }),
  at: Timestamp,
});

export const ErpPermission = Type.Enum(['none', 'read_only', 'standard', 'admin']);
export const ProjectPermission = ErpPermission;

export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  code: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
});

/** The path parameters of a company and of the records under it, named as in every path. */
export const CompanyParams = Type.Object({ c: Id });
export const ProjectParams = Type.Object({ c: Id, p: Id });
export const VendorParams = Type.Object({ c: Id, v: Id });
export const CommitmentParams = Type.Object({ c: Id, p: Id, k: Id });
export const ChangeOrderParams = Type.Object({ c: Id, p: Id, k: Id, o: Id });

const defaultLimit = 50;

/** A list's query string: its own filters, then `limit` and `cursor`; anything else is a 400. */
export const PageQuery = <T extends Record<string, TSchema>>(filters: T) =>
  Type.Object(
    {
      ...filters,
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: defaultLimit })),
      cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    },
    { additionalProperties: false },
  );

/**
 * A list filter taking one value or several, comma-separated (`status=ready_to_export,failed`); an
 * unknown value is a 400 naming the field. {@link commaList} splits it.
 */
export const CommaList = (values: readonly string[], meaning?: string) =>
  Type.String({
    pattern: `^(${values.join('|')})(,(${values.join('|')}))*$`,
    description: `${meaning ? `${meaning}. ` : ''}One or more of ${values.join(', ')}, comma-separated`,
  });

/** The values of a {@link CommaList} filter, once the validator has checked each. */
export const commaList = <T extends string>(value: string | undefined): T[] | undefined =>
  value?.split(',') as T[] | undefined;

/** A search text, described for its list; blank means no search, so an empty search box can stay in a URL. */
export const SearchText = (description: string) => Type.String({ maxLength: 200, description });

/** The filters of a list of sendable records (projects, vendors): a search text, the active flag, ERP statuses. */
export const RecordListQuery = (searched: string) =>
  PageQuery({
    q: Type.Optional(SearchText(`Part of ${searched}, in any case`)),
    active: Type.Optional(Type.Boolean()),
    erpStatus: Type.Optional(
      CommaList(
        erpStatusFilters,
        "The record's erp.status; rejected and retrieved: no request is open and the last one ended so",
      ),
    ),
  });

/** The list query with its limit settled: the validator checks the query but does not fill in defaults. */
export const pageOf = <Q extends { limit?: number }>(query: Q) => ({
  ...query,
  limit: query.limit ?? defaultLimit,
});

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** A list that is never paged: all of it, with no next page. */
export const Unpaged = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Null() });

/** Error answers documented on every route. */
export const problemResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  422: Problem,
  429: Problem,
};

/** A body schema that refuses unknown fields. */
export const Body = <T extends Record<string, TSchema>>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

/** For actions that take no input: an empty object, or no body at all (with `emptyBodyAsObject`). */
export const NoBody = Body({});

/** A PATCH body: the `version` read, and any of the record's fields; the others stay as they are. */
export const PatchBody = <T extends Record<string, TSchema>>(fields: T) =>
  Body({ version: Version, ...Type.Partial(Type.Object(fields)).properties });

/** An amount as a decimal string with at most two decimals, e.g. "1250.00"; anything else is a 400. */
export const Money = Type.String({ pattern: moneyPattern, maxLength: 17 });
export const CostCode = Type.String({ minLength: 1, maxLength: 30 });
export const CostTypeCode = Type.String({ minLength: 1, maxLength: 3 });

/** A required, non-empty text of at most `maxLength` characters. */
export const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** The value, or null to clear it. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Address = Type.Object(
  {
    line1: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    state: Type.Optional(Type.String({ maxLength: 50 })),
    zip: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);
