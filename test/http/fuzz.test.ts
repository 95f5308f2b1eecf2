import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { makeMember, type TestUser } from '../support/factories.ts';
import { makeRoleWorld, type RoleWorld, roles } from '../support/roles.ts';

/** Runs per database; FUZZ_RUNS raises it for a longer hunt (the seed of a failure is printed). */
const runs = Number(process.env.FUZZ_RUNS ?? 150);

interface Operation {
  method: string;
  path: string;
  /** The body's property names and, where the schema lists them, their allowed values. */
  fields: Map<string, unknown[]>;
  queryNames: string[];
}

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  items?: Schema;
};
type Document = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
};

/** Every field name of a body schema, nested ones too, with any enumerated values. */
function fieldsOf(doc: Document, schema: Schema | undefined, into = new Map<string, unknown[]>(), depth = 0) {
  if (!schema || depth > 6) return into;
  const resolved = schema.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop()!] : schema;
  if (!resolved) return into;
  for (const part of [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? []), ...(resolved.allOf ?? [])])
    fieldsOf(doc, part, into, depth + 1);
  if (resolved.items) fieldsOf(doc, resolved.items, into, depth + 1);
  for (const [name, property] of Object.entries(resolved.properties ?? {})) {
    const values = into.get(name) ?? [];
    const p = property.$ref ? doc.components?.schemas?.[property.$ref.split('/').pop()!] : property;
    values.push(...(p?.enum ?? []), ...(p?.const !== undefined ? [p.const] : []));
    for (const alt of [...(p?.anyOf ?? []), ...(p?.oneOf ?? [])]) {
      const a = alt.$ref ? doc.components?.schemas?.[alt.$ref.split('/').pop()!] : alt;
      values.push(...(a?.enum ?? []), ...(a?.const !== undefined ? [a.const] : []));
    }
    into.set(name, values);
    fieldsOf(doc, property, into, depth + 1);
  }
  return into;
}

function operationsOf(doc: Document): Operation[] {
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        fields: fieldsOf(doc, Object.values(op.requestBody?.content ?? {})[0]?.schema),
        queryNames: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      })),
    );
}

/** The world's ids by path parameter name; other names (and sometimes these) get random text. */
const knownIds = (w: RoleWorld): Record<string, string[]> => ({
  c: [w.companyId, w.companyId, w.companyId, w.otherCompanyId],
  p: [w.records.projectId],
  v: [w.records.vendorId],
  k: [w.records.commitmentId],
  o: [w.records.changeOrderId],
  r: [w.records.requestId],
  w: [w.records.webhookId],
  d: [w.records.deliveryId],
  u: Object.values(w.users).map((u) => u.id),
  id: [w.records.syncRunId],
  jobNumber: [w.records.erpJobNumber],
  vendorCode: [w.records.erpVendorCode],
});

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '%',
    '0',
    '-1',
    '1e309',
    'null',
    "'; drop table users; --",
    'a'.repeat(3000),
  ),
);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '12.34',
    '0.00',
    '-5.00',
    '99999999999999.99',
    '1.234',
    '2026-12-03T10:00:00Z',
    '01-100',
    'L',
  ),
);
const value = fc.oneof(
  { weight: 5, arbitrary: scalar },
  {
    weight: 1,
    arbitrary: fc.array(
      fc.oneof(
        scalar,
        fc.dictionary(fc.constantFrom('costCode', 'costType', 'amount', 'description'), scalar),
      ),
      { maxLength: 3 },
    ),
  },
  { weight: 1, arbitrary: fc.dictionary(text, scalar, { maxKeys: 3 }) },
);
/** URLs the server would call: only ones that answer at once here (a closed local port, bad ones). */
const urls = fc.constantFrom(
  'http://127.0.0.1:9/x',
  'not a url',
  'ftp://127.0.0.1/',
  'http://169.254.169.254/',
  '',
);
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode),
  maxLength: 300,
});

