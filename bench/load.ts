/**
 * The real HTTP API under load from many companies and users, against N `ledgergate serve --no-worker`
 * API processes and M `ledgergate worker` processes on one PostgreSQL database (a fresh scratch database
 * per run, made from DATABASE_URL_TEST), with Spectrum simulators in a child process: one simulator per
 * company of the run, each company connected to its own simulator's company `001` (as each Ledgergate
 * company is to its own Spectrum company), so a company's vendor list holds its own vendors only. The
 * records are new vendors (one `AddVendor` call each).
 * Calls go round-robin over the API processes through undici pools; each scenario prints its figures,
 * the errors (non-2xx by operation and status, network errors) and each process's RSS and CPU time.
 *
 *   node --import tsx bench/load.ts <scenario> [--apis 2] [--workers 2] [options]   (npm run bench:load -- …)
 *
 * - accepts [--companies 50 --rate 200 --seconds 60 --warmup 1000]: accepts at a steady rate across the
 *   companies (their requests sent beforehand); accept → synced is from the accept call's return to the
 *   `request.synced` event on the company's live stream (one per company). Target: ≥ 200 accepts/s,
 *   accept → synced p99 < 1 s. The stream polls the database every 250 ms, which the figure includes.
 *   Measured after `warmup` accepts at the same rate, all synced, and an `analyze`: the steady state of
 *   a database in use, whose tables are not empty and whose statistics autovacuum keeps.
 * - lists [--queue 10000 --rate 100 --seconds 60]: `GET …/erp/requests?limit=50`, with `status=ready_to_export`
 *   and with `status=rejected` (1 % of the queue), in turn, at a steady rate on one company whose queue
 *   holds `queue` waiting requests. Target: p50 and p99 < 50 ms.
 * - streams [--streams 1000 --companies 50 --rate 20 --seconds 30]: that many live event streams across
 *   the companies (ERP read-only users, at most 10 streams each: the product's limit per user), then
 *   accepts at a steady rate; each stream's delay is from the accept call's return (its commit, within a
 *   few ms) to the stream reading that `request.accepted`. Also the CPU the open streams cost while idle.
 *   Target: every stream gets its events within 1 s.
 * - soak [--minutes 30 --companies 20]: a steady mix (per second: 10 sends, 7 accepts, 2 rejects,
 *   20 list reads; one live stream per company) with every process's RSS sampled each 10 s; growth is
 *   from the end of the warm-up (the first 5 minutes, or the first sixth of a shorter run) to the end.
 *   Target: < 10 % (for Ledgergate's processes: the simulators hold every vendor written in memory).
 * - scaling [--worker-counts 1,2,4 --batch 5000 --warmup 2000 --companies 50]: exports/s of a batch
 *   accepted across the companies with no worker running, from when the round's worker processes are
 *   all up until the last request is synced, for each number of workers (API processes idle). Pinned
 *   by default: the simulators' one process on the last CPU, Ledgergate's processes on the others (`--no-pin`).
 *
 * `--pin` also pins the other scenarios (default: unpinned, the OS spreads the processes). Results:
 * bench/README.md.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { forEachLimited } from '../src/erp/spectrum/parallel.ts';
import { type EventStream, openEventStream, streamAgent } from './support/event-stream.ts';
import { LoadClient } from './support/load-client.ts';
import { type LoadCluster, startLoadCluster } from './support/load-cluster.ts';
import {
  cpuSnapshot,
  latencySummary,
  mb,
  percentile,
  printCpuPerItem,
  printErrors,
  printLatencies,
  printProcesses,
} from './support/load-report.ts';
import {
  type LoadCompany,
  makeLoadCompanies,
  type SentRequest,
  sendNewVendor,
  sendVendors,
  streamsPerUser,
} from './support/load-world.ts';
import { backendsCpuSince, processRssBytes } from './support/process-stats.ts';
import { atSteadyRate } from './support/steady-rate.ts';

/** Keep-alive connections per API process for the request mix (streams have their own sockets). */
const connectionsPerApi = 64;
/** Setup calls in flight (sending the vendors a scenario starts from). */
const setupLanes = 32;
/** The product's bulk actions take at most this many ids. */
const bulkLimit = 200;

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  allowNegative: true,
  options: {
    apis: { type: 'string' },
    workers: { type: 'string' },
    companies: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
    queue: { type: 'string' },
    streams: { type: 'string' },
    minutes: { type: 'string' },
    batch: { type: 'string' },
    warmup: { type: 'string' },
    'worker-counts': { type: 'string' },
    pin: { type: 'boolean' },
  },
});
function number(value: string | undefined, fallback: number): number {
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`expected a number ≥ 0, got ${value}`);
  return parsed;
}

