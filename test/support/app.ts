import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Dialect } from '../../src/db/capabilities.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { buildApp } from '../../src/http/app.ts';
import { createJobQueue } from '../../src/jobs/create-queue.ts';
import { createSecretBox } from '../../src/security/secret-box.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { type TestDatabase, useTestDatabase } from './databases.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: WorkflowContext;
  database: TestDatabase;
}

/** The whole HTTP application on a fresh database of the dialect, for one test file. */
export function useTestApp(dialect: Dialect): { readonly current: TestApp } {
  const db = useTestDatabase(dialect);
  const holder = { current: undefined as unknown as TestApp };
  beforeAll(async () => {
    const database = db.current;
    const queue = createJobQueue(database);
    await queue.prepare();
    const ctx: WorkflowContext = {
      database,
      queue,
      clock: systemClock,
      secrets: createSecretBox(randomBytes(32)),
    };
    const app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1' });
    await app.ready();
    holder.current = { app, ctx, database };
  });
  afterAll(async () => {
    await holder.current?.app.close();
    await holder.current?.ctx.queue.stop();
  });
  return holder;
}