function requestArbitrary(ops: Operation[], world: RoleWorld, all: TestUser) {
  const ids = knownIds(world);
  return fc
    .record({
      op: fc.constantFrom(...ops),
      // Mostly callers who may act, so requests get past the permission check and into the use cases.
      role: fc.oneof(
        { weight: 1, arbitrary: fc.constantFrom(...roles) },
        { weight: 4, arbitrary: fc.constant('all' as const) },
      ),
      seed: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
      idempotencyKey: fc.option(headerText, { nil: undefined }),
      cursor: fc.option(fc.oneof(headerText, fc.constant('bGcxOjA')), { nil: undefined, freq: 4 }),
      limit: fc.option(fc.oneof(fc.integer({ min: -5, max: 500 }), text), { nil: undefined, freq: 4 }),
      garbageAuth: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
      contentType: fc.constantFrom(
        'application/json',
        'application/json',
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
      ),
      otherHeaders: fc.dictionary(
        fc.constantFrom('accept', 'x-csrf-token', 'last-event-id', 'if-match', 'x-forwarded-for', 'cookie'),
        headerText,
        { maxKeys: 2 },
      ),
      rawBody: fc.option(fc.oneof(text, fc.constant('{"unterminated": ')), { nil: undefined, freq: 20 }),
      extra: fc.option(
        fc.dictionary(fc.constantFrom('x', 'version', 'name', 'lines', 'status'), value, { maxKeys: 2 }),
        {
          nil: undefined,
          freq: 5,
        },
      ),
      fieldValues: fc.array(
        fc.oneof(
          { weight: 2, arbitrary: value },
          { weight: 3, arbitrary: fc.constant('__known__') },
          { weight: 1, arbitrary: fc.constant('__omit__') },
        ),
        { minLength: 12, maxLength: 12 },
      ),
      params: fc.array(
        fc.oneof({ weight: 12, arbitrary: fc.constant('__known__') }, { weight: 1, arbitrary: text }),
        {
          minLength: 6,
          maxLength: 6,
        },
      ),
      url: urls,
    })
    .map((r) => {
      let i = 0;
      const path = r.op.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
        const choice = r.params[i++ % r.params.length]!;
        const known = ids[name] ?? [];
        const picked =
          choice === '__known__' && known.length > 0 ? known[r.seed[i % 8]! % known.length]! : choice;
        return encodeURIComponent(String(picked));
      });
      const body: Record<string, unknown> = { ...r.extra };
      [...r.op.fields.entries()].forEach(([name, allowed], n) => {
        const generated = r.fieldValues[n % r.fieldValues.length];
        if (generated === '__omit__') return;
        if (/url/i.test(name)) body[name] = r.url;
        else if (generated !== '__known__') body[name] = generated;
        else if (allowed.length > 0) body[name] = allowed[r.seed[n % 8]! % allowed.length];
        else if (name === 'version') body[name] = 1;
        else if (name === 'ids') body[name] = [world.records.requestId];
      });
      const query = new URLSearchParams();
      if (r.cursor !== undefined) query.set('cursor', r.cursor);
      if (r.limit !== undefined) query.set('limit', String(r.limit));
      // An open stream never answers: the events route is asked to answer and end.
      if (r.op.queryNames.includes('follow')) query.set('follow', 'false');
      const user = r.role === 'all' ? all : r.role === 'anonymous' ? undefined : world.users[r.role];
      const headers: Record<string, string> = { ...r.otherHeaders };
      if (r.garbageAuth) headers.authorization = 'Bearer lg_not-a-token';
      else if (user) headers.authorization = `Bearer ${user.token}`;
      if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
      const hasBody = r.op.method !== 'GET' && r.op.method !== 'DELETE';
      const payload = hasBody ? (r.rawBody ?? JSON.stringify(body)) : undefined;
      if (payload !== undefined) headers['content-type'] = r.contentType;
      return { method: r.op.method, url: `${path}${query.size > 0 ? `?${query}` : ''}`, headers, payload };
    });
}

/**
 * Random requests to every route of the OpenAPI document, by every kind of caller, with random path ids,
 * cursors, limits, idempotency keys and bodies (the schema's own field names with random and valid
 * values): none may answer 5xx, and none answered 4xx may have written anything.
 */
describe.each(dialects)('fuzzing every route on %s', (dialect) => {
  const t = useTestApp(dialect);

  it(`answers ${runs} random requests without a 5xx or a partial write`, async () => {
    const { app, ctx } = t.current;
    const world = await makeRoleWorld(ctx);
    // A member who may do everything in the company, so most requests reach the use cases' own rules.
    const all = await makeMember(ctx, world.operator, world.companyId, {
      erp: 'admin',
      project: 'admin',
      canPushToAccounting: true,
    });
    const ops = operationsOf(app.swagger() as unknown as Document);
    const tables = (await ctx.database.db.introspection.getTables())
      // Keys are kept for refused requests too: their answer is replayed.
      .filter(
        (table) => !['idempotency_keys', 'kysely_migration', 'kysely_migration_lock'].includes(table.name),
      )
      .map((table) => (table.schema ? `${table.schema}.${table.name}` : table.name));
    const counts = async () => {
      const { rows } = await sql<Record<string, number | string>>`select ${sql.join(
        tables.map((name, i) => sql`(select count(*) from ${sql.table(name)}) as ${sql.ref(`t${i}`)}`),
      )}`.execute(ctx.database.db);
      return Object.values(rows[0]!).map(Number).join(',');
    };

    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(ops, world, all), async (request) => {
        const before = await counts();
        const answer = await app.inject(request);
        const where = `${request.method} ${request.url} → ${answer.statusCode} ${answer.body.slice(0, 300)}`;
        statuses.add(answer.statusCode);
        expect(answer.statusCode, where).toBeLessThan(500);
        if (answer.statusCode >= 400) {
          expect(answer.headers['content-type'], where).toContain('application/problem+json');
          expect(await counts(), `a refused request wrote: ${where}`).toBe(before);
        }
      }),
      { numRuns: runs },
    );
    // The walk reached the use cases, not only the doors: some requests succeeded.
    expect(
      [...statuses].some((status) => status < 300),
      [...statuses].join(','),
    ).toBe(true);
  });
});
