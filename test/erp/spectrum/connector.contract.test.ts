/**
 * The connector contract kit against the Spectrum simulator, over real sockets: the simulator listens
 * on a free port and the connector talks SOAP to it exactly as it would to a customer's server.
 */

import type { ErpControl, ErpFaults, RecordRef } from '../../../src/erp/contract/control.ts';
import { connectorContract } from '../../../src/erp/contract/kit.ts';
import { createSpectrumConnector } from '../../../src/erp/spectrum/connector.ts';
import { describeSpectrum } from '../../../src/erp/spectrum/rules.ts';
import { type SpectrumSimState, startSpectrumSimulator } from '../../../src/erp/spectrum/simulator/index.ts';
import { testOutbound } from '../../support/context.ts';

const phaseMask = '##-###';
/** The simulator's own default, as documented: a GUID idle 24 hours expires. */
const defaultGuidTimeoutMs = 24 * 60 * 60 * 1000;

/** Spectrum stores phase codes without the mask's dashes. */
const phase = (code: string) => code.replaceAll('-', '');

/** The stored records answering to our key, found by field values (so a duplicate under another key shows). */
function matching(
  state: SpectrumSimState,
  ref: RecordRef,
): { writeCount: number; [field: string]: unknown }[] {
  switch (ref.kind) {
    case 'job':
      return state.jobs.filter((job) => job.Job_Number === ref.jobNumber);
    case 'cost_code':
      return state.phases.filter(
        (row) =>
          row.Job_Number === ref.jobNumber &&
          row.Phase_Code === phase(ref.code) &&
          row.Cost_Type === ref.costType,
      );
    case 'vendor':
      return state.vendors.filter((vendor) => vendor.Vendor_Code === ref.vendorCode);
    case 'commitment':
      return state.subcontracts.filter(
        (sc) => sc.Vendor_Code === ref.vendorCode && sc.Subcontract_Number === ref.number,
      );
    case 'commitment_line':
      return state.subcontractPhases.filter(
        (line) =>
          line.Vendor_Code === ref.vendorCode &&
          line.Subcontract_Number === ref.number &&
          line.Phase_Code === phase(ref.code) &&
          line.Cost_Type === ref.costType,
      );
    case 'change_order_line':
      return state.changeRequestLines.filter(
        (line) =>
          line.Job_Number === ref.jobNumber &&
          line.Change_Request_Number === ref.number &&
          line.CR_Phase_Code === phase(ref.code) &&
          line.CR_Cost_Type === ref.costType,
      );
  }
}

const tables = {
  job: 'jobs',
  cost_code: 'phases',
  vendor: 'vendors',
  commitment: 'subcontracts',
  commitment_line: 'subcontractPhases',
  change_order_line: 'changeRequestLines',
} as const;

/** The Put services writing each kind (AddPhase also writes budgets, as estimates of existing phases). */
const putServices = {
  job: ['AddJob'],
  cost_code: ['AddPhase'],
  vendor: ['AddVendor', 'UpdateVendor'],
  commitment: ['UpdateSubcontract'],
  commitment_line: ['UpdateSubcontractPhases'],
  change_order_line: ['ARChangeRequest'],
} as const;

connectorContract({
  name: 'Spectrum',
  description: describeSpectrum({ phaseMask }),
  ids: { customer: 'GENCUST' },
  async start(options) {
    const simulator = await startSpectrumSimulator({ seed: 'demo', phaseMask });
    const connector = createSpectrumConnector({
      baseUrl: simulator.url,
      authorizationId: 'DEMO',
      companyCode: '001',
      standardJob: 'STANDARD',
      phaseMask,
      outbound: testOutbound.erp,
      ...(options?.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    const control: ErpControl = {
      state: () => simulator.state(),
      count: (ref) => matching(simulator.state(), ref).length,
      writeCount: (ref) =>
        matching(simulator.state(), ref).reduce((sum, record) => sum + record.writeCount, 0),
      stored: (ref) => matching(simulator.state(), ref).map(({ writeCount: _, ...fields }) => fields),
      writeCalls: (kind) => putServices[kind].reduce((sum, service) => sum + simulator.calls(service), 0),
      total: (kind) => simulator.state()[tables[kind]].length,
      setFaults: (faults: ErpFaults) =>
        simulator.setFaults({
          transientRate: faults.transientRate ?? 0,
          truncateRate: faults.truncateRate ?? 0,
          latencyMs: faults.latencyMs ?? 0,
          outage: faults.outage ?? false,
          guidTimeoutMs: faults.sessionExpiryMs ?? defaultGuidTimeoutMs,
          maxRows: faults.maxRows ?? 0,
        }),
    };
    return { connector, control, stop: () => simulator.close() };
  },
});
