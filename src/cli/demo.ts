import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { startSpectrumSimulator } from '../erp/spectrum/simulator/index.ts';
import { createLogger } from '../logger.ts';
import { startServer } from '../server.ts';
import { onShutdown, port, webRoot } from './process.ts';
import { setupDemo } from './setup-demo.ts';

/** `ledgergate demo`: what `npm start` runs — the server, an in-process Spectrum simulator and demo data. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'SQLite under ./data, an in-process Spectrum simulator with demo data, a demo company and users',
    )
    .option('--port <n>', 'port to listen on (default: $PORT or 8080)', port)
    .action(async (options: { port?: number }) => {
      const config = loadConfig();
      if (options.port !== undefined) config.port = options.port;
      const logger = createLogger(config.logLevel);
      const sim = await startSpectrumSimulator({
        port: 0,
        seed: 'demo',
        dataFile: join(config.dataDir, 'spectrum-demo.sqlite'),
      });
      const server = await startServer(config, logger, { worker: true, webRoot });
      const demo = await setupDemo(server.services.ctx, { simulatorUrl: sim.url });
      const width = Math.max(...demo.users.map((u) => u.email.length));
      console.log(
        [
          '',
          `Ledgergate demo is running at ${server.url} (sign in there with a user below)`,
          `  API docs:            ${server.url}/api/docs`,
          `  Spectrum simulator:  ${sim.url} (its state: ${sim.url}/_sim/state)`,
          `  Demo company:        Demo Builders (${demo.companyId}), first ERP sync ${demo.syncRunId}`,
          ...(demo.sampled
            ? [
                '  Sample records:      2 projects and a vendor wait for the approver; the PM has Maple Street Lofts',
              ]
            : []),
          '',
          '  Demo users (the web app, or POST /api/v1/auth/login { email, password }):',
          ...demo.users.map((u) => `    ${u.email.padEnd(width)}  ${u.password.padEnd(14)}  ${u.role}`),
          '',
        ].join('\n'),
      );
      onShutdown(
        async () => {
          await server.stop();
          await sim.close();
        },
        (m) => logger.info(m),
      );
    });
}
