import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { copyInstallation } from '../db/copy-installation.ts';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { errorMessage } from '../domain/error-message.ts';
import { createJobQueue } from '../jobs/create-queue.ts';
import { createLogger } from '../logger.ts';
import { createServices, startServer, startWorker } from '../server.ts';
import { createOperator } from '../workflows/identity/create-operator.ts';
import { registerAgent } from './agent.ts';
import { registerDemo } from './demo.ts';
import { exitOnWorkerFailure, onShutdown, port, webRoot } from './process.ts';
import { registerSimSage300 } from './sim-sage300.ts';
import { registerSimSpectrum } from './sim-spectrum.ts';

const program = new Command('ledgergate').description(
  'The accounting-approval gate between project management and the ERP',
);

program
  .command('serve')
  .description('API, web app and background workers')
  .option('--port <n>', 'port to listen on (default: $PORT or 8080)', port)
  .option('--no-worker', 'serve the API only; run jobs in separate `ledgergate worker` processes')
  .action(async (options: { port?: number; worker: boolean }) => {
    const config = loadConfig();
    if (options.port !== undefined) config.port = options.port;
    const logger = createLogger(config.logLevel);
    const server = await startServer(config, logger, {
      worker: options.worker,
      webRoot,
      onWorkerFailure: exitOnWorkerFailure(logger),
    });
    logger.info(`Ledgergate is listening on ${server.url} (API docs: ${server.url}/api/docs)`);
    onShutdown(server.stop, (m) => logger.info(m), config.shutdownTimeoutMs);
  });

program
  .command('worker')
  .description('background workers only')
  .action(async () => {
    const config = loadConfig();
    const logger = createLogger(config.logLevel);
    const services = await startWorker(config, logger, {
      onWorkerFailure: exitOnWorkerFailure(logger),
    });
    logger.info('worker started');
    onShutdown(services.close, (m) => logger.info(m), config.shutdownTimeoutMs);
  });

program
  .command('migrate')
  .description('apply database migrations to DATABASE_URL')
  .action(async () => {
    const database = openDatabase(loadConfig().databaseUrl);
    try {
      const applied = await migrateToLatest(database);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
    } finally {
      await database.close();
    }
  });

program
  .command('operator')
  .description('operator accounts')
  .command('create')
  .description('create an operator account, or reset its password')
  .requiredOption('--email <email>')
  .requiredOption('--password <password>')
  .option('--name <name>')
  .action(async (options: { email: string; password: string; name?: string }) => {
    if (options.password.length < 8) program.error('the password needs at least 8 characters');
    const config = loadConfig();
    const services = await createServices(config, createLogger(config.logLevel));
    try {
      const result = await createOperator(services.ctx, options);
      console.log(
        `${result.created ? 'created' : 'updated'} operator ${options.email.toLowerCase()} (${result.id})`,
      );
    } finally {
      await services.close();
    }
  });

program
  .command('db')
  .description("the installation's database")
  .command('copy')
  .description(
    'copy a whole installation into a new, empty database (SQLite ↔ PostgreSQL), then verify every table',
  )
  .requiredOption('--from <url>', 'the database to copy: file:<path> or postgres://…')
  .requiredOption('--to <url>', 'the new database: file:<path> or postgres://…')
  .action(async (options: { from: string; to: string }) => {
    const [source, target] = [openDatabase(options.from), openDatabase(options.to)];
    try {
      const report = await copyInstallation(
        { database: source, queue: createJobQueue(source) },
        { database: target, queue: createJobQueue(target) },
      );
      for (const { table, rows, checksum } of report.tables)
        console.log(`${table.padEnd(28)} ${String(rows).padStart(9)} rows  sha256 ${checksum.slice(0, 16)}`);
      console.log(
        `copied ${report.tables.length} tables and ${report.jobs} pending jobs; row counts and checksums match`,
      );
    } catch (error) {
      program.error(`db copy: ${errorMessage(error)}`, { exitCode: 1 });
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });

registerDemo(program);
registerSimSpectrum(program);
registerSimSage300(program);
registerAgent(program);

await program.parseAsync();
