import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { startSage300Simulator } from '../erp/sage300/simulator/index.ts';
import { startSpectrumSimulator } from '../erp/spectrum/simulator/index.ts';
import { createLogger } from '../logger.ts';
import { startServer } from '../server.ts';
import { exitOnWorkerFailure, onShutdown, port, webRoot } from './process.ts';
import { setupDemo } from './setup-demo.ts';
import { setupSageDemo } from './setup-sage-demo.ts';

/** `ledgergate demo`: what `npm start` runs — the server, an in-process Spectrum simulator and demo data. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'SQLite under ./data, in-process Spectrum and Sage 300 CRE simulators (with a Sage agent), demo companies and users',
    )
    .option('--port <n>', 'port to listen on (default: $PORT or 8080)', port)
    .action(async (options: { port?: number }) => {
      const config = loadConfig();
      if (options.port !== undefined) config.port = options.port;
      // Its Spectrum simulator runs in this process, on loopback.
      config.erpAllowLoopback = true;
      const logger = createLogger(config.logLevel);
      const sim = await startSpectrumSimulator({
        port: 0,
        seed: 'demo',
        dataFile: join(config.dataDir, 'spectrum-demo.sqlite'),
      });
      const sage = await startSage300Simulator({
        port: 0,
        seed: 'demo',
        dataFile: join(config.dataDir, 'sage300-demo.sqlite'),
      });
      const server = await startServer(config, logger, {
        worker: true,
        webRoot,
        onWorkerFailure: exitOnWorkerFailure(logger),
      });
      const demo = await setupDemo(server.services.ctx, { simulatorUrl: sim.url });
      const sageDemo = await setupSageDemo(server.services.ctx, {
        hubUrl: server.url,
        sageUrl: sage.url,
        dataDir: config.dataDir,
        log: {
          info: (message) => logger.info(`sage agent: ${message}`),
          warn: (message) => logger.warn(`sage agent: ${message}`),
          error: (message) => logger.error(`sage agent: ${message}`),
        },
      });
      const width = Math.max(...demo.users.map((u) => u.email.length));
      console.log(
        [
          '',
          `Ledgergate demo is running at ${server.url} (sign in there with a user below)`,
          `  API docs:            ${server.url}/api/docs`,
          `  Spectrum simulator:  ${sim.url} (its state: ${sim.url}/_sim/state)`,
          `  Demo company:        Demo Builders (${demo.companyId}), first ERP sync ${demo.syncRunId}`,
          `  Sage 300 CRE:        Demo Builders (Sage) (${sageDemo.companyId}), its agent in this process,`,
          `                       the simulated Sage company at ${sage.url} (its state: ${sage.url}/_sim/state)`,
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
          await sageDemo.agent.stop();
          await server.stop();
          await sim.close();
          await sage.close();
        },
        (m) => logger.info(m),
      );
    });
}
