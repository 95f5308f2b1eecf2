import type { AddressInfo } from 'node:net';
import { seedCompanySetup } from './company-setup.ts';
import { EnhancedAuthentication, type OAuthClient } from './enhanced-authentication.ts';
import { type ActiveFaults, FaultSwitches, type SpectrumFaults } from './faults.ts';
import type { SpectrumServiceName, SpectrumSimState } from './records.ts';
import { seedDemoCompany } from './seed.ts';
import { createSimulatorServer } from './server.ts';
import { sdxServices } from './services/index.ts';
import { GuidSessions } from './sessions.ts';
import { resolveSettings, type SimSettings } from './settings.ts';
import { answerSoapCall } from './soap-endpoint.ts';
import { SpectrumStore } from './store.ts';
import { answerVendorList } from './vendor-list.ts';
import { type SimWrite, WriteLog } from './write-log.ts';
import { WsdlCache } from './wsdl.ts';

export type { OAuthClient } from './enhanced-authentication.ts';
export type { ActiveFaults, SpectrumFaults } from './faults.ts';
export type {
  GetServiceName,
  PutServiceName,
  SimChangeRequest,
  SimChangeRequestLine,
  SimCustomer,
  SimJob,
  SimPhase,
  SimSubcontract,
  SimSubcontractPhase,
  SimVendor,
  SpectrumServiceName,
  SpectrumSimState,
} from './records.ts';
export type { SimSettings } from './settings.ts';
export type { VendorListEntry } from './vendor-list.ts';
export type { SimWrite } from './write-log.ts';

/** The demo client of Enhanced Authentication (brief §2). */
export const demoOAuthClient: OAuthClient = { clientId: 'ledgergate-demo', clientSecret: 'demo-secret' };

const day = 24 * 60 * 60 * 1000;

export interface SpectrumSimulatorOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * `demo` (the default): the demo company of brief §6; `empty`: the company's installation
   * (Authorization IDs, cost types, cost centers, units, G/L accounts, statuses) without records.
   */
  seed?: 'demo' | 'empty';
  /** A SQLite file that keeps the company across restarts; in memory when absent. Older files are migrated. */
  dataFile?: string;
  /** The Authorization ID allowed every service: default `DEMO`, or what the data file holds. */
  authorizationId?: string;
  /** Default `001`, or what the data file holds. */
  companyCode?: string;
  /** The company's phase mask, e.g. `##-###` (the demo seed's); the empty seed has none. */
  phaseMask?: string;
  /** Job Cost "Current Estimate display only?": AddPhase then ignores Current_Est_* (default false). */
  currentEstimateDisplayOnly?: boolean;
  /** How long a GUID may idle (default 24 h, as documented); also a fault switch. */
  guidTimeoutMs?: number;
  /** Turns Enhanced Authentication on: `/connect/token`, and a bearer token on every `/ws` and `/vendors` call. */
  oauth?: OAuthClient;
  /** Lifetime of an access token (default 1 h: `expires_in` 3600). */
  tokenTtlMs?: number;
  /** Source of the fault decisions (default Math.random); scripted in tests. */
  random?: () => number;
  /** The server's clock (default Date.now): GUID timeouts, token lifetimes and "today". */
  now?: () => number;
  /** Keeps a log of every stored Put in memory (`writes()`); off by default. */
  logWrites?: boolean;
}

export interface SpectrumSimulator {
  /** `http://127.0.0.1:PORT`: SOAP at `{url}/ws/{Service}`, WSDLs at `{url}/wsdls/{Service}.jws`, vendors at `{url}/vendors/{Company_Code}`. */
  readonly url: string;
  readonly settings: SimSettings;
  state(): SpectrumSimState;
  /**
   * SOAP calls of the service this simulator answered since it started, refused ones included (the
   * `writes` of `state()` count stored records only): what a client's operation costs in calls.
   */
  calls(service: SpectrumServiceName): number;
  /**
   * Every Put call that stored its record, in order, since the start or the last `clearWrites()`: the
   * service and the values it wrote. Empty unless started with `logWrites`.
   */
  writes(): readonly SimWrite[];
  clearWrites(): void;
  faults(): ActiveFaults;
  setFaults(faults: SpectrumFaults): void;
  close(): Promise<void>;
}

/** Starts a Spectrum SDX simulator: a real HTTP server playing a customer's Spectrum server (ERP.md §2, §4). */
export async function startSpectrumSimulator(
  options: SpectrumSimulatorOptions = {},
): Promise<SpectrumSimulator> {
  const store = new SpectrumStore(options.dataFile);
  try {
    const seed = options.seed ?? 'demo';
    const settings = resolveSettings(store, options, seed);
    seedCompanySetup(store, settings);
    if (seed === 'demo') seedDemoCompany(store, settings.companyCode);

    const now = options.now ?? Date.now;
    const faults = new FaultSwitches(options.random ?? Math.random, options.guidTimeoutMs ?? day);
    const sessions = new GuidSessions(now, () => faults.current.guidTimeoutMs);
    const oauth =
      options.oauth && new EnhancedAuthentication(options.oauth, options.tokenTtlMs ?? 60 * 60 * 1000, now);
    const wsdls = new WsdlCache();
    const writeLog = options.logWrites ? new WriteLog() : undefined;
    const endpoint = { store, settings, sessions, faults, now, writeLog };
    const calls = new Map<string, number>();

    const server = createSimulatorServer({
      soap: (service, xml) => {
        calls.set(service, (calls.get(service) ?? 0) + 1);
        return answerSoapCall(service, xml, endpoint);
      },
      wsdl: (service, base) => {
        const found = sdxServices.get(service);
        return found && wsdls.get(found, base);
      },
      vendors: (companyCode, query, authorization, bearer) =>
        answerVendorList({ companyCode, query, authorization, bearer }, store, settings.companyCode),
      state: () => store.state(),
      faults,
      oauth,
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
      writes: () => writeLog?.list() ?? [],
      clearWrites: () => writeLog?.clear(),
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
