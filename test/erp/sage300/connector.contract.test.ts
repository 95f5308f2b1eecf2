/**
 * The connector contract kit against a simulated Sage 300 CRE company, through the real hub and a real
 * agent: the connector issues commands on the hub, the agent (in this process, over a WebSocket) runs
 * them against the simulated company over HTTP. Every hop is a real socket.
 */
import { describe } from 'vitest';
import { fromJson } from '../../../src/db/json.ts';
import type { ErpControl, ErpFaults, RecordRef } from '../../../src/erp/contract/control.ts';
import { connectorContract } from '../../../src/erp/contract/kit.ts';
import { createSage300Connector } from '../../../src/erp/sage300/connector.ts';
import { type Sage300Settings, sage300Description } from '../../../src/erp/sage300/rules.ts';
import type { Sage300SimState } from '../../../src/erp/sage300/simulator/index.ts';
import { tables } from '../../../src/erp/sage300/tables.ts';
import { useTestApp } from '../../support/app.ts';
import { until } from '../../support/databases.ts';
import { makeOperator, type TestUser } from '../../support/factories.ts';
import { startSageStack } from '../../support/sage-world.ts';

/** The demo company's format table, as the agent reports it. */
const format: Sage300Settings = { jobMask: 'XX-XXXX', costCodeMask: 'XX-XXX', commitmentIdLength: 12 };

type Row = Record<string, unknown>;

function matching(state: Sage300SimState, ref: RecordRef): Row[] {
  const rows = (table: string) => state.tables[table] ?? [];
  const commitmentOf = (number: string) => rows(tables.commitment).find((row) => row.Commitment === number);
  switch (ref.kind) {
    case 'job':
      return rows(tables.job).filter((row) => row.Job === ref.jobNumber);
    case 'cost_code':
      return rows(tables.category).filter(
        (row) => row.Job === ref.jobNumber && row.Cost_Code === ref.code && row.Category === ref.costType,
      );
    case 'vendor':
      return rows(tables.vendor).filter((row) => row.Vendor === ref.vendorCode);
    case 'commitment':
      return rows(tables.commitment).filter(
        (row) => row.Commitment === ref.number && row.Vendor === ref.vendorCode,
      );
    case 'commitment_line':
      return rows(tables.commitmentLine).filter(
        (row) =>
          row.Commitment === ref.number &&
          commitmentOf(ref.number)?.Vendor === ref.vendorCode &&
          row.Cost_Code === ref.code &&
          row.Category === ref.costType,
      );
    case 'change_order_line':
      return rows(tables.changeOrderLine).filter(
        (row) =>
          row.Commitment_CO === ref.number &&
          commitmentOf(String(row.Commitment))?.Job === ref.jobNumber &&
          row.Cost_Code === ref.code &&
          row.Category === ref.costType,
      );
  }
}

const tableOf = {
  job: tables.job,
  cost_code: tables.category,
  vendor: tables.vendor,
  commitment: tables.commitment,
  commitment_line: tables.commitmentLine,
  change_order_line: tables.changeOrderLine,
} as const;

describe('through the hub and a real agent', () => {
  const app = useTestApp('sqlite');
  let hubUrl: string | undefined;
  let operator: TestUser;

  connectorContract({
    name: 'Sage 300 CRE',
    description: sage300Description(format),
    faults: ['transientRate', 'outage', 'latencyMs'],
    // Sage's job has no division, cost center or price method.
    jobFields: ['customerCode', 'address'],
    refusalCodes: false,
    ids: {
      job: (n) => `77-${String(n).padStart(4, '0')}`,
      vendor: (n) => `KITV${n}`,
      commitment: (n) => `KSC${n}`,
      changeOrder: (n) => `C${n}`,
      customer: 'KITCUST',
    },
    async start(options) {
      const { ctx } = app.current;
      if (!hubUrl) {
        hubUrl = await app.current.app.listen({ port: 0, host: '127.0.0.1' });
        operator = await makeOperator(ctx);
      }
      const stack = await startSageStack(ctx, hubUrl, operator, { agent: { sageTimeoutMs: 2_000 } });
      // The agent's hello put the company's format into the connection's settings.
      const settings = await until(async () => {
        const row = await ctx.database.db
          .selectFrom('erp_connections')
          .select('settings')
          .where('company_id', '=', stack.companyId)
          .executeTakeFirst();
        const stored = row && fromJson<Sage300Settings>(row.settings);
        return stored?.jobMask ? stored : undefined;
      });
      const connector = createSage300Connector({
        hub: ctx.agents,
        companyId: stack.companyId,
        settings,
        timeoutMs: options?.timeoutMs ?? 10_000,
      });
      const { sim } = stack;
      const control: ErpControl = {
        state: () => sim.state(),
        count: (ref) => matching(sim.state(), ref).length,
        writeCount: (ref) =>
          matching(sim.state(), ref).reduce((sum, row) => sum + Number(row.Write_Count ?? 0), 0),
        stored: (ref) =>
          matching(sim.state(), ref).map(({ Modified_Stamp: _stamp, Write_Count: _count, ...row }) => row),
        writeCalls: (kind) => sim.state().writeCalls?.[tableOf[kind]] ?? 0,
        total: (kind) => (sim.state().tables[tableOf[kind]] ?? []).length,
        setFaults(faults: ErpFaults) {
          sim.setFaults({
            transientRate: faults.transientRate,
            latencyMs: faults.latencyMs,
            // Sage cannot be reached: the agent's calls find no one answering.
            dropConnections: faults.outage ? 1 : undefined,
          });
        },
      };
      return { connector, control, stop: () => stack.stop() };
    },
  });
});
