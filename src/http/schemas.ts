import { type TSchema, Type } from 'typebox';
import { decodeCursor } from '../db/paging.ts';
import { invalidField } from '../domain/errors.ts';
import { moneyPattern } from '../domain/money.ts';
import { erpStatusFilters } from '../workflows/shared/requests.ts';

/** The shapes the OpenAPI document names, by name: see {@link named}. */
export const componentSchemas = new Map<string, TSchema>();

/**
 * A shape the OpenAPI document names: it is emitted once under `components.schemas` and every route that
 * uses it refers to it by `$ref` (plugins/openapi.ts), so a generated client has a named type. The name
 * rides along as the schema's `title`: an `$id` would be simpler, but Fastify compiles each route's
 * schema on its own and refuses one that holds the same `$id` twice.
 */
export function named<T extends TSchema>(name: string, schema: T): T {
  // A copy that keeps TypeBox's hidden keys (its kind, optional markers) beside the new title.
  const titled = Object.defineProperties(
    {},
    { ...Object.getOwnPropertyDescriptors(schema), title: { value: name, enumerable: true, writable: true } },
  ) as T;
  const known = componentSchemas.get(name);
  if (known !== undefined && JSON.stringify(known) !== JSON.stringify(titled))
    throw new Error(`Two different schemas are named ${name}`);
  componentSchemas.set(name, titled);
  return titled;
}

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
export const ErpLastOutcome = named(
  'ErpLastOutcome',
  Type.Object({
    status: Type.Enum(['synced', 'failed', 'rejected', 'retrieved']),
    comment: Type.Optional(
      Type.String({ description: "The approver's comment (rejected) or the ERP's message (failed)" }),
    ),
    by: Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() }),
    at: Timestamp,
  }),
);

export const ErpPermission = named('Permission', Type.Enum(['none', 'read_only', 'standard', 'admin']));
export const ProjectPermission = ErpPermission;

/** The RFC 9457 body of every error answer (http/problem.ts). */
export const Problem = named(
  'Problem',
  Type.Object({
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable: validation_failed, not_found, version_conflict…' }),
    errors: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), {
        description: 'Each offending field (validation_failed) or unmet rule (precondition_failed)',
      }),
    ),
  }),
);

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
      cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
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
export function pageOf<Q extends { limit?: number; cursor?: string }>(query: Q) {
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && cursor === undefined)
    throw invalidField('cursor', 'is not a cursor this list gave; start again without one');
  return { ...query, limit: query.limit ?? defaultLimit, cursor };
}

const namedAfter = <T extends TSchema>(item: TSchema, suffix: string, schema: T): T => {
  const { title } = item as { title?: string };
  return title !== undefined && componentSchemas.has(title) ? named(`${title}${suffix}`, schema) : schema;
};

/** A page of a list; a page of a named item is named after it (`ProjectPage`). */
export const Page = <T extends TSchema>(item: T) =>
  namedAfter(
    item,
    'Page',
    Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
  );

/** A list that is never paged: all of it, with no next page. */
export const Unpaged = <T extends TSchema>(item: T) =>
  namedAfter(item, 'List', Type.Object({ items: Type.Array(item), nextCursor: Type.Null() }));

/** An error answer as the server sends it: problem+json (http/problem.ts), described for its status. */
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/** Error answers documented on every route. */
export const problemResponses = {
  400: problem('validation_failed: the request is malformed; errors[] names each field'),
  401: problem('unauthenticated: not signed in'),
  403: problem('forbidden: signed in but not allowed'),
  404: problem('not_found: unknown, or belongs to another company'),
  409: problem('version_conflict (stale version) or invalid_state (not in a state that allows it)'),
  422: problem('precondition_failed: a business rule is not met; errors[] names each'),
  429: problem('rate_limited: too many requests'),
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
export const Money = named(
  'Money',
  Type.String({
    pattern: moneyPattern,
    maxLength: 17,
    description: 'An amount as a decimal string with at most two decimals, e.g. "1250.00"',
  }),
);
export const CostCode = Type.String({ minLength: 1, maxLength: 30 });
export const CostTypeCode = Type.String({ minLength: 1, maxLength: 3 });

/** A required, non-empty text of at most `maxLength` characters. */
export const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** The value, or null to clear it. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Address = named(
  'Address',
  Type.Object(
    {
      line1: Type.Optional(Type.String({ maxLength: 200 })),
      city: Type.Optional(Type.String({ maxLength: 100 })),
      state: Type.Optional(Type.String({ maxLength: 50 })),
      zip: Type.Optional(Type.String({ maxLength: 20 })),
    },
    { additionalProperties: false },
  ),
);