/** Each scenario's companies by default (`--companies`); `lists` always works on one. */
const defaultCompanies = { accepts: 50, lists: 1, streams: 50, soak: 20, scaling: 50 };

/** The scenario's companies: as many simulators are started, one per company. */
function companiesOf(scenario: keyof typeof defaultCompanies): number {
  return scenario === 'lists' ? 1 : number(flags.companies, defaultCompanies[scenario]);
}

const requestPath = (request: SentRequest, action: string) =>
  `/companies/${request.company.id}/erp/requests/${request.requestId}/${action}`;

const streamUrl = (cluster: LoadCluster, i: number, company: LoadCompany) =>
  `${cluster.apiUrls[i % cluster.apiUrls.length]}/api/v1/companies/${company.id}/events`;

/** Waits until every stream answered; throws with the statuses if any was refused. */
async function allOpened(streams: EventStream[]): Promise<void> {
  const statuses = await Promise.all(streams.map((stream) => stream.opened));
  const refused = statuses.filter((status) => status !== 200);
  if (refused.length > 0)
    throw new Error(`${refused.length} streams refused: ${[...new Set(refused)].join(', ')}`);
}

/** The indexes of the streams the server refused, once every stream answered; their statuses printed. */
async function refusedStreams(streams: EventStream[]): Promise<number[]> {
  const statuses = await Promise.all(streams.map((stream) => stream.opened));
  const refused = statuses.flatMap((status, i) => (status === 200 ? [] : [i]));
  if (refused.length > 0)
    console.log(`streams refused (status 0: network error): ${refused.map((i) => statuses[i]).join(', ')}`);
  return refused;
}

/** Accepts `sent` in order at a steady rate; when each accept call returned (its commit, within a few ms). */
async function acceptAtRate(client: LoadClient, sent: SentRequest[], rate: number, seconds: number) {
  const acceptedAt = new Map<string, number>();
  await atSteadyRate(rate, seconds * 1000, async (i, due) => {
    const request = sent[i]!;
    const { token } = request.company.approver;
    const answer = await client.call(
      'accept',
      'POST',
      requestPath(request, 'accept'),
      token,
      { version: 1 },
      due,
    );
    if (answer?.status === 202) acceptedAt.set(request.requestId, performance.now());
  });
  return acceptedAt;
}

/** Resolves once `done()` holds, polling every 50 ms, or after `timeoutMs`; answers whether it held. */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

