/**
 * Another node for the daily-summary race: a process of its own with its own connection, whose scheduler
 * ticks when told. Each stdin line `tick <ISO instant>` runs one tick at that time and answers `ticked`
 * (after `error <message>` for each failed task). Usage: node --import tsx summary-node.ts <database url>
 */
import { createInterface } from 'node:readline';
import { openDatabase } from '../../../src/db/database.ts';
import { createScheduler } from '../../../src/jobs/scheduler.ts';
import { scheduledTasks } from '../../../src/server.ts';
import { testContext } from '../../support/context.ts';

const database = openDatabase(process.argv[2]!);
let now = new Date(0);
const clock = { now: () => now };
const ctx = testContext(database, clock);
// The tasks every real process runs (the daily summaries and the scheduled syncs).
const scheduler = createScheduler(scheduledTasks(ctx), {
  clock,
  onError: (error) => console.log(`error ${error instanceof Error ? error.message : String(error)}`),
});
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, instant] = line.split(' ');
  if (command !== 'tick') continue;
  now = new Date(instant!);
  await scheduler.tick();
  console.log('ticked');
}
await database.close();
