/**
 * The sync from Spectrum against the raw SDX read of the same data, in the same run.
 *
 *   node --import tsx bench/sync.ts     (PostgreSQL too when DATABASE_URL_TEST is set;
 *                                        BENCH_ONLY=sqlite|postgres for one)
 *
 * The Spectrum simulator runs in a child process (a customer's Spectrum server is another machine),
 * seeded through SOAP with a company of 2,000 jobs, 5,000 vendors, a standard job of 600 phase rows
 * (200 phases × 3 cost types) and 40 jobs of 300 phase rows each, which projects are linked to.
 *
 * Per dialect, rounds of: raw read, full sync, raw read, unchanged re-sync, raw read (each sync is
 * compared with the raw reads on either side of it: the machine's speed drifts):
 * - raw read: the very SDX requests a sync makes (GetJob and GetJobMain of every status, the REST vendor
 *   list, GetPhase of the standard job, and alongside them GetPhase of the linked jobs, two jobs at a
 *   time), pre-built and posted over keep-alive in the sync's order; answers read whole, not parsed;
 * - full sync: a new company (its own mirror, empty) with 40 projects linked to the jobs, synced once;
 * - unchanged re-sync: the same company synced again; it must write nothing (counts.changed = 0).
 * The medians of the ratios are printed (targets: full ≤ 1.5×, unchanged ≤ 1.2×).
 */
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Dialect } from '../src/db/capabilities.ts';
import { migrateToLatest, openDatabase } from '../src/db/database.ts';
import { systemClock } from '../src/domain/clock.ts';
import { parallelCalls } from '../src/erp/spectrum/connector.ts';
import { forEachLimited } from '../src/erp/spectrum/parallel.ts';
import { startSpectrumSimulator } from '../src/erp/spectrum/simulator/index.ts';
import { buildRequest, type Service, type ServiceValues } from '../src/erp/spectrum/soap-codec.ts';
import { buildApp } from '../src/http/app.ts';
import { createJobQueue } from '../src/jobs/create-queue.ts';
import { createSecretBox } from '../src/security/secret-box.ts';
import { createWorkflowContext, type WorkflowContext } from '../src/workflows/context.ts';
import { apiAs } from '../test/support/api.ts';
import { loadTestWrites, testOutbound } from '../test/support/context.ts';
import { createScratchDatabase, dialects } from '../test/support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../test/support/factories.ts';
import { syncFromErp } from '../test/support/sync.ts';

const jobCount = 2_000;
const vendorCount = 5_000;
const standardPhases = 200;
const linkedJobs = 40;
const linkedPhases = 100;
const costTypes = ['L', 'M', 'S'];
const rounds = 7;
const credentials = { Authorization_ID: 'DEMO', GUID: '', Company_Code: '001' };
const standardJob = 'BENCHSTD';

const jobNumber = (n: number) => `B${String(n).padStart(5, '0')}`;
const phaseCode = (n: number) => String(10_000 + n);

/**
 * The simulator in a child process. With BENCH_PIN (Linux, taskset, 2+ cores) it runs on core 1 and this
 * process on core 0, so neither is scheduled over the other mid-measurement.
 */
async function startSimulatorChild(): Promise<{ url: string; stop(): void }> {
  const serve = [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), '--serve'];
  const pinned = process.env.BENCH_PIN !== undefined;
  if (pinned) execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  const [command, ...args] = pinned ? ['taskset', '-c', '1', ...serve] : serve;
  const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  if (typeof first.value !== 'string') throw new Error('the simulator did not start');
  return { url: first.value, stop: () => child.stdin!.end() };
}

