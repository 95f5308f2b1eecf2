import { beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.ts';
import { useErpWorld } from '../support/erp-world.ts';

/**
 * Issue 13, findings 2 and 6: every ERP key an export creates is reserved for its record by a unique
 * constraint when the export starts, so two records can never both be accepted onto one key — not one
 * after the other before the first export ran, nor at the same instant — and a key comes back when its
 * request ends without writing under it.
 */
describe.each(dialects)('ERP key reservations on %s', (dialect) => {
  const w = useErpWorld(dialect);
  let c: string;

  beforeAll(async () => {
    c = w.current.companyId;
    await w.current.mirrorFromErp();
  });

  const sendProject = async (name: string, number: string) => {
    const project = await w.current.pm.post(`/companies/${c}/projects`, { name, number, active: true });
    const sent = await w.current.pm.post(`/companies/${c}/projects/${project.body.id}/send-to-erp`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    return sent.body.requestId as string;
  };
  const sendVendor = async (name: string) => {
    const vendor = await w.current.pm.post(`/companies/${c}/vendors`, { name, active: true });
    const sent = await w.current.pm.post(`/companies/${c}/vendors/${vendor.body.id}/send-to-erp`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    return sent.body.requestId as string;
  };
  const accept = (requestId: string, options: Record<string, unknown> = {}) =>
    w.current.approver.post(`/companies/${c}/erp/requests/${requestId}/accept`, { version: 1, ...options });
  const job = (number: string) => w.current.sim.state().jobs.filter((j) => j.Job_Number === number);

  it('finding 2: of two projects with one number accepted together, the second is refused and the first job stays as it made it', async () => {
    const first = await sendProject('Harbor Pier', 'J700');
    const second = await sendProject('Harbor Pier Annex', 'J700');
    const bulk = await w.current.approver.post(`/companies/${c}/erp/requests/bulk`, {
      action: 'accept',
      ids: [first, second],
    });
    expect(bulk.body.results).toEqual([
      { id: first, ok: true, status: 'exporting' },
      {
        id: second,
        ok: false,
        error: {
          code: 'precondition_failed',
          detail: "Job J700 is reserved for another project's export to Spectrum; choose another number",
        },
      },
    ]);
    await w.current.settled(first);
    // Refused also once the first is synced (the mirror may not have it yet: the reservation says so).
    expect((await accept(second)).status).toBe(422);
    expect(job('J700')).toEqual([expect.objectContaining({ Job_Description: 'Harbor Pier' })]);

    const other = await accept(second, { jobNumber: 'J701' });
    expect(other.status, JSON.stringify(other.body)).toBe(202);
    await w.current.settled(second);
    expect(job('J700')).toEqual([expect.objectContaining({ Job_Description: 'Harbor Pier' })]);
    expect(job('J701')).toEqual([expect.objectContaining({ Job_Description: 'Harbor Pier Annex' })]);
  });

  it('gives a job number back when its export fails before writing under it', async () => {
    const { approver } = w.current;
    // Job J710 is made in Spectrum behind our back: the export finds it and writes nothing.
    await (await w.current.t.ctx.erp.forCompany(c)).createJob(
      { jobNumber: 'J710', description: 'Made in Spectrum', priceMethod: 'F', taxable: true },
      [],
    );
    const taker = await sendProject('Quarry Road', 'J710');
    expect((await accept(taker)).status).toBe(202);
    const failed = await w.current.settled(taker, 'failed');
    expect(failed.error).toMatchObject({ field: 'jobNumber' });

    // Nothing of ours is under J710: another project may be accepted onto it (and meets the same refusal).
    const next = await sendProject('Quarry Road North', 'J710');
    expect((await accept(next)).status).toBe(202);
    await w.current.settled(next, 'failed');
    const retried = await approver.post(`/companies/${c}/erp/requests/${taker}/retry`, {
      version: failed.version,
      jobNumber: 'J711',
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    await w.current.settled(taker);
    expect(job('J710')).toEqual([expect.objectContaining({ Job_Description: 'Made in Spectrum' })]);
    expect(job('J711')).toEqual([expect.objectContaining({ Job_Description: 'Quarry Road' })]);
  });

  it('finding 6: two vendors accepted at the same instant under one code: exactly one gets it, the ERP has one vendor', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => [
        await sendVendor(`Race Left ${i}`),
        await sendVendor(`Race Right ${i}`),
      ]),
    );
    const answers = await Promise.all(
      pairs.map(([left, right], i) =>
        Promise.all([accept(left!, { vendorCode: `RACE${i}` }), accept(right!, { vendorCode: `RACE${i}` })]),
      ),
    );
    for (const [i, pair] of answers.entries()) {
      expect(pair.map((a) => a.status).sort(), `RACE${i}`).toEqual([202, 422]);
      const refused = pair.find((a) => a.status === 422)!;
      expect(refused.body.errors).toEqual([
        {
          path: 'vendorCode',
          message: `Vendor code RACE${i} is already used in Spectrum or reserved for another vendor; choose another`,
        },
      ]);
    }
    for (const [i, pair] of answers.entries()) {
      const winner = pairs[i]![pair[0]!.status === 202 ? 0 : 1]!;
      await w.current.settled(winner);
      expect(w.current.sim.state().vendors.filter((v) => v.Vendor_Code === `RACE${i}`)).toHaveLength(1);
    }
  });

  it('derives distinct codes for namesakes accepted at the same instant', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => sendVendor(`Twin Rivers Supply ${i}`)));
    const answers = await Promise.all(ids.map((id) => accept(id)));
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 202));
    const codes = [];
    for (const id of ids)
      codes.push(((await w.current.settled(id)).result as { erpIds: { vendor: string } }).erpIds.vendor);
    expect(new Set(codes).size).toBe(ids.length);
  });

  it('never takes a code the ERP has: proposed, it is refused; derived, the next candidate is taken', async () => {
    // ACMECONC is a vendor of the ERP (mirrored by the sync above), as is the code derived from this name.
    const proposed = await accept(await sendVendor('Acme Conc Proposed'), { vendorCode: 'ACMECONC' });
    expect(proposed.status).toBe(422);
    expect(proposed.body.errors).toEqual([
      {
        path: 'vendorCode',
        message:
          'Vendor code ACMECONC is already used in Spectrum or reserved for another vendor; choose another',
      },
    ]);
    const derived = await sendVendor('Acme Conc');
    expect((await accept(derived)).status).toBe(202);
    const { result } = await w.current.settled(derived);
    expect((result as { erpIds: { vendor: string } }).erpIds.vendor).toBe('ACMECONC2');
    expect(w.current.sim.state().vendors.filter((v) => v.Vendor_Code === 'ACMECONC')).toHaveLength(1);
  });

  it('reserves a subcontract number on its vendor: a second commitment under it is refused until renumbered', async () => {
    const { pm } = w.current;
    const vendorRequest = await sendVendor('Keystone Framing');
    expect((await accept(vendorRequest, { vendorCode: 'KEYSTONE' })).status).toBe(202);
    await w.current.settled(vendorRequest);
    const vendorId = (await w.current.approver.get(`/companies/${c}/erp/requests/${vendorRequest}`)).body
      .subject.id;
    const commitments: string[] = [];
    for (const number of ['J740', 'J741']) {
      const made = await pm.post(`/companies/${c}/projects`, {
        name: `Keystone ${number}`,
        number,
        active: true,
      });
      await pm.post(`/companies/${c}/projects/${made.body.id}/cost-codes`, {
        code: '01-100',
        costTypes: ['L'],
      });
      const projectRequest = (await pm.post(`/companies/${c}/projects/${made.body.id}/send-to-erp`)).body
        .requestId as string;
      expect((await accept(projectRequest)).status).toBe(202);
      const project = await w.current.settled(projectRequest);
      const projectId = (project.subject as { id: string }).id;
      const commitment = await pm.post(`/companies/${c}/projects/${projectId}/commitments`, {
        type: 'subcontract',
        number: 'SC-100',
        title: `Framing ${number}`,
        vendorId,
        status: 'approved',
        lines: [{ costCode: '01-100', costType: 'L', amount: '1000.00' }],
      });
      expect(commitment.status, JSON.stringify(commitment.body)).toBe(201);
      const sent = await pm.post(
        `/companies/${c}/projects/${projectId}/commitments/${commitment.body.id}/send-to-erp`,
      );
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      commitments.push(sent.body.requestId);
    }
    expect((await accept(commitments[0]!)).status).toBe(202);
    const second = await accept(commitments[1]!);
    expect(second.status).toBe(422);
    expect(second.body.errors).toEqual([
      {
        path: 'number',
        message:
          "Subcontract SC-100 of vendor KEYSTONE is another commitment's in Spectrum; reject it so that it can be renumbered",
      },
    ]);
    await w.current.settled(commitments[0]!);
    const subcontracts = w.current.sim
      .state()
      .subcontracts.filter((s) => s.Vendor_Code === 'KEYSTONE' && s.Subcontract_Number === 'SC-100');
    expect(subcontracts).toEqual([expect.objectContaining({ Job_Number: 'J740', Comment: 'Framing J740' })]);
  });
});
