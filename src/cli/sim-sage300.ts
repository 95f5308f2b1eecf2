import { type Command, Option } from 'commander';
import { startSage300Simulator } from '../erp/sage300/simulator/index.ts';
import { onShutdown, port } from './process.ts';

interface SimSage300Options {
  port: number;
  host: string;
  seed: 'demo' | 'empty';
  data?: string;
}

/**
 * `ledgergate sim sage300`: a standalone simulated Sage 300 CRE company (ERP.md §3, §4). Shares the
 * `sim` command with the other simulators, whichever registers first creates it.
 */
export function registerSimSage300(program: Command): void {
  const sim =
    program.commands.find((command) => command.name() === 'sim') ??
    program.command('sim').description('simulated ERPs for development, demos and tests');

  sim
    .command('sage300')
    .description(
      'a Sage 300 CRE company: GET /company, GET /tables/{TABLE}, POST /write; inspect it at GET /_sim/state, set faults at POST /_sim/faults',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', port, 8483)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--seed <seed>', 'initial data').choices(['demo', 'empty']).default('demo'))
    .option('--data <file>', 'SQLite file that keeps the data across restarts (default: in memory)')
    .action(async (options: SimSage300Options) => {
      const simulator = await startSage300Simulator({
        port: options.port,
        host: options.host,
        seed: options.seed,
        dataFile: options.data,
      });
      console.log(
        `Sage 300 CRE simulator listening on ${simulator.url} (seed ${options.seed}, ${options.data ? `data ${options.data}` : 'in memory'})`,
      );
      onShutdown(simulator.close, (message) => console.log(`${message} the Sage 300 CRE simulator`));
    });
}
