import type { AddressInfo } from 'node:net';
import { type ActiveFaults, FaultSwitches, type SpectrumFaults } from './faults.ts';
import { phaseMaskPattern } from './phase-mask.ts';
import type { SimSettings, SpectrumServiceName, SpectrumSimState } from './records.ts';
import { demoSettings, seedDemoCompany } from './seed.ts';
import { createSimulatorServer } from './server.ts';
import { GuidSessions } from './sessions.ts';
import { answerSoapCall } from './soap-endpoint.ts';
import { SpectrumStore } from './store.ts';
import { answerVendorList } from './vendor-list.ts';

export type { ActiveFaults, SpectrumFaults } from './faults.ts';
export type {
  PutServiceName,
  SimChangeRequestLine,
  SimJob,
  SimPhase,
  SimSubcontract,
  SimSubcontractPhase,
  SimVendor,
  SpectrumServiceName,
  SpectrumSimState,
} from './records.ts';
export type { VendorListEntry } from './vendor-list.ts';

export interface SpectrumSimulatorOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** `demo` (the default): the demo company; `empty`: only the company and authorization settings. */
  seed?: 'demo' | 'empty';
  /** A SQLite file that keeps the company across restarts; in memory when absent. */
  dataFile?: string;
  /** Default `DEMO`, or what the data file holds. */
  authorizationId?: string;
  /** Default `001`, or what the data file holds. */
  companyCode?: string;
  /** The company's phase mask, e.g. `##-###`; the demo seed's default is `##-###`, the empty seed has none. */
  phaseMask?: string;
  /** How long a GUID may idle (default 600 000 ms); also a fault switch. */
  guidTimeoutMs?: number;
  /** Source of the fault decisions (default Math.random); scripted in tests. */
  random?: () => number;
  /** The clock GUID timeouts are measured with (default Date.now); a fake one in tests. */
  now?: () => number;
}

export interface SpectrumSimulator {
  /** `http://127.0.0.1:PORT`: SOAP at `{url}/ws/{Service}`, vendors at `{url}/vendors/{Company_Code}`. */
  readonly url: string;
  readonly settings: SimSettings;
  state(): SpectrumSimState;
  /**
   * SOAP calls of the service this simulator answered since it started, refused ones included (the
   * `writes` of `state()` count stored records only): what a client's operation costs in calls.
   */
  calls(service: SpectrumServiceName): number;
  faults(): ActiveFaults;
  setFaults(faults: SpectrumFaults): void;
  close(): Promise<void>;
}

/** Starts a Spectrum SDX simulator: a real HTTP server speaking SOAP 1.1 as ERP.md §2 and §5 describe. */
export async function startSpectrumSimulator(
  options: SpectrumSimulatorOptions = {},
): Promise<SpectrumSimulator> {
  const store = new SpectrumStore(options.dataFile);
  try {
    const settings = applySettings(store, options);
    const faults = new FaultSwitches(options.random ?? Math.random, options.guidTimeoutMs ?? 600_000);
    const sessions = new GuidSessions(options.now ?? Date.now, () => faults.current.guidTimeoutMs);
    const endpoint = { store, settings: () => settings, sessions, faults };
    const calls = new Map<string, number>();

    const server = createSimulatorServer({
      soap: (service, xml) => {
        calls.set(service, (calls.get(service) ?? 0) + 1);
        return answerSoapCall(service, xml, endpoint);
      },
      vendors: (companyCode, authorization) => answerVendorList(companyCode, authorization, store, settings),
      state: () => store.state(),
      faults,
    });
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, resolve);
    });
    const { port } = server.address() as AddressInfo;

    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      settings,
      state: () => store.state(),
      calls: (service) => calls.get(service) ?? 0,
      faults: () => faults.current,
      setFaults: (switches) => faults.set(switches),
      close: async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        });
        store.close();
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * The settings in force: given options win, then what the data file holds, then the seed's defaults.
 * They are written back so that a data file remembers the company it was started with.
 */
function applySettings(store: SpectrumStore, options: SpectrumSimulatorOptions): SimSettings {
  const seed = options.seed ?? 'demo';
  const stored = store.settings();
  const settings: SimSettings = {
    companyCode: options.companyCode ?? stored.companyCode ?? demoSettings.companyCode,
    authorizationId: options.authorizationId ?? stored.authorizationId ?? demoSettings.authorizationId,
    phaseMask: options.phaseMask ?? stored.phaseMask ?? (seed === 'demo' ? demoSettings.phaseMask : ''),
  };
  if (settings.phaseMask) phaseMaskPattern(settings.phaseMask);
  store.saveSettings(settings);
  if (seed === 'demo') seedDemoCompany(store);
  return settings;
}
