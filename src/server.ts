import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { type Database, migrateToLatest, openDatabase } from './db/database.ts';
import { systemClock } from './domain/clock.ts';
import { buildApp } from './http/app.ts';
import { createJobQueue } from './jobs/create-queue.ts';
import type { JobHandler, JobQueue, StopOptions } from './jobs/queue.ts';
import { createScheduler, type ScheduledTask, type Scheduler } from './jobs/scheduler.ts';
import { createMailer } from './notify/mailer.ts';
import { createOutboundPolicy } from './security/outbound-policy.ts';
import { createSecretBox } from './security/secret-box.ts';
import { loadSecretKey } from './security/secret-key.ts';
import { createWorkflowContext, type WorkflowContext } from './workflows/context.ts';
import { queueDailySummaries } from './workflows/notify/daily-summaries.ts';
import { deliverWebhook, webhookJobKind } from './workflows/notify/deliver-webhook.ts';
import { deliverMail, mailJobKind } from './workflows/notify/mail.ts';
import { createExportHandler } from './workflows/queue/export-erp-request.ts';
import { exportJobKind } from './workflows/queue/export-job.ts';
import { queueScheduledSyncs } from './workflows/sync/queue-scheduled-syncs.ts';
import { syncCompany } from './workflows/sync/sync-company.ts';
import { syncJobKind } from './workflows/sync/sync-runs.ts';

/** The composition root: builds every port once and wires them. No other module creates them. */
export interface Services {
  ctx: WorkflowContext;
  database: Database;
  queue: JobQueue;
  /** Started by the server and worker processes; it only enqueues, so every process may run one. */
  scheduler: Scheduler;
  /** Stops the scheduler and the worker (within `deadlineMs`, see StopOptions), then closes the ports. */
  close(options?: StopOptions): Promise<void>;
}

export async function createServices(config: Config, logger: Logger): Promise<Services> {
  const database = openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  await migrateToLatest(database);
  const queue = createJobQueue(database, { leaseMs: config.jobLeaseMs });
  await queue.prepare();
  const secrets = createSecretBox(
    loadSecretKey({
      configured: config.secretKey,
      fallbackFile: join(config.dataDir, 'secret.key'),
      warn: (message) => logger.warn(message),
    }),
  );
  // Created once: a pool of SMTP connections shared by every mail job of this process.
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    log: (line) => logger.info(line),
  });
  const ctx = createWorkflowContext({
    database,
    queue,
    clock: systemClock,
    secrets,
    mailer,
    publicUrl: config.publicUrl,
    outbound: createOutboundPolicy({
      allowPrivateWebhooks: config.webhookAllowPrivate,
      allowErpLoopback: config.erpAllowLoopback,
    }),
  });
  const scheduler = createScheduler(scheduledTasks(ctx), {
    clock: systemClock,
    onError: (error) => logger.error({ err: error }, 'scheduled task failed'),
  });
  return {
    ctx,
    database,
    queue,
    scheduler,
    close: async (options) => {
      await scheduler.stop();
      ctx.agents.close();
      await queue.stop(options);
      mailer.close();
      await database.close();
    },
  };
}

/** What every process's scheduler does each minute; each task only enqueues, under a unique key. */
export function scheduledTasks(ctx: WorkflowContext): ScheduledTask[] {
  return [
    (now) => queueScheduledSyncs(ctx, now),
    async (now) => {
      await queueDailySummaries(ctx, now);
    },
  ];
}

/** The job kinds this process runs, each mapped to its workflow. */
export function jobHandlers(ctx: WorkflowContext): Record<string, JobHandler> {
  return {
    [exportJobKind]: createExportHandler(ctx),
    [syncJobKind]: (payload, job) => syncCompany(ctx, payload, job),
    [mailJobKind]: (payload, job) => deliverMail(ctx, payload, job),
    [webhookJobKind]: (payload, job) => deliverWebhook(ctx, payload, job),
  };
}

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  url: string;
  /** Stops taking requests and jobs; running ones get until `deadlineMs` in all (see StopOptions). */
  stop(options?: StopOptions): Promise<void>;
}

export async function startServer(
  config: Config,
  logger: Logger,
  options: { worker: boolean; webRoot?: string } & WorkerProcessOptions,
): Promise<RunningServer> {
  const services = await createServices(config, logger);
  const app = await buildApp({
    ctx: services.ctx,
    publicUrl: config.publicUrl,
    logger,
    webRoot: options.webRoot,
    metricsToken: config.metricsToken,
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  if (options.worker) await startJobs(services, config, options);
  services.scheduler.start();
  const url = await app.listen({ port: config.port, host: config.host });
  let stopping: Promise<void> | undefined;
  const stop = ({ deadlineMs }: StopOptions = {}) => {
    // Stop taking requests and jobs, let the running ones finish, then close the database. Requests are
    // short (streams are ended); the jobs get what the requests left of the deadline.
    const began = Date.now();
    stopping ??= app
      .close()
      .then(() =>
        services.close(
          deadlineMs === undefined ? {} : { deadlineMs: Math.max(0, deadlineMs - (Date.now() - began)) },
        ),
      );
    return stopping;
  };
  return { app, services, url, stop };
}

export interface WorkerProcessOptions {
  /** The process's worker stopped on its own and runs no more jobs (see WorkerOptions.onFailure). */
  onWorkerFailure?: (error: Error) => void;
}

function startJobs(services: Services, config: Config, options: WorkerProcessOptions): Promise<void> {
  return services.queue.start(jobHandlers(services.ctx), {
    concurrency: config.workerConcurrency,
    onFailure: options.onWorkerFailure,
  });
}

/** Worker-only process (scaling out on PostgreSQL). */
export async function startWorker(
  config: Config,
  logger: Logger,
  options: WorkerProcessOptions = {},
): Promise<Services> {
  const services = await createServices(config, logger);
  await startJobs(services, config, options);
  services.scheduler.start();
  return services;
}
