import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpectrumSimulator, startSpectrumSimulator } from '../../src/erp/spectrum/simulator/index.ts';
import { jobHandlers } from '../../src/server.ts';
import { walkReadmeFlow } from '../support/api-walk.ts';
import { useTestApp } from '../support/app.ts';
import { makeOperator } from '../support/factories.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const walkFile = join(root, 'test/support/api-walk.ts');
const walkTypesImport = "from '../../web/src/api/schema.d.ts';";

/**
 * A client generated from the served document, as an outside integrator would make one: openapi-typescript
 * writes the types, and the walk (test/support/api-walk.ts), written against nothing else, must compile
 * with them under strict settings and then run against a listening server. It talks to the database only
 * through the app, so it runs once, on SQLite.
 */
describe('a client generated from the OpenAPI document', () => {
  const t = useTestApp('sqlite');
  let sim: SpectrumSimulator;
  let baseUrl: string;

  beforeAll(async () => {
    sim = await startSpectrumSimulator({ port: 0, seed: 'demo' });
    await t.current.ctx.queue.start(jobHandlers(t.current.ctx), { concurrency: 2 });
    baseUrl = await t.current.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.current?.ctx.queue.stop();
    await sim?.close();
  });

  it('compiles the README walk, strictly, against types generated from the served document', async () => {
    const document = (await (await fetch(`${baseUrl}/api/openapi.json`)).json()) as OpenAPI3;
    // Under node_modules, so that the copy resolves openapi-fetch and @types/node as the repo does.
    await mkdir(join(root, 'node_modules/.cache'), { recursive: true });
    const dir = await mkdtemp(join(root, 'node_modules/.cache/openapi-client-'));
    try {
      await writeFile(join(dir, 'api.d.ts'), astToString(await openapiTS(document)));
      const walk = await readFile(walkFile, 'utf8');
      expect(walk).toContain(walkTypesImport);
      await writeFile(join(dir, 'walk.ts'), walk.replace(walkTypesImport, "from './api.d.ts';"));
      const compilerOptions = {
        target: 'ES2023',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023'],
        strict: true,
        // The generated file is checked through its use; checking every declaration file triples the time.
        skipLibCheck: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        allowImportingTsExtensions: true,
        verbatimModuleSyntax: true,
        noEmit: true,
        types: ['node'],
      };
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['walk.ts'] }));
      const tsc = join(root, 'node_modules/.bin/tsc');
      const compiled = await promisify(execFile)(tsc, ['-p', dir]).catch(
        (failed: { stdout: string }) => failed,
      );
      expect(compiled.stdout).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('walks the README flow with it: sign in, a project sent to the ERP, accepted and synced', async () => {
    const operator = await makeOperator(t.current.ctx);
    const outcome = await walkReadmeFlow({ baseUrl, operator, spectrumUrl: sim.url });
    expect(outcome).toEqual({
      sync: 'succeeded',
      sent: 'ready_to_export',
      accepted: 'exporting',
      done: { kind: 'project', status: 'synced', result: { erpIds: expect.any(Object) }, error: null },
      project: expect.objectContaining({ status: 'synced', jobNumber: 'J1001' }),
    });
    expect(sim.state().jobs.find((j) => j.Job_Number === 'J1001')).toMatchObject({
      Job_Description: 'Riverside Clinic',
    });
  });
});
