/**
 * A 5,000-line budget through the HTTP API: write the lines, lock, send to ERP (with the ordering rules
 * and the Spectrum preflight). Target on the 2-core machine: under 1 s in all on SQLite.
 * Run: node --import tsx bench/records.ts   (PostgreSQL too when DATABASE_URL_TEST is set)
 */
import { performance } from 'node:perf_hooks';
import { migrateToLatest, openDatabase } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { apiAs } from '../test/support/api.ts';
import { loadTestWrites, testContext } from '../test/support/context.ts';
import { createScratchDatabase, dialects } from '../test/support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../test/support/factories.ts';
import { budgetProject } from './support/budget-project.ts';

async function run(dialect: (typeof dialects)[number]) {
  const scratch = await createScratchDatabase(dialect);
  const database = openDatabase(scratch.url);
  await migrateToLatest(database);
  const ctx = testContext(database);
  const app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1', rateLimitPerMinute: loadTestWrites });
  try {
    const operator = await makeOperator(ctx);
    const c = (await makeCompany(ctx, operator)).id;
    const pm = apiAs(app, await makeMember(ctx, operator, c, { project: 'admin' }));
    const { projectId: project, lines } = await budgetProject(ctx, pm, c);
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
