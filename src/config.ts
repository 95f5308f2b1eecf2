import { join } from 'node:path';
import { Type } from 'typebox';
import { Value } from 'typebox/value';

const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  /** Default: `file:<DATA_DIR>/ledgergate.sqlite`, so a data directory holds the database with its key. */
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^(file:|postgres(ql)?://)' })),
  /**
   * PostgreSQL: connections a process's pool opens at most. A worker also holds 4 for graphile-worker;
   * the sum over all processes must stay below the server's `max_connections`.
   */
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 1_000, default: 10 }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ default: 'Ledgergate <ledgergate@localhost>' }),
  LEDGERGATE_SECRET_KEY: Type.Optional(Type.String({ minLength: 1 })),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  /** Where a generated secret key and the default SQLite file live. */
  DATA_DIR: Type.String({ default: './data' }),
  /** How long a dead worker's job stays reserved before another worker runs it (default: the queue's 30 s). */
  JOB_LEASE_MS: Type.Optional(Type.Integer({ minimum: 1_000, maximum: 3_600_000 })),
  /** Jobs a worker runs at the same time (default: the queue's, 128). */
  WORKER_CONCURRENCY: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_024 })),
  /**
   * On SIGTERM, how long running requests and jobs may take to end; jobs still running then are released
   * for other workers (keep it below the supervisor's stop timeout, systemd's TimeoutStopSec).
   */
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 20_000 }),
  /** Set: `/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** Requests that change state, per user or token and minute. */
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600 }),
  /** Webhooks may go to private and loopback addresses (receivers on the same network). */
  WEBHOOK_ALLOW_PRIVATE: Type.Boolean({ default: false }),
  /** ERP servers may be on this machine (the demo's simulator, tests). */
  ERP_ALLOW_LOOPBACK: Type.Boolean({ default: false }),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  databasePoolSize: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  secretKey: string | undefined;
  publicUrl: string;
  logLevel: string;
  dataDir: string;
  /** Undefined: the queue's default lease. */
  jobLeaseMs: number | undefined;
  /** Undefined: the queue's default concurrency. */
  workerConcurrency: number | undefined;
  shutdownTimeoutMs: number;
  metricsToken: string | undefined;
  rateLimitPerMinute: number;
  webhookAllowPrivate: boolean;
  erpAllowLoopback: boolean;
}

/** Reads the environment once, at start; a wrong value stops the process with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(
    Object.keys(ConfigSchema.properties).flatMap((name) => (env[name] ? [[name, env[name]]] : [])),
  );
  const value = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw));
  const errors = [...Value.Errors(ConfigSchema, value)];
  if (errors.length > 0) {
    const described = errors.map((e) => `${e.instancePath.slice(1) || 'config'}: ${e.message}`).join('; ');
    throw new Error(`invalid configuration: ${described}`);
  }
  const c = Value.Parse(ConfigSchema, value);
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL ?? `file:${join(c.DATA_DIR, 'ledgergate.sqlite')}`,
    databasePoolSize: c.DATABASE_POOL_SIZE,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    secretKey: c.LEDGERGATE_SECRET_KEY,
    publicUrl: (c.PUBLIC_URL ?? `http://${c.HOST}:${c.PORT}`).replace(/\/$/, ''),
    logLevel: c.LOG_LEVEL,
    dataDir: c.DATA_DIR,
    jobLeaseMs: c.JOB_LEASE_MS,
    workerConcurrency: c.WORKER_CONCURRENCY,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    metricsToken: c.METRICS_TOKEN,
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    webhookAllowPrivate: c.WEBHOOK_ALLOW_PRIVATE,
    erpAllowLoopback: c.ERP_ALLOW_LOOPBACK,
  };
}