async function accepts(cluster: LoadCluster, client: LoadClient) {
  const companyCount = companiesOf('accepts');
  const rate = number(flags.rate, 200);
  const seconds = number(flags.seconds, 60);
  const total = Math.floor(rate * seconds);
  const warmup = number(flags.warmup, 1000);
  const companies = await makeLoadCompanies(cluster, companyCount, 1);
  // Sent round-robin over the companies, so the warm-up's share is every company's.
  const all = await sendVendors(client, companies, Math.ceil((total + warmup) / companyCount), setupLanes);
  const [warm, sent] = [all.slice(0, warmup), all.slice(warmup)];
  console.log(
    `setup: ${companyCount} companies, ${all.length} requests waiting, ${warm.length} for the warm-up`,
  );

  const syncedAt = new Map<string, number>();
  const agent = streamAgent();
  const streams = companies.map((company, i) =>
    openEventStream(agent, streamUrl(cluster, i, company), company.readers[0]!.token, (event) => {
      if (event.type === 'request.synced')
        syncedAt.set(event.data.data.requestId as string, event.receivedAt);
    }),
  );
  await allOpened(streams);
  if (warm.length > 0) {
    const warmed = await acceptAtRate(client, warm, rate, warm.length / rate);
    await until(() => [...warmed.keys()].every((id) => syncedAt.has(id)), 120_000);
    // The statistics of the tables the warm-up filled (a statement prepared on a table while it was
    // empty keeps a plan that scans it, until an analyze).
    await sql`analyze`.execute(cluster.ctx.database.db);
    syncedAt.clear();
  }
  client.reset();

  const cpuBefore = cpuSnapshot(cluster);
  const start = performance.now();
  const acceptedAt = await acceptAtRate(client, sent, rate, seconds);
  const acceptWindow = (performance.now() - start) / 1000;
  const allSeen = await until(() => [...acceptedAt.keys()].every((id) => syncedAt.has(id)), 120_000);
  for (const stream of streams) stream.close();
  await agent.close();

  const delays = [...acceptedAt].flatMap(([id, at]) => (syncedAt.has(id) ? [syncedAt.get(id)! - at] : []));
  const lastSynced = Math.max(...syncedAt.values());
  console.log(
    `accepts: ${acceptedAt.size} of ${total} in ${acceptWindow.toFixed(1)} s = ${(acceptedAt.size / acceptWindow).toFixed(0)} accepts/s (target rate ${rate}/s)`,
  );
  printLatencies(client);
  console.log(`accept → synced (stream): ${latencySummary(delays)}`);
  console.log(
    `  within 1 s: ${delays.filter((d) => d < 1000).length} of ${acceptedAt.size}; synced not seen on a stream: ${acceptedAt.size - delays.length}${allSeen ? '' : ' (gave up after 120 s)'}`,
  );
  printCpuPerItem(cpuBefore, cluster, acceptedAt.size, 'accept (its export included)');
  console.log(
    `exports: ${syncedAt.size} synced, ${(syncedAt.size / ((lastSynced - start) / 1000)).toFixed(0)} exports/s (first accept → last synced)`,
  );
  printErrors(client);
}

async function lists(cluster: LoadCluster, client: LoadClient) {
  const queue = number(flags.queue, 10_000);
  const rate = number(flags.rate, 100);
  const seconds = number(flags.seconds, 60);
  const [company] = await makeLoadCompanies(cluster, companiesOf('lists'), 1);
  const sent = await sendVendors(client, [company!], queue, setupLanes);
  // A few rejected, for a status filter that matches few of the queue's rows.
  const rejected = sent.slice(0, Math.max(1, Math.floor(queue / 100)));
  for (let first = 0; first < rejected.length; first += bulkLimit)
    await client.expect(
      200,
      'bulk reject',
      'POST',
      `/companies/${company!.id}/erp/requests/bulk`,
      company!.approver.token,
      {
        action: 'reject',
        ids: rejected.slice(first, first + bulkLimit).map((request) => request.requestId),
        comment: 'load test',
      },
    );
  console.log(`setup: one company, ${queue - rejected.length} requests waiting, ${rejected.length} rejected`);

  const reads = [
    ['list', '?limit=50'],
    ['list ready_to_export', '?limit=50&status=ready_to_export'],
    ['list rejected', '?limit=50&status=rejected'],
  ] as const;
  client.reset();
  const cpuBefore = cpuSnapshot(cluster);
  const start = performance.now();
  const fired = await atSteadyRate(rate, seconds * 1000, (i, due) => {
    const [operation, query] = reads[i % reads.length]!;
    return client.call(
      operation,
      'GET',
      `/companies/${company!.id}/erp/requests${query}`,
      company!.readers[0]!.token,
      undefined,
      due,
    );
  });
  const elapsed = (performance.now() - start) / 1000;
  console.log(
    `list reads: ${fired} in ${elapsed.toFixed(1)} s = ${(fired / elapsed).toFixed(0)}/s (target rate ${rate}/s); latency from each read's scheduled start`,
  );
  printLatencies(client);
  console.log(`  all reads                ${latencySummary([...client.latencies.values()].flat())}`);
  printCpuPerItem(cpuBefore, cluster, fired, 'read');
  printErrors(client);
}

/** Each stream's readings: request id → when its `request.accepted` was read. */
type Readings = Map<string, number>;

