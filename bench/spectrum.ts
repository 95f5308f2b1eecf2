/**
 * Spectrum connector throughput against the simulator's own capacity.
 *
 *   node --import tsx bench/spectrum.ts
 *
 * The simulator runs in a child process (as a customer's Spectrum server is another machine), so the
 * connector's own work — building envelopes, parsing answers, bookkeeping — competes with nothing but
 * itself. For each workload the same AddPhase calls are made twice:
 *   raw       pre-built request bodies posted over keep-alive, answers drained unread: the simulator's cost;
 *   connector the connector's write (`addCostCodes` of 1,000 phases, including its read of the job's
 *             phases first; `setEstimates` of 5,000 lines).
 * Both keep the same number of calls in flight (the connector's `parallelCalls`). The ratio
 * connector/raw is the connector's overhead; the target is ≤ 1.20. Rounds alternate raw and connector
 * runs; the median and the best round are printed (on a shared machine the best is the least
 * disturbed), with the CPU time each side spent, which other load does not change.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CostCodeWrite } from '../src/erp/connector.ts';
import { createSpectrumConnector, parallelCalls } from '../src/erp/spectrum/connector.ts';
import { forEachLimited } from '../src/erp/spectrum/parallel.ts';
import { startSpectrumSimulator } from '../src/erp/spectrum/simulator/index.ts';
import { buildRequest } from '../src/erp/spectrum/soap-codec.ts';
import { testOutbound } from '../test/support/context.ts';

const credentials = { authorizationId: 'DEMO', companyCode: '001' };
const rounds = 5;

async function startChild(): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [url] = await createInterface({ input: child.stdout! })
    [Symbol.asyncIterator]()
    .next()
    .then((line) => [line.value]);
  if (typeof url !== 'string') throw new Error('the simulator did not start');
  return { url, pid: child.pid!, stop: () => child.stdin!.end() };
}

/** `count` phase codes fitting the demo mask `##-###`, from `first` on. */
const codes = (first: number, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const n = first + i;
    return `${String(10 + Math.floor(n / 1000)).padStart(2, '0')}-${String(n % 1000).padStart(3, '0')}`;
  });

/** 1,000 phase writes: 500 codes × 2 cost types. */
const phaseWrites = (job: number): CostCodeWrite[] =>
  codes(job * 3_000, 500).map((code) => ({ code, description: `Bench ${code}`, costTypes: ['L', 'M'] }));

/** A 5,000-line estimate over 2,500 codes × 2 cost types. */
const estimateCodes = (job: number): CostCodeWrite[] =>
  codes(job * 3_000, 2_500).map((code) => ({ code, description: `Bench ${code}`, costTypes: ['L', 'M'] }));
const estimateLines = (costCodes: CostCodeWrite[], round: number) =>
  costCodes.flatMap(({ code }) =>
    ['L', 'M'].map((costType, i) => ({ code, costType, amount: 100_00 * (round + 1) + i })),
  );

