import { type Command, InvalidArgumentError, Option } from 'commander';
import { activateAgent } from '../erp/sage300/agent/activate.ts';
import { startAgent } from '../erp/sage300/agent/agent.ts';
import type { Transport } from '../erp/sage300/agent/hub-channel.ts';
import { createLogger } from '../logger.ts';
import { onShutdown } from './process.ts';

const defaultDataDir = './data/agent';

/** `ledgergate agent`: the on-premise Sage 300 CRE agent (ERP.md §3). */
export function registerAgent(program: Command): void {
  const agent = program
    .command('agent')
    .description('the on-premise Sage 300 CRE agent: runs beside Sage and dials out to the Ledgergate hub');

  agent
    .command('activate')
    .description('pair this agent with a company, using a one-time activation code from the hub')
    .requiredOption('--hub <url>', 'the Ledgergate server, e.g. https://ledgergate.example.com')
    .requiredOption('--code <code>', 'the activation code an ERP admin created')
    .option('--data <dir>', 'where the agent keeps its key and journal', defaultDataDir)
    .action(async (options: { hub: string; code: string; data: string }) => {
      try {
        const config = await activateAgent({ hub: options.hub, code: options.code, dataDir: options.data });
        console.log(
          `paired with ${config.companyName} on ${config.hub}; start it with \`ledgergate agent run\``,
        );
      } catch (error) {
        program.error((error as Error).message);
      }
    });

  agent
    .command('run')
    .description('apply the hub’s commands to Sage until stopped (SIGTERM/SIGINT)')
    .requiredOption(
      '--sage <url>',
      'the Sage company’s local interface (e.g. a `ledgergate sim sage300` URL)',
    )
    .option('--data <dir>', 'where the agent keeps its key and journal', defaultDataDir)
    .addOption(
      new Option('--transport <transport>', 'how to reach the hub')
        .choices(['auto', 'ws', 'poll'])
        .default('auto'),
    )
    .option('--sage-timeout <ms>', 'how long a Sage call may take (default 30000)', milliseconds)
    .action(async (options: { sage: string; data: string; transport: Transport; sageTimeout?: number }) => {
      const log = createLogger(process.env.LOG_LEVEL ?? 'info');
      let running: Awaited<ReturnType<typeof startAgent>>;
      try {
        running = await startAgent({
          dataDir: options.data,
          sageUrl: options.sage,
          transport: options.transport,
          sageTimeoutMs: options.sageTimeout,
          log: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
        });
      } catch (error) {
        program.error((error as Error).message);
      }
      onShutdown(running.stop, (m) => log.info(m));
      // Unpaired: a restart cannot help until someone activates the agent again.
      if ((await running.ended) === 'unpaired') process.exit(2);
    });
}

function milliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of milliseconds');
  return n;
}