async function streams(cluster: LoadCluster, client: LoadClient) {
  const streamCount = number(flags.streams, 1000);
  const companyCount = companiesOf('streams');
  const rate = number(flags.rate, 20);
  const seconds = number(flags.seconds, 30);
  const perCompany = Math.ceil(streamCount / companyCount);
  const companies = await makeLoadCompanies(cluster, companyCount, Math.ceil(perCompany / streamsPerUser));
  const sent = await sendVendors(client, companies, Math.ceil((rate * seconds) / companyCount), setupLanes);
  console.log(`setup: ${companyCount} companies, ${sent.length} requests waiting`);

  const opening = performance.now();
  const watchers = await watchAccepts(cluster, companies, streamCount);
  const refused = await refusedStreams(watchers.streams.map(({ stream }) => stream));
  console.log(
    `streams: ${streamCount - refused.length} open (${perCompany} per company) in ${((performance.now() - opening) / 1000).toFixed(1)} s`,
  );
  await idleStreamCost(cluster, streamCount);

  client.reset();
  const acceptedAt = await acceptAtRate(client, sent, rate, seconds);
  await sleep(3_000); // the last events' polls
  const endedEarly = watchers.endedEarly() - refused.length;
  await watchers.close();

  const { all, worstPerStream, missed, streamsAllWithin } = deliveries(
    sent,
    acceptedAt,
    watchers.streams.filter((_, i) => !refused.includes(i)),
  );
  const finite = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'missed one');
  console.log(
    `accepts: ${acceptedAt.size} (${rate}/s for ${seconds} s), about ${(acceptedAt.size / companyCount).toFixed(1)} per company`,
  );
  printLatencies(client);
  console.log(`event delay, every delivery: ${latencySummary(all)}; missed deliveries ${missed}`);
  console.log(
    `each stream's worst delay: p50 ${finite(percentile(worstPerStream, 50))}, p90 ${finite(percentile(worstPerStream, 90))}, p99 ${finite(percentile(worstPerStream, 99))}, max ${finite(worstPerStream.at(-1)!)}`,
  );
  console.log(
    `streams that got every event within 1 s: ${streamsAllWithin} of ${streamCount - refused.length} open; refused: ${refused.length}; ended by the server before the end: ${endedEarly}`,
  );
  printErrors(client);
}

interface AcceptWatcher {
  stream: EventStream;
  company: LoadCompany;
  seen: Readings;
}

/**
 * `count` live streams, the i-th on company i mod n (by its readers in turn, `streamsPerUser` each) and API
 * process i mod m, each noting when it read each `request.accepted`; opened 50 at a time.
 */
async function watchAccepts(cluster: LoadCluster, companies: LoadCompany[], count: number) {
  const agent = streamAgent();
  const streams: AcceptWatcher[] = [];
  let closing = false;
  let endedEarly = 0;
  await forEachLimited(
    Array.from({ length: count }, (_, i) => i),
    50,
    async (i) => {
      const company = companies[i % companies.length]!;
      const reader = company.readers[Math.floor(Math.floor(i / companies.length) / streamsPerUser)]!;
      const seen: Readings = new Map();
      const stream = openEventStream(agent, streamUrl(cluster, i, company), reader.token, (event) => {
        if (event.type === 'request.accepted')
          seen.set(event.data.data.requestId as string, event.receivedAt);
      });
      streams[i] = { stream, company, seen };
      void stream.ended.then(() => {
        if (!closing) endedEarly++;
      });
      await stream.opened;
    },
  );
  return {
    streams,
    /** Streams that ended before `close` (refused ones included). */
    endedEarly: () => endedEarly,
    close: async () => {
      closing = true;
      for (const { stream } of streams) stream.close();
      await agent.close();
    },
  };
}

/**
 * Each stream's delays: from the accept call's return to the stream reading its `request.accepted`, for
 * every request accepted in the stream's company; a stream that missed one has an infinite worst delay.
 */
function deliveries(sent: SentRequest[], acceptedAt: Map<string, number>, streams: AcceptWatcher[]) {
  const acceptedBy = new Map<LoadCompany, string[]>();
  for (const { company, requestId } of sent)
    if (acceptedAt.has(requestId)) acceptedBy.set(company, [...(acceptedBy.get(company) ?? []), requestId]);
  const all: number[] = [];
  const worstPerStream: number[] = [];
  let missed = 0;
  for (const { seen, company } of streams) {
    const expected = acceptedBy.get(company) ?? [];
    const delays = expected.flatMap((id) => (seen.has(id) ? [seen.get(id)! - acceptedAt.get(id)!] : []));
    missed += expected.length - delays.length;
    all.push(...delays);
    worstPerStream.push(
      delays.length === expected.length ? Math.max(0, ...delays) : Number.POSITIVE_INFINITY,
    );
  }
  worstPerStream.sort((a, b) => a - b);
  return {
    all,
    worstPerStream,
    missed,
    streamsAllWithin: worstPerStream.filter((worst) => worst < 1000).length,
  };
}