/** One HTTP exchange over `agent`; the answer's text, unread. */
function exchange(agent: http.Agent, url: URL, body?: string, headers: Record<string, string> = {}) {
  return new Promise<string>((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: body === undefined ? 'GET' : 'POST',
        agent,
        headers:
          body === undefined
            ? headers
            : { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          response.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const soap = <S extends Service>(url: string, service: S, values: ServiceValues<S>) => ({
  url: new URL(`/ws/${service}`, url),
  body: buildRequest(service, { ...credentials, ...values } as ServiceValues<S>),
});

/** The company of the bench, written through SOAP: every record an AddJob, AddVendor or AddPhase. */
async function populate(url: string): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: parallelCalls });
  const calls = [
    soap(url, 'AddJob', {
      Job_Number: standardJob,
      Job_Description: 'Bench standard codes',
      Taxable_Flag: 'N',
      Price_Method_Code: 'F',
      Status_Code: 'I',
    }),
    ...Array.from({ length: jobCount }, (_, n) =>
      soap(url, 'AddJob', {
        Job_Number: jobNumber(n),
        Job_Description: `Bench job ${n}`,
        Division: String(10 + (n % 5)),
        Address_1: `${n} Bench Street`,
        City: 'Reno',
        State: 'NV',
        Zip_Code: '89501',
        Taxable_Flag: n % 2 ? 'Y' : 'N',
        Price_Method_Code: 'F',
      }),
    ),
    ...Array.from({ length: vendorCount }, (_, n) =>
      soap(url, 'AddVendor', {
        Vendor_Code: `BV${String(n).padStart(5, '0')}`,
        Vendor_Name: `Bench Vendor ${n}`,
        Alpha_Sort: 'BENCH',
        Address_1: `${n} Supply Road`,
        Address_3: 'Sparks',
        State: 'NV',
        Zip_Code: '89431',
        Terms_Code: 'A',
        Terms_Days: '30',
        Terms_Disc_Code: 'A',
      }),
    ),
  ];
  const phases = (job: string, count: number) =>
    Array.from({ length: count }, (_, p) =>
      costTypes.map((costType) =>
        soap(url, 'AddPhase', {
          Job_Number: job,
          Phase_Code: phaseCode(p),
          Description: `Bench phase ${p}`,
          Cost_Type: costType,
          Price_Method_Code: 'J',
          Original_Est_Cost: String(1000 + p),
        }),
      ),
    ).flat();
  const phaseCalls = [
    ...phases(standardJob, standardPhases),
    ...Array.from({ length: linkedJobs }, (_, j) => phases(jobNumber(j), linkedPhases)).flat(),
  ];
  for (const batch of [calls, phaseCalls]) {
    await forEachLimited(batch, parallelCalls, async ({ url: target, body }) => {
      const answer = await exchange(agent, target, body);
      if (!/<error_code>\s*<\/error_code>/.test(answer)) throw new Error(`not stored: ${answer}`);
    });
  }
  agent.destroy();
}

/** The sync's SDX requests, pre-built, read in its order and with its concurrency; ms. */
async function rawRead(url: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: parallelCalls });
  const get = <S extends Service>(service: S, values: ServiceValues<S>) => {
    const { url: target, body } = soap(url, service, values);
    return exchange(agent, target, body);
  };
  const statuses = ['', 'C'];
  const lists = () => [
    ...statuses.flatMap((s) => [get('GetJob', { pStatus_Code: s }), get('GetJobMain', { pStatus_Code: s })]),
    ...statuses.map((s) => get('GetPhase', { pJob_Number: standardJob, pStatus_Code: s })),
    exchange(agent, new URL('/vendors/001', url), undefined, {
      Authorization: `Basic ${Buffer.from('001:DEMO').toString('base64')}`,
    }),
  ];
  const waiting = Array.from({ length: linkedJobs }, (_, j) => jobNumber(j));
  const costs = async () => {
    for (let job = waiting.shift(); job !== undefined; job = waiting.shift())
      await Promise.all(statuses.map((s) => get('GetPhase', { pJob_Number: job, pStatus_Code: s })));
  };
  const started = performance.now();
  await Promise.all([...lists(), costs(), costs()]);
  const elapsed = performance.now() - started;
  agent.destroy();
  return elapsed;
}

/** A company connected to the simulator, with projects linked to the first 40 jobs. */
async function linkedCompany(ctx: WorkflowContext, app: Awaited<ReturnType<typeof buildApp>>, url: string) {
  const operator = await makeOperator(ctx);
  const companyId = (await makeCompany(ctx, operator, 'spectrum')).id;
  const admin = apiAs(app, await makeMember(ctx, operator, companyId, { erp: 'admin', project: 'admin' }));
  const put = await admin.put(`/companies/${companyId}/erp/connection`, {
    system: 'spectrum',
    baseUrl: url,
    authorizationId: 'DEMO',
    companyCode: '001',
    standardJob,
  });
  if (put.status !== 200) throw new Error(JSON.stringify(put.body));
  await admin.put(`/companies/${companyId}/settings`, { syncSchedule: 'off' });
  for (let j = 0; j < linkedJobs; j++) {
    const project = await admin.post(`/companies/${companyId}/projects`, {
      name: `Linked ${j}`,
      active: true,
    });
    if (project.status !== 201) throw new Error(JSON.stringify(project.body));
    // As an import or a link leaves it (those read the job's phases live, which is not what is measured).
    await ctx.database.db
      .updateTable('projects')
      .set({ erp_job_number: jobNumber(j) })
      .where('id', '=', project.body.id)
      .execute();
  }
  return companyId;
}

