/**
 * A 5,000-line budget through the HTTP API: write the lines, lock, send to ERP (with the ordering rules
 * and the Spectrum preflight). Target on the 2-core machine: under 1 s in all on SQLite.
 * Run: node --import tsx bench/records.ts   (PostgreSQL too when DATABASE_URL_TEST is set)
 */
import { performance } from 'node:perf_hooks';
import { migrateToLatest, openDatabase } from '../src/db/database.ts';
import { toJson } from '../src/db/json.ts';
import { buildApp } from '../src/http/app.ts';
import { apiAs } from '../test/support/api.ts';
import { testContext } from '../test/support/context.ts';
import { createScratchDatabase, dialects } from '../test/support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../test/support/factories.ts';

const codes = 1000;
const costTypes = ['L', 'M', 'S', 'E', 'O'];

async function run(dialect: (typeof dialects)[number]) {
  const scratch = await createScratchDatabase(dialect);
  const database = openDatabase(scratch.url);
  await migrateToLatest(database);
  const ctx = testContext(database);
  const app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1' });
  try {
    const operator = await makeOperator(ctx);
    const c = (await makeCompany(ctx, operator)).id;
    const pm = apiAs(app, await makeMember(ctx, operator, c, { project: 'admin' }));
    const at = new Date().toISOString();
    const codeList = Array.from(
      { length: codes },
      (_, i) => `${String(Math.floor(i / 100)).padStart(2, '0')}-${String(i % 100).padStart(3, '0')}`,
    );
    await database.db
      .insertInto('standard_cost_codes')
      .values(
        codeList.map((code) => ({
          company_id: c,
          code,
          description: `Code ${code}`,
          source: 'erp' as const,
          updated_at: at,
        })),
      )
      .execute();
    await database.db
      .insertInto('cost_types')
      .values(
        costTypes.map((code) => ({
          company_id: c,
          code,
          description: code,
          kind: 'other',
          source: 'erp' as const,
          updated_at: at,
        })),
      )
      .execute();
    const project = (
      await pm.post(`/companies/${c}/projects`, {
        name: 'Bench tower',
        number: 'B1',
        active: true,
        priceMethod: 'F',
        taxable: true,
      })
    ).body.id as string;
    // The project and all its cost codes as a successful export leaves them.
    await database.db
      .updateTable('projects')
      .set({ synced_snapshot: toJson({}), erp_job_number: 'B1' })
      .where('id', '=', project)
      .execute();
    for (let i = 0; i < codeList.length; i += 200) {
      await database.db
        .insertInto('project_cost_codes')
        .values(
          codeList.slice(i, i + 200).flatMap((code) =>
            costTypes.map((cost_type) => ({
              project_id: project,
              code,
              cost_type,
              erp_status: 'synced' as const,
              created_at: at,
            })),
          ),
        )
        .execute();
    }
    const lines = codeList.flatMap((costCode, i) =>
      costTypes.map((costType, j) => ({
        costCode,
        costType,
        amount: `${1000 + i * 7 + j}.${String((i + j) % 100).padStart(2, '0')}`,
      })),
    );
    const url = `/companies/${c}/projects/${project}/budget`;

    const t0 = performance.now();
    const put = await pm.put(`${url}/lines`, { version: 1, lines });
    const t1 = performance.now();
    const lock = await pm.post(`${url}/lock`, {});
    const t2 = performance.now();
    const send = await pm.post(`${url}/send-to-erp`);
    const t3 = performance.now();
    if (put.status !== 200 || lock.status !== 200 || send.status !== 201)
      throw new Error(`unexpected ${put.status} ${lock.status} ${send.status} ${JSON.stringify(send.body)}`);
    return { dialect, lines: lines.length, write: t1 - t0, lock: t2 - t1, send: t3 - t2, total: t3 - t0 };
  } finally {
    await app.close();
    await database.close();
    await scratch.drop();
  }
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
for (const dialect of dialects) {
  await run(dialect); // warm-up: JIT and statement caches
  const r = await run(dialect);
  console.log(
    `${r.dialect.padEnd(8)} ${r.lines} lines: write ${ms(r.write)}, lock ${ms(r.lock)}, send ${ms(r.send)} → total ${ms(r.total)}`,
  );
}
