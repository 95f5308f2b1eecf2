/**
 * Another node for the scheduler race: a process of its own with its own connection, whose scheduler
 * ticks when told. Each stdin line `tick <ISO instant>` runs one tick at that time and answers `ticked`
 * (after `error <message>` for each failed task). Usage: node --import tsx scheduler-node.ts <database url>
 */
import { createInterface } from 'node:readline';
import { openDatabase } from '../../../src/db/database.ts';
import { createScheduler } from '../../../src/jobs/scheduler.ts';
import { queueScheduledSyncs } from '../../../src/workflows/sync/queue-scheduled-syncs.ts';
import { testContext } from '../../support/context.ts';

const database = openDatabase(process.argv[2]!);
let now = new Date(0);
const clock = { now: () => now };
const ctx = testContext(database, clock);
const scheduler = createScheduler([(at) => queueScheduledSyncs(ctx, at)], {
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
