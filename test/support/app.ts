import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Dialect } from '../../src/db/capabilities.ts';
import { buildApp } from '../../src/http/app.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { testContext } from './context.ts';
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
    const ctx = testContext(database);
    await ctx.queue.prepare();
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