/** The CPU that open, idle streams cost (each polls the database every 250 ms), over 5 s without events. */
async function idleStreamCost(cluster: LoadCluster, streamCount: number) {
  const windowMs = 5_000;
  const before = cpuSnapshot(cluster);
  await sleep(windowMs);
  const after = cpuSnapshot(cluster);
  const share = (cpuMs: number) => `${((cpuMs / windowMs) * 100).toFixed(0)} %`;
  const apis = [...before.processes]
    .filter(([name]) => name.startsWith('api-'))
    .map(([name, ms]) => `${name} ${share(after.processes.get(name)! - ms)}`);
  console.log(
    `idle cost of ${streamCount} open streams (5 s, no events), share of a core: ${apis.join(', ')}, PostgreSQL backends ${share(backendsCpuSince(before.backends, after.backends))}`,
  );
}

/** Per second, during the soak: the mix of a busy day, compressed. */
const soakRates = { send: 10, accept: 7, reject: 2, list: 20 };
const rssEveryMs = 10_000;

async function soak(cluster: LoadCluster, client: LoadClient) {
  const minutes = number(flags.minutes, 30);
  const companyCount = companiesOf('soak');
  const durationMs = minutes * 60_000;
  const warmupMs = Math.min(5 * 60_000, durationMs / 6);
  const companies = await makeLoadCompanies(cluster, companyCount, 1);
  const waiting = new Map<LoadCompany, SentRequest[]>(companies.map((company) => [company, []]));
  for (const request of await sendVendors(client, companies, 20, setupLanes))
    waiting.get(request.company)!.push(request);
  console.log(
    `setup: ${companyCount} companies, 20 requests waiting in each; ${minutes} min, warm-up ${(warmupMs / 60_000).toFixed(1)} min`,
  );

  const agent = streamAgent();
  let events = 0;
  const streams = companies.map((company, i) =>
    openEventStream(agent, streamUrl(cluster, i, company), company.readers[0]!.token, () => events++),
  );
  await allOpened(streams);
  client.reset();

  const processes = cluster.processes();
  const samples: { at: number; rss: number[] }[] = [];
  const sample = () =>
    samples.push({ at: performance.now(), rss: processes.map((p) => processRssBytes(p.pid)) });
  const start = performance.now();
  sample();
  const sampler = setInterval(sample, rssEveryMs);
  let starved = 0;
  /** The next waiting request of the i-th company in turn, if it has one (the mix may drain a company). */
  const nextWaiting = (i: number) => {
    const request = waiting.get(companies[i % companyCount]!)!.shift();
    if (!request) starved++;
    return request;
  };
  const lists = ['?limit=50', '?limit=50&status=ready_to_export', '?limit=50&status=synced'];
  await Promise.all([
    atSteadyRate(soakRates.send, durationMs, async (i) => {
      const request = await sendNewVendor(client, companies[i % companyCount]!);
      if (request) waiting.get(request.company)!.push(request);
    }),
    atSteadyRate(soakRates.accept, durationMs, async (i, due) => {
      const request = nextWaiting(i);
      if (request)
        await client.call(
          'accept',
          'POST',
          requestPath(request, 'accept'),
          request.company.approver.token,
          { version: 1 },
          due,
        );
    }),
    atSteadyRate(soakRates.reject, durationMs, async (i, due) => {
      const request = nextWaiting(i + 1);
      if (request)
        await client.call(
          'reject',
          'POST',
          requestPath(request, 'reject'),
          request.company.approver.token,
          { version: 1, comment: 'load test' },
          due,
        );
    }),
    atSteadyRate(soakRates.list, durationMs, (i, due) => {
      const company = companies[i % companyCount]!;
      return client.call(
        'list',
        'GET',
        `/companies/${company.id}/erp/requests${lists[i % lists.length]}`,
        company.readers[0]!.token,
        undefined,
        due,
      );
    }),
  ]);
  clearInterval(sampler);
  sample();
  for (const stream of streams) stream.close();
  await agent.close();

  const elapsed = (performance.now() - start) / 1000;
  console.log(
    `soak: ${elapsed.toFixed(0)} s; ${events} events read on ${streams.length} streams; accepts/rejects without a waiting request: ${starved}`,
  );
  for (const [operation, values] of client.latencies)
    console.log(`  ${operation.padEnd(24)} ${(values.length / elapsed).toFixed(1)}/s`);
  printLatencies(client);
  printRssGrowth(processes, samples, start + warmupMs);
  printErrors(client);
}

