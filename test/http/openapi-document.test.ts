import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { OpenAPI3, OperationObject, ResponseObject } from 'openapi-typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { servedDocument } from '../../scripts/gen-api-types.ts';

const redocly = fileURLToPath(new URL('../../node_modules/.bin/redocly', import.meta.url));
/** Redocly's recommended rules, with a missing operationId an error: API.md requires one on every operation. */
const redoclyConfig = 'extends:\n  - recommended\nrules:\n  operation-operationId: error\n';

interface Operation {
  method: string;
  path: string;
  op: OperationObject;
}

/** The served document as an outside integrator gets it; it talks to no database, so it runs once. */
describe('the OpenAPI document', () => {
  let document: OpenAPI3;
  let operations: Operation[];
  const byId = (id: string) => operations.find((o) => o.op.operationId === id)?.op;

  beforeAll(async () => {
    document = await servedDocument();
    operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, OperationObject>).map(([method, op]) => ({ method, path, op })),
    );
  });

  it('gives every operation a unique operationId in lowerCamel verb-noun form', () => {
    expect(operations.length).toBeGreaterThan(80);
    expect(operations.filter((o) => !o.op.operationId).map((o) => `${o.method} ${o.path}`)).toEqual([]);
    const ids = operations.map((o) => o.op.operationId as string);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids.filter((id) => !/^[a-z]+(?:[A-Z][a-z0-9]*)*$/.test(id))).toEqual([]);
    expect(byId('listErpRequests')).toBeDefined();
    expect(byId('acceptErpRequest')).toBeDefined();
    expect(byId('sendProjectToErp')).toBeDefined();
  });

  it('names the shared shapes as components and refers to them', () => {
    const schemas = document.components?.schemas ?? {};
    for (const name of ['Problem', 'ErpRequest', 'ErpRequestProject', 'Project', 'Vendor', 'Commitment'])
      expect(schemas).toHaveProperty(name);
    for (const name of ['ChangeOrder', 'Money', 'Company', 'Budget', 'User', 'SyncRun'])
      expect(schemas).toHaveProperty(name);
    const json = (op: OperationObject | undefined, status: string) =>
      (op?.responses?.[status] as ResponseObject | undefined)?.content?.['application/json']?.schema;
    expect(json(byId('getProject'), '200')).toEqual({ $ref: '#/components/schemas/Project' });
    expect(json(byId('createProject'), '201')).toEqual({ $ref: '#/components/schemas/Project' });
    expect(json(byId('listErpRequests'), '200')).toEqual({ $ref: '#/components/schemas/ErpRequestPage' });
    expect(JSON.stringify(schemas.Budget)).toContain('"$ref":"#/components/schemas/Money"');
  });

  it('documents every error answer as application/problem+json with the Problem schema', () => {
    const wrong = operations.flatMap(({ method, path, op }) =>
      Object.entries(op.responses ?? {})
        .filter(([status]) => status.startsWith('4'))
        .filter(([, response]) => {
          const content = (response as ResponseObject).content ?? {};
          return (
            Object.keys(content).join() !== 'application/problem+json' ||
            JSON.stringify(content['application/problem+json']?.schema) !==
              JSON.stringify({ $ref: '#/components/schemas/Problem' })
          );
        })
        .map(([status]) => `${method} ${path} ${status}`),
    );
    expect(wrong).toEqual([]);
  });

  it('documents the live events as text/event-stream', () => {
    const stream = byId('streamCompanyEvents')?.responses?.['200'] as ResponseObject;
    expect(Object.keys(stream.content ?? {})).toEqual(['text/event-stream']);
  });

  it('declares both credentials, no credentials on public routes and the CSRF header on cookie writes', () => {
    expect(document.components?.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'lg_session' }),
    });
    expect(document.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(byId('login')?.security).toEqual([]);
    expect(byId('getHealth')?.security).toEqual([]);
    expect(byId('getProject')?.security).toBeUndefined();

    const csrf = { $ref: '#/components/parameters/CsrfToken' };
    expect(document.components?.parameters?.CsrfToken).toMatchObject({ in: 'header', name: 'x-csrf-token' });
    expect(byId('login')?.parameters ?? []).not.toContainEqual(csrf);
    expect(byId('getProject')?.parameters).not.toContainEqual(csrf);
    const writes = operations.filter((o) => o.method !== 'get' && o.op.security === undefined);
    expect(writes.filter((o) => !o.op.parameters?.some((p) => '$ref' in p && p.$ref === csrf.$ref))).toEqual(
      [],
    );

    // Every signed-in POST takes an Idempotency-Key; nothing else does.
    const key = { $ref: '#/components/parameters/IdempotencyKey' };
    expect(document.components?.parameters?.IdempotencyKey).toMatchObject({
      in: 'header',
      name: 'Idempotency-Key',
    });
    const keyed = (o: (typeof operations)[number]) =>
      o.op.parameters?.some((p) => '$ref' in p && p.$ref === key.$ref);
    expect(writes.filter((o) => o.method === 'post' && !keyed(o))).toEqual([]);
    expect(operations.filter((o) => o.method !== 'post' && keyed(o))).toEqual([]);
    expect(byId('login')?.parameters ?? []).not.toContainEqual(key);
  });

  it('lints clean with Redocly and validates against the OpenAPI 3.1 schema', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledgergate-openapi-'));
    try {
      await writeFile(join(dir, 'openapi.json'), JSON.stringify(document));
      await writeFile(join(dir, 'redocly.yaml'), redoclyConfig);
      const lint = await promisify(execFile)(redocly, ['lint', '--format', 'json', 'openapi.json'], {
        cwd: dir,
        // No telemetry or update check: CI reaches no network but the package registry.
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      }).catch((failed: { stdout: string }) => failed);
      const report = JSON.parse(lint.stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; message: string }[];
      };
      const summary = report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`);
      expect(report.totals.errors, summary.join('\n')).toBe(0);
      // The warnings left: the API has no license to name, and /healthz has no client error to document.
      expect(report.problems.map((p) => p.ruleId).sort()).toEqual(['info-license', 'operation-4xx-response']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const validation = await new Validator().validate({ ...document });
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
  });
});
