/**
 * A worker process for the lease tests. It takes one `hang` job and says so on stdout, then holds it
 * until it gets SIGUSR2 (or is killed); then it stops its queue and says `stopped`.
 * Usage: node --import tsx hanging-worker.ts <database url> <leaseMs>
 */
import { openDatabase } from '../../../src/db/database.ts';
import { createJobQueue } from '../../../src/jobs/create-queue.ts';

const [url, leaseMs] = process.argv.slice(2);
const database = openDatabase(url!);
const queue = createJobQueue(database, { leaseMs: Number(leaseMs), pollIntervalMs: 20 });
const released = new Promise<void>((resolve) => process.once('SIGUSR2', () => resolve()));
await queue.start(
  {
    hang: async (_payload, job) => {
      console.log(`started attempt ${job.attempt}`);
      await released;
    },
  },
  { concurrency: 1 },
);
await released;
await queue.stop();
await database.close();
console.log('stopped');