/** Each process's RSS at the start, at the end of the warm-up, at the end, its peak, and growth since the warm-up. */
function printRssGrowth(
  processes: { name: string }[],
  samples: { at: number; rss: number[] }[],
  warmupEnd: number,
) {
  const afterWarmup = samples.find((s) => s.at >= warmupEnd) ?? samples.at(-1)!;
  console.log(
    `RSS every ${rssEveryMs / 1000} s (${samples.length} samples): start → after warm-up → end (peak), growth after warm-up`,
  );
  for (const [i, { name }] of processes.entries()) {
    const start = samples[0]!.rss[i]!;
    const warm = afterWarmup.rss[i]!;
    const end = samples.at(-1)!.rss[i]!;
    const peak = Math.max(...samples.map((s) => s.rss[i]!));
    console.log(
      `  ${name.padEnd(10)} ${mb(start).padStart(7)} → ${mb(warm).padStart(7)} → ${mb(end).padStart(7)} (${mb(peak)})  ${(((end - warm) / warm) * 100).toFixed(1)} %`,
    );
  }
}

async function scaling(cluster: LoadCluster, client: LoadClient) {
  const counts = (flags['worker-counts'] ?? '1,2,4').split(',').map(Number);
  const batch = number(flags.batch, 5_000);
  const warmup = number(flags.warmup, 2_000);
  const companyCount = companiesOf('scaling');
  const companies = await makeLoadCompanies(cluster, companyCount, 0);
  const sent = await sendVendors(
    client,
    companies,
    Math.ceil((warmup + batch * counts.length) / companyCount),
    setupLanes,
  );
  console.log(`setup: ${companyCount} companies, ${sent.length} requests waiting`);
  client.reset();

  const take = (n: number) => sent.splice(0, n);
  if (warmup > 0) {
    // The simulator runs several times faster once warm (its JIT, as bench/export.ts notes): unmeasured.
    const rate = await drain(cluster, client, take(warmup), counts[0]!);
    console.log(
      `warm-up: ${warmup} with ${counts[0]} worker(s): ${rate.exportsPerSecond.toFixed(0)} exports/s`,
    );
  }
  console.log(
    'workers | exports/s | synced before all were up | CPU per export: workers / simulator / PostgreSQL backends | workers RSS at the end',
  );
  for (const count of counts) {
    const rate = await drain(cluster, client, take(batch), count);
    const cpu = rate.cpuPerExport;
    console.log(
      `${String(count).padStart(7)} | ${rate.exportsPerSecond.toFixed(0).padStart(9)} | ${String(rate.beforeAllUp).padStart(25)} | ${cpu.workers.toFixed(2)} / ${cpu.simulator.toFixed(2)} / ${cpu.postgres.toFixed(2)} ms | ${rate.workersRss.map(mb).join(', ')}`,
    );
  }
  printErrors(client);
}

/**
 * Accepts the requests (bulk, per company) with no worker running, then starts `count` worker processes:
 * exports/s from the moment the last of them is up (a process takes seconds to start, the first ones
 * drain meanwhile: those exports are not counted) until every request is synced; CPU per export counted
 * alike; the workers' RSS at the end.
 */
