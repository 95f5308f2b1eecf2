import { type Command, Option } from 'commander';
import { demoOAuthClient, startSpectrumSimulator } from '../erp/spectrum/simulator/index.ts';
import { onShutdown, port } from './process.ts';

interface SimSpectrumOptions {
  port: number;
  host: string;
  seed: 'demo' | 'empty';
  data?: string;
  oauth?: boolean;
  clientId: string;
  clientSecret: string;
}

/**
 * `ledgergate sim spectrum`: a standalone Spectrum SDX simulator (ERP.md §4). Shares the `sim` command
 * with the other simulators, whichever registers first creates it.
 */
export function registerSimSpectrum(program: Command): void {
  const sim =
    program.commands.find((command) => command.name() === 'sim') ??
    program.command('sim').description('simulated ERPs for development, demos and tests');

  sim
    .command('spectrum')
    .description(
      'a Spectrum SDX (SOAP) simulator; WSDLs at GET /wsdls/{Service}.jws, inspect it at GET /_sim/state, set faults at POST /_sim/faults',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', port, 8482)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--seed <seed>', 'initial data').choices(['demo', 'empty']).default('demo'))
    .option('--data <file>', 'SQLite file that keeps the data across restarts (default: in memory)')
    .option(
      '--oauth',
      'turn Enhanced Authentication on: POST /connect/token, bearer tokens on /ws and /vendors',
    )
    .option('--client-id <id>', 'the OAuth client id (with --oauth)', demoOAuthClient.clientId)
    .option(
      '--client-secret <secret>',
      'the OAuth client secret (with --oauth)',
      demoOAuthClient.clientSecret,
    )
    .action(async (options: SimSpectrumOptions) => {
      const simulator = await startSpectrumSimulator({
        port: options.port,
        host: options.host,
        seed: options.seed,
        dataFile: options.data,
        oauth: options.oauth ? { clientId: options.clientId, clientSecret: options.clientSecret } : undefined,
      });
      const { companyCode, authorizationId } = simulator.settings;
      console.log(
        `Spectrum simulator listening on ${simulator.url} (company ${companyCode}, authorization ${authorizationId}, ` +
          `${options.data ? `data ${options.data}` : 'in memory'})`,
      );
      if (options.oauth) {
        console.log(
          `Enhanced authentication on: POST ${simulator.url}/connect/token, client id ${options.clientId}`,
        );
      }
      onShutdown(simulator.close, (message) => console.log(`${message} the Spectrum simulator`));
    });
}