/** One sync of the company; its wall time and how many mirror rows it wrote. */
async function timedSync(ctx: WorkflowContext, companyId: string) {
  const started = performance.now();
  await syncFromErp(ctx, companyId);
  const ms = performance.now() - started;
  const run = await ctx.database.db
    .selectFrom('sync_runs')
    .select('counts')
    .where('company_id', '=', companyId)
    .orderBy('finished_at', 'desc')
    .executeTakeFirstOrThrow();
  const counts = JSON.parse(run.counts!) as {
    changed: number;
    jobs: number;
    vendors: number;
    jobCosts: number;
  };
  return { ms, counts };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(dialect: Dialect, url: string) {
  const scratch = await createScratchDatabase(dialect);
  const database = openDatabase(scratch.url);
  try {
    await migrateToLatest(database);
    const ctx = createWorkflowContext({
      database,
      queue: createJobQueue(database),
      clock: systemClock,
      secrets: createSecretBox(Buffer.alloc(32, 7)),
      outbound: testOutbound,
    });
    await ctx.queue.prepare();
    const app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1', rateLimitPerMinute: loadTestWrites });
    await app.ready();
    // Warm-up: the simulator, the connector's parser and the database each see a whole sync once.
    await rawRead(url);
    await timedSync(ctx, await linkedCompany(ctx, app, url));

    // The machine's speed drifts by a third between seconds: each sync is compared with the raw reads
    // made right before and right after it, and the ratios' median is reported.
    const full: number[] = [];
    const again: number[] = [];
    const rawMs: number[] = [];
    let before = await rawRead(url);
    for (let round = 0; round < rounds; round++) {
      const companyId = await linkedCompany(ctx, app, url);
      const first = await timedSync(ctx, companyId);
      const middle = await rawRead(url);
      const second = await timedSync(ctx, companyId);
      const after = await rawRead(url);
      if (second.counts.changed !== 0)
        throw new Error(`an unchanged re-sync wrote ${second.counts.changed} mirror rows`);
      full.push(first.ms / ((before + middle) / 2));
      again.push(second.ms / ((middle + after) / 2));
      rawMs.push(middle);
      console.log(
        `  round ${round + 1}: raw ${before.toFixed(0)} / ${middle.toFixed(0)} / ${after.toFixed(0)} ms; ` +
          `full sync ${first.ms.toFixed(0)} ms (${first.counts.changed} rows written: ${first.counts.jobs} jobs, ` +
          `${first.counts.vendors} vendors, ${first.counts.jobCosts} job costs) = ${full.at(-1)!.toFixed(2)} × raw; ` +
          `unchanged re-sync ${second.ms.toFixed(0)} ms (0 rows written) = ${again.at(-1)!.toFixed(2)} × raw`,
      );
      before = after;
    }
    await app.close();
    console.log(
      `${dialect}: raw read ${median(rawMs).toFixed(0)} ms; full sync ${median(full).toFixed(2)} × raw ` +
        `(target ≤ 1.5); unchanged re-sync ${median(again).toFixed(2)} × raw (target ≤ 1.2); medians of ${rounds} rounds`,
    );
  } finally {
    await database.close();
    await scratch.drop();
  }
}

if (process.argv.includes('--serve')) {
  const simulator = await startSpectrumSimulator({ seed: 'empty' });
  console.log(simulator.url);
  process.stdin.resume();
  process.stdin.on('end', () => void simulator.close().then(() => process.exit(0)));
} else {
  const sim = await startSimulatorChild();
  try {
    const started = performance.now();
    await populate(sim.url);
    console.log(
      `Spectrum company of ${jobCount} jobs, ${vendorCount} vendors, a ${standardPhases * costTypes.length}-row ` +
        `standard job and ${linkedJobs} linked jobs of ${linkedPhases * costTypes.length} phase rows, written in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const only = process.env.BENCH_ONLY;
    for (const dialect of dialects.filter((d) => !only || d === only)) await measure(dialect, sim.url);
  } finally {
    sim.stop();
  }
}