async function drain(cluster: LoadCluster, client: LoadClient, requests: SentRequest[], count: number) {
  await bulkAccept(client, requests);
  await cluster.startWorkers(count);
  const ids = requests.map((request) => request.requestId);
  const start = performance.now();
  const cpuBefore = cpuSnapshot(cluster);
  const before = (await statusCounts(cluster, ids)).synced ?? 0;
  await untilSynced(cluster, ids);
  const seconds = (performance.now() - start) / 1000;
  const measured = ids.length - before;
  if (measured === 0)
    throw new Error(`the batch was drained before all ${count} workers were up: use a larger --batch`);
  const cpuAfter = cpuSnapshot(cluster);
  const spent = (prefix: string) =>
    [...cpuBefore.processes]
      .filter(([name]) => name.startsWith(prefix))
      .reduce((sum, [name, ms]) => sum + cpuAfter.processes.get(name)! - ms, 0);
  const workers = cluster.processes().filter((p) => p.name.startsWith('worker-'));
  const result = {
    exportsPerSecond: measured / seconds,
    beforeAllUp: before,
    cpuPerExport: {
      workers: spent('worker-') / measured,
      simulator: spent('simulator') / measured,
      postgres: backendsCpuSince(cpuBefore.backends, cpuAfter.backends) / measured,
    },
    workersRss: workers.map((p) => processRssBytes(p.pid)),
  };
  await cluster.stopWorkers();
  return result;
}

/** Accepts the requests through the bulk action, per company, `bulkLimit` at a time. */
async function bulkAccept(client: LoadClient, requests: SentRequest[]): Promise<void> {
  const byCompany = new Map<LoadCompany, string[]>();
  for (const { company, requestId } of requests)
    byCompany.set(company, [...(byCompany.get(company) ?? []), requestId]);
  for (const [company, ids] of byCompany)
    for (let first = 0; first < ids.length; first += bulkLimit)
      await client.expect(
        200,
        'bulk accept',
        'POST',
        `/companies/${company.id}/erp/requests/bulk`,
        company.approver.token,
        {
          action: 'accept',
          ids: ids.slice(first, first + bulkLimit),
        },
      );
}

/** How long a drain may make no progress before the run is given up (with the processes' output). */
const stallMs = 60_000;

/** Waits until every request is synced; throws if one failed or none was synced for {@link stallMs}. */
async function untilSynced(cluster: LoadCluster, ids: string[]): Promise<void> {
  let synced = 0;
  let progressAt = performance.now();
  for (;;) {
    const counts = await statusCounts(cluster, ids);
    if (counts.failed) throw new Error(`${counts.failed} exports failed`);
    if (counts.synced === ids.length) return;
    if ((counts.synced ?? 0) > synced) [synced, progressAt] = [counts.synced!, performance.now()];
    if (performance.now() - progressAt > stallMs)
      throw new Error(
        `no export synced for ${stallMs / 1000} s: ${JSON.stringify(counts)}\n${cluster.outputTails()}`,
      );
    await sleep(100);
  }
}

async function statusCounts(cluster: LoadCluster, ids: string[]): Promise<Record<string, number>> {
  const rows = await cluster.database.db
    .selectFrom('erp_requests')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('id', 'in', ids)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

const scenarios = { accepts, lists, streams, soak, scaling };

async function main() {
  const name = positionals[0] as keyof typeof scenarios;
  if (!(name in scenarios))
    throw new Error(`usage: bench/load.ts <${Object.keys(scenarios).join('|')}> [options]; see its header`);
  if (!process.env.DATABASE_URL_TEST)
    throw new Error('DATABASE_URL_TEST (a PostgreSQL admin URL) is not set');
  const pinned = flags.pin ?? name === 'scaling';
  const options = {
    apis: number(flags.apis, 2),
    workers: name === 'scaling' ? 0 : number(flags.workers, 2),
    simulators: Math.max(1, companiesOf(name)),
    pinned,
  };
  console.log(
    `Load bench: ${name}; ${options.apis} API + ${options.workers} worker processes on PostgreSQL; ${pinned ? 'pinned' : 'unpinned'}`,
  );
  const cluster = await startLoadCluster(options);
  const client = new LoadClient(cluster.apiUrls, connectionsPerApi);
  const interrupted = (code: number) => () => void cluster.close().finally(() => process.exit(code));
  process.once('SIGINT', interrupted(130));
  process.once('SIGTERM', interrupted(143));
  try {
    await scenarios[name](cluster, client);
    printProcesses(cluster.processes());
  } finally {
    await client.close();
    await cluster.close();
  }
}

await main();