/** Posts pre-built bodies, `parallelCalls` at a time, over keep-alive; answers are drained, not read. */
async function postRaw(url: string, bodies: string[]): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: parallelCalls });
  const target = new URL('/ws/AddPhase', url);
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'text/xml; charset=utf-8',
            SOAPAction: '"AddPhase"',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.on('data', () => {});
          response.on('end', () =>
            response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`)),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  await forEachLimited(bodies, parallelCalls, post);
  agent.destroy();
}

const addPhaseBody = (job: string, code: string, costType: string, extra: Record<string, string>) =>
  buildRequest('AddPhase', {
    ...credentials,
    Authorization_ID: credentials.authorizationId,
    GUID: '00000000-0000-4000-8000-000000000000',
    Company_Code: credentials.companyCode,
    Job_Number: job,
    Phase_Code: code.replaceAll('-', ''),
    Cost_Type: costType,
    ...extra,
  });

interface Sample {
  wallMs: number;
  /** CPU time of this process (the client) and of the simulator's, during the run. */
  clientCpuMs: number;
  serverCpuMs: number;
}

/** The simulator's CPU time so far, from /proc (Linux); NaN elsewhere. */
function serverCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

async function measure(pid: number, run: () => Promise<unknown>): Promise<Sample> {
  const cpu = process.cpuUsage();
  const server = serverCpuMs(pid);
  const started = performance.now();
  await run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, clientCpuMs: (used.user + used.system) / 1000, serverCpuMs: serverCpuMs(pid) - server };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function report(name: string, calls: number, raw: Sample[], connector: Sample[]) {
  const per1000 = (ms: number) => ((ms / calls) * 1000).toFixed(0);
  const wall = (samples: Sample[], pick: (values: number[]) => number) => pick(samples.map((s) => s.wallMs));
  for (const [label, pick] of [
    ['median', median],
    ['best', (values: number[]) => Math.min(...values)],
  ] as const) {
    const rawMs = wall(raw, pick);
    const connectorMs = wall(connector, pick);
    console.log(
      `${name} (${label}): raw ${rawMs.toFixed(0)} ms = ${Math.round((calls / rawMs) * 1000)} calls/s; ` +
        `connector ${connectorMs.toFixed(0)} ms; ratio ${(connectorMs / rawMs).toFixed(2)}`,
    );
  }
  const cpu = (samples: Sample[], key: 'clientCpuMs' | 'serverCpuMs') =>
    per1000(median(samples.map((s) => s[key])));
  console.log(
    `${name} CPU ms per 1,000 calls (median): simulator ${cpu(raw, 'serverCpuMs')} raw / ${cpu(connector, 'serverCpuMs')} connector; ` +
      `client ${cpu(raw, 'clientCpuMs')} raw / ${cpu(connector, 'clientCpuMs')} connector`,
  );
}

async function main() {
  const child = await startChild();
  try {
    const connector = createSpectrumConnector({
      baseUrl: child.url,
      ...credentials,
      standardJob: 'STANDARD',
      phaseMask: '##-###',
      outbound: testOutbound.erp,
    });
    const newJob = (jobNumber: string) =>
      connector.createJob({ jobNumber, description: 'Bench', priceMethod: 'F', taxable: false }, []);

    // Warm both sides up (JIT, SQLite statement cache, sockets).
    await newJob('WARM');
    await connector.addCostCodes('WARM', phaseWrites(9).slice(0, 100));
    // The estimate jobs get their 5,000 phases once; every round sets new amounts on them.
    const estimateCostCodes = estimateCodes(0);
    for (const job of ['RB', 'CB']) {
      await newJob(job);
      await connector.addCostCodes(job, estimateCostCodes);
    }

    const samples = {
      raw1000: [] as Sample[],
      conn1000: [] as Sample[],
      raw5000: [] as Sample[],
      conn5000: [] as Sample[],
    };
    for (let round = 0; round < rounds; round++) {
      // 1,000 new phases: raw inserts on one job, the connector's addCostCodes on another.
      const [rawJob, connJob] = [`RA${round}`, `CA${round}`];
      await newJob(rawJob);
      await newJob(connJob);
      const rawInserts = phaseWrites(round + 1).flatMap(({ code, description, costTypes }) =>
        costTypes.map((costType) =>
          addPhaseBody(rawJob, code, costType, { Description: description, Price_Method_Code: 'J' }),
        ),
      );
      samples.raw1000.push(await measure(child.pid, () => postRaw(child.url, rawInserts)));
      samples.conn1000.push(
        await measure(child.pid, () => connector.addCostCodes(connJob, phaseWrites(round + 1))),
      );

      // A 5,000-line estimate.
      const lines = estimateLines(estimateCostCodes, round);
      const rawUpdates = lines.map((line) =>
        addPhaseBody('RB', line.code, line.costType, {
          Original_Est_Cost: `${Math.floor(line.amount / 100)}.${String(line.amount % 100).padStart(2, '0')}`,
        }),
      );
      samples.raw5000.push(await measure(child.pid, () => postRaw(child.url, rawUpdates)));
      samples.conn5000.push(await measure(child.pid, () => connector.setEstimates('CB', lines)));
    }

    console.log(
      `Spectrum bench: ${rounds} rounds, ${parallelCalls} calls in flight, simulator in a child process`,
    );
    report('addCostCodes 1,000 phase writes', 1000, samples.raw1000, samples.conn1000);
    report('setEstimates 5,000 lines', 5000, samples.raw5000, samples.conn5000);
  } finally {
    child.stop();
  }
}

if (process.argv[2] === '--serve') {
  // The child: a demo simulator that lives as long as the parent keeps its stdin open.
  const simulator = await startSpectrumSimulator({ seed: 'demo' });
  process.stdout.write(`${simulator.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void simulator.close().then(() => process.exit(0)));
} else {
  await main();
}
