import fc from 'fast-check';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { makeMember } from '../support/factories.ts';
import { makeRoleWorld, type RoleWorld } from '../support/roles.ts';

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  maxLength?: number;
};
interface WriteRoute {
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  schema: JsonSchema;
}

/** Every table the API can write; a malformed request must leave all of them exactly as they were. */
const tables = [
  'companies',
  'users',
  'memberships',
  'sessions',
  'api_tokens',
  'audit_events',
  'erp_connections',
  'webhooks',
  'webhook_deliveries',
] as const;

const anyJson = fc.jsonValue({ maxDepth: 3 });
const wrongTyped = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.string({ maxLength: 20 }),
);
const hugeString = fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n));

/** A body that is malformed by construction, or random JSON. */
function malformedBody(schema: JsonSchema): fc.Arbitrary<{ raw?: string; json?: unknown }> {
  const objects = [schema, ...(schema.anyOf ?? [])].filter((s) => s.properties);
  const fields = [...new Set(objects.flatMap((s) => Object.keys(s.properties ?? {})))];
  const base = fc.dictionary(fc.constantFrom(...(fields.length ? fields : ['x'])), anyJson, { maxKeys: 4 });
  return fc.oneof(
    anyJson.map((json) => ({ json })),
    fc
      .tuple(base, fc.constantFrom(...(fields.length ? fields : ['x'])), wrongTyped)
      .map(([b, f, v]) => ({ json: { ...b, [f]: v } })),
    fc
      .tuple(base, fc.constantFrom(...(fields.length ? fields : ['x'])), hugeString)
      .map(([b, f, v]) => ({ json: { ...b, [f]: v } })),
    fc
      .tuple(base, fc.string({ minLength: 1, maxLength: 10 }))
      .map(([b, k]) => ({ json: { ...b, [`zz_${k}`]: 1 } })),
    fc.string({ maxLength: 40 }).map((raw) => ({ raw: `{${raw}` })),
  );
}

/** A raw body that happens to be valid JSON (e.g. `{}`) is judged like any other JSON body. */
function parsedOrUndefined(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function urlOf(path: string, world: RoleWorld): string {
  const { projectId, vendorId, commitmentId, changeOrderId, requestId, webhookId, deliveryId } =
    world.records;
  return path
    .replace('{c}', world.companyId)
    .replace('{u}', world.users.none.id)
    .replace('{p}', projectId)
    .replace('{v}', vendorId)
    .replace('{k}', commitmentId)
    .replace('{o}', changeOrderId)
    .replace('{r}', requestId)
    .replace('{w}', webhookId)
    .replace('{d}', deliveryId);
}

describe.each(dialects)('malformed input on %s', (dialect) => {
  const t = useTestApp(dialect);

  it('answers every POST/PUT/PATCH route with 4xx problem+json and writes nothing', async () => {
    const { app, database } = t.current;
    const world = await makeRoleWorld(t.current.ctx);
    // One caller who passes every permission check, so that only the input decides the answer.
    const superUser = await makeMember(t.current.ctx, world.operator, world.companyId, {
      erp: 'admin',
      project: 'admin',
      canPushToAccounting: true,
    });
    await database.db.updateTable('users').set({ is_operator: 1 }).where('id', '=', superUser.id).execute();
    const spec = app.swagger() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
      >;
    };
    const routes: WriteRoute[] = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, op]) => {
        const schema = op.requestBody?.content['application/json']?.schema;
        return schema && path.startsWith('/api/v1/')
          ? [{ method: method.toUpperCase() as WriteRoute['method'], path, schema }]
          : [];
      }),
    );
    expect(routes.length).toBeGreaterThanOrEqual(8);

    // Authentication notes a token's first use; do that now so that only the requests under test could write.
    await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${superUser.token}` },
    });
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(tables.map((table) => database.db.selectFrom(table).selectAll().execute())),
      );

    for (const route of routes) {
      const valid = Compile(route.schema as never);
      const before = await snapshot();
      await fc.assert(
        fc.asyncProperty(malformedBody(route.schema), async ({ raw, json }) => {
          fc.pre(!valid.Check(raw === undefined ? json : parsedOrUndefined(raw)));
          const response = await app.inject({
            method: route.method,
            url: urlOf(route.path, world),
            headers: { authorization: `Bearer ${superUser.token}`, 'content-type': 'application/json' },
            payload: raw ?? JSON.stringify(json),
          });
          expect(
            response.statusCode,
            `${route.method} ${route.path} ${response.body.slice(0, 300)}`,
          ).toBeGreaterThanOrEqual(400);
          expect(response.statusCode).toBeLessThan(500);
          expect(response.headers['content-type']).toContain('application/problem+json');
          expect(response.json().code).toEqual(expect.any(String));
        }),
        { numRuns: 60 },
      );
      expect(await snapshot(), `${route.method} ${route.path} wrote a row`).toBe(before);
    }
  });
});
