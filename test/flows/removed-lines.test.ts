import { beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.ts';
import { useErpWorld } from '../support/erp-world.ts';

interface LineInput {
  costCode: string;
  costType: string;
  amount: string;
  item?: number;
}

/**
 * Issue 13 finding 9: a commitment or change order whose first export failed half-way, rejected,
 * edited and sent again. Spectrum deletes nothing, so the lines the first export stored and the record
 * no longer has (removed, or moved to another cost code) must be at zero, and the ERP's lines of the
 * record must add up to its total.
 */
describe.each(dialects)('removed lines of a re-sent record on %s', (dialect) => {
  const w = useErpWorld(dialect);
  let c: string;
  let projectUrl: string;
  let vendorId: string;
  let commitmentUrl: string;

  const accept = async (requestId: string, status: string) => {
    const accepted = await w.current.approver.post(`/companies/${c}/erp/requests/${requestId}/accept`, {
      version: 1,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    return w.current.settled(requestId, status);
  };
  const sendAndAccept = async (url: string, status: string) => {
    const sent = await w.current.pm.post(`${url}/send-to-erp`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    return accept(sent.body.requestId, status);
  };
  /** Rejects the failed export back to the sender, who replaces the record's lines. */
  const rejectAndEdit = async (failed: Record<string, unknown>, url: string, lines: LineInput[]) => {
    const { approver, pm } = w.current;
    const rejected = await approver.post(`/companies/${c}/erp/requests/${failed.id}/reject`, {
      version: failed.version,
      comment: 'Fix the cost codes',
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const record = await pm.get(url);
    const edited = await pm.patch(url, { version: record.body.version, lines });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
  };

  beforeAll(async () => {
    const { pm, approver, t } = w.current;
    c = w.current.companyId;
    await w.current.mirrorFromErp();
    const project = await pm.post(`/companies/${c}/projects`, {
      name: 'Removed Lines',
      number: 'J300',
      active: true,
    });
    projectUrl = `/companies/${c}/projects/${project.body.id}`;
    for (const [code, costTypes] of [
      ['01-100', ['L']],
      ['03-100', ['L']],
      ['03-200', ['M', 'S']],
    ] as const) {
      await pm.post(`${projectUrl}/cost-codes`, { code, costTypes });
    }
    const sent = await pm.post(`${projectUrl}/send-to-erp`);
    await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, {
      version: 1,
      jobTemplate: 'TEMPLATE1',
    });
    await w.current.settled(sent.body.requestId);
    // Our side takes 02-200 × S for a phase of the job while Spectrum's job lacks it: Spectrum refuses
    // a line on it, after storing the lines sent beside it.
    await pm.post(`${projectUrl}/cost-codes`, { code: '02-200', costTypes: ['S'] });
    await t.database.db
      .updateTable('project_cost_codes')
      .set({ erp_status: 'synced' })
      .where('project_id', '=', project.body.id)
      .where('code', '=', '02-200')
      .execute();

    const vendor = await pm.post(`/companies/${c}/vendors`, { name: 'Removed Lines Rebar', active: true });
    vendorId = vendor.body.id;
    await sendAndAccept(`/companies/${c}/vendors/${vendorId}`, 'synced');
  });

  it('zeroes the lines a half-failed commitment export stored that its re-sent version removed or moved', async () => {
    const { pm, sim } = w.current;
    const created = await pm.post(`${projectUrl}/commitments`, {
      type: 'subcontract',
      number: 'SC-R1',
      title: 'Rebar',
      vendorId,
      status: 'approved',
      lines: [
        { costCode: '03-100', costType: 'L', amount: '10000.00' },
        { costCode: '03-200', costType: 'S', amount: '5000.00' },
        { costCode: '02-200', costType: 'S', amount: '2000.00' },
      ],
    });
    commitmentUrl = `${projectUrl}/commitments/${created.body.id}`;
    const lines = () =>
      sim
        .state()
        .subcontractPhases.filter((line) => line.Subcontract_Number === 'SC-R1')
        .map((line) => [
          line.Phase_Code,
          line.Cost_Type,
          line.Bid_Item_Number,
          Number(line.Original_Contract_Amount),
        ])
        .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));

    const failed = await sendAndAccept(commitmentUrl, 'failed');
    expect(failed.error).toMatchObject({ message: expect.stringMatching(/02200/) });
    expect(lines()).toEqual([
      ['03100', 'L', '1', 10000],
      ['03200', 'S', '2', 5000],
    ]);

    // Line 2 removed; line 1 moved to 01-100 (its stored line keeps its old key); line 3 fixed.
    await rejectAndEdit(failed, commitmentUrl, [
      { item: 1, costCode: '01-100', costType: 'L', amount: '10000.00' },
      { item: 3, costCode: '03-200', costType: 'M', amount: '2000.00' },
    ]);
    await sendAndAccept(commitmentUrl, 'synced');

    expect(lines()).toEqual([
      ['01100', 'L', '1', 10000],
      ['03100', 'L', '1', 0],
      ['03200', 'M', '3', 2000],
      ['03200', 'S', '2', 0],
    ]);
    const total = lines().reduce((sum, line) => sum + (line[3] as number), 0);
    expect(total).toBe(12000);
    expect((await pm.get(commitmentUrl)).body.total).toBe('12000.00');
  });

  it('zeroes the lines a half-failed change order export stored that its re-sent version removed or moved', async () => {
    const { pm, sim } = w.current;
    const created = await pm.post(`${commitmentUrl}/change-orders`, {
      number: 'CO-R1',
      title: 'More rebar',
      status: 'approved',
      lines: [
        { costCode: '01-100', costType: 'L', amount: '500.00' },
        { costCode: '03-200', costType: 'M', amount: '300.00' },
        { costCode: '02-200', costType: 'S', amount: '100.00' },
      ],
    });
    const url = `${commitmentUrl}/change-orders/${created.body.id}`;
    const failed = await sendAndAccept(url, 'failed');
    expect(failed.error).toMatchObject({ message: expect.stringMatching(/02200/) });
    const { erpNumber } = failed.acceptOptions as { erpNumber: string };
    const lines = () =>
      sim
        .state()
        .changeRequestLines.filter(
          (line) => line.Job_Number === 'J300' && line.Change_Request_Number === erpNumber,
        )
        .map((line) => [
          line.CR_Phase_Code,
          line.CR_Cost_Type,
          line.Sub_Bid_Item_Code,
          Number(line.Change_Request_Amount),
          Number(line.Sub_Amount),
        ])
        .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
    expect(lines()).toEqual([
      ['01100', 'L', '1', 500, 500],
      ['03200', 'M', '3', 300, 300],
    ]);

    // The line on 03-200 × M removed; the one on 01-100 × L moved to 03-100 × L; the refused one fixed.
    await rejectAndEdit(failed, url, [
      { costCode: '03-100', costType: 'L', amount: '500.00' },
      { costCode: '03-200', costType: 'S', amount: '100.00' },
    ]);
    const done = await sendAndAccept(url, 'synced');
    expect(done.acceptOptions).toMatchObject({ erpNumber });

    expect(lines()).toEqual([
      ['01100', 'L', '1', 0, 0],
      ['03100', 'L', '', 500, 500],
      ['03200', 'M', '3', 0, 0],
      ['03200', 'S', '', 100, 100],
    ]);
    const total = lines().reduce((sum, line) => sum + (line[3] as number), 0);
    expect(total).toBe(600);
    expect((await pm.get(url)).body.total).toBe('600.00');
  });
});
