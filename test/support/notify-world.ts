import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Dialect } from '../../src/db/capabilities.ts';
import { type Clock, systemClock } from '../../src/domain/clock.ts';
import { buildApp } from '../../src/http/app.ts';
import { createSmtpMailer, type Mailer } from '../../src/notify/mailer.ts';
import { jobHandlers } from '../../src/server.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { fastQueue, testContext } from './context.ts';
import { type TestDatabase, useTestDatabase } from './databases.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp.ts';

export const testPublicUrl = 'https://ledgergate.test';

export interface NotifyWorld {
  app: FastifyInstance;
  ctx: WorkflowContext;
  database: TestDatabase;
  smtp: TestSmtpServer;
}

/**
 * The HTTP application with a real SMTP server in the process (mail through nodemailer, read back with
 * postal-mime), a worker running every job kind with retries after a few hundred milliseconds, and
 * links under https://ledgergate.test.
 */
export function useNotifyWorld(
  dialect: Dialect,
  clock: Clock = systemClock,
): { readonly current: NotifyWorld } {
  const db = useTestDatabase(dialect);
  const holder = { current: undefined as unknown as NotifyWorld };
  let mailer: Mailer | undefined;
  beforeAll(async () => {
    const smtp = await startSmtpServer();
    mailer = createSmtpMailer(smtp.url, 'Ledgergate <noreply@ledgergate.test>');
    const ctx = testContext(db.current, clock, { mailer, queue: fastQueue, publicUrl: testPublicUrl });
    await ctx.queue.prepare();
    const app = await buildApp({ ctx, publicUrl: testPublicUrl });
    await app.ready();
    await ctx.queue.start(jobHandlers(ctx));
    holder.current = { app, ctx, database: db.current, smtp };
  });
  afterAll(async () => {
    await holder.current?.app.close();
    await holder.current?.ctx.queue.stop();
    mailer?.close();
    await holder.current?.smtp.stop();
  });
  return holder;
}
