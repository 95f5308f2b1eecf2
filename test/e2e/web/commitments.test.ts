import { describe, expect, it } from 'vitest';
import { hasChromium } from '../../support/browser.ts';
import { until } from '../../support/databases.ts';
import { useWebWorld } from '../../support/web-world.ts';

describe.skipIf(!hasChromium)('commitments in Chromium', () => {
  const w = useWebWorld('sqlite');

  /** A project synced as `jobNumber` with 03-300 L and M, and a vendor synced through the queue. */
  async function syncedProjectAndVendor(jobNumber: string, vendorName: string) {
    const { api, companyPath, settled } = w.current;
    const project = await api.pm.post(companyPath('/projects'), {
      name: `Tower ${jobNumber}`,
      number: jobNumber,
      active: true,
    });
    const p = project.body.id as string;
    await api.pm.post(companyPath(`/projects/${p}/cost-codes`), { code: '03-300', costTypes: ['L', 'M'] });
    const vendor = await api.pm.post(companyPath('/vendors'), { name: vendorName, active: true });
    for (const path of [`/projects/${p}`, `/vendors/${vendor.body.id}`]) {
      const sent = await api.pm.post(companyPath(`${path}/send-to-erp`));
      await api.approver.post(companyPath(`/erp/requests/${sent.body.requestId}/accept`), { version: 1 });
      await settled(sent.body.requestId);
    }
    return { projectId: p, vendorId: vendor.body.id as string };
  }

  it('E17: a Draft commitment is refused; Approved SC-001 is sent, accepted from Commitments and synced with its phases', async () => {
    const { api, users, companyPath, sim } = w.current;
    const { projectId, vendorId } = await syncedProjectAndVendor('24-170', 'Keystone Concrete');
    const commitment = await api.pm.post(companyPath(`/projects/${projectId}/commitments`), {
      type: 'subcontract',
      number: 'SC-001',
      title: 'Concrete work',
      vendorId,
      status: 'draft',
      lines: [
        { costCode: '03-300', costType: 'L', amount: '12000.00' },
        { costCode: '03-300', costType: 'M', amount: '8000.00' },
      ],
    });
    expect(commitment.status).toBe(201);
    const pm = await w.current.open(
      users.pm,
      companyPath(`/projects/${projectId}/commitments/${commitment.body.id}`),
    );
    const panel = pm.getByRole('region', { name: 'Spectrum' });
    await panel.getByRole('button', { name: 'Send to ERP' }).click();
    await pm
      .getByRole('alert')
      .filter({ hasText: "Can't send to Spectrum yet:" })
      .getByText('Only approved commitments can be sent')
      .waitFor();
    await pm.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Approved' });
    await pm.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(
        async () =>
          (await api.pm.get(companyPath(`/projects/${projectId}/commitments/${commitment.body.id}`))).body
            .status,
      )
      .toBe('approved');
    await panel.getByRole('button', { name: 'Send to ERP' }).click();
    await panel.getByText('Ready to Export', { exact: true }).waitFor();

    const approver = await w.current.open(users.approver, companyPath('/erp/requests'));
    await approver
      .getByRole('navigation', { name: 'Kinds' })
      .getByRole('link', { name: /^Commitments/ })
      .click();
    const row = approver.getByRole('row', { name: /SC-001/ });
    await row.getByRole('button', { name: 'Accept' }).click();
    const dialog = approver.getByRole('dialog', { name: /^Accept .*SC-001/ });
    await dialog
      .getByText(/Keystone Concrete/)
      .first()
      .waitFor();
    await dialog.getByRole('button', { name: 'Export' }).click();
    await row.getByText('Synced', { exact: true }).waitFor();
    await panel.getByText('Synced', { exact: true }).waitFor();

    const state = sim.state();
    const subcontract = state.subcontracts.find((s) => s.Subcontract_Number === 'SC-001');
    expect(subcontract).toBeDefined();
    const phases = state.subcontractPhases
      .filter((x) => x.Subcontract_Number === 'SC-001')
      .map((x) => `${x.Phase_Code} ${x.Cost_Type}`)
      .sort();
    expect(phases).toEqual(['03300 L', '03300 M']);
  });

  it('E10: a line on a cost code not yet in Spectrum is named with a link to Cost codes; after the update syncs the send succeeds', async () => {
    const { api, users, companyPath, settled } = w.current;
    const { projectId, vendorId } = await syncedProjectAndVendor('24-100', 'Ironside Steel');
    await api.pm.post(companyPath(`/projects/${projectId}/cost-codes`), { code: '05-100', costTypes: ['S'] });
    const commitment = await api.pm.post(companyPath(`/projects/${projectId}/commitments`), {
      type: 'subcontract',
      number: 'SC-100',
      title: 'Steel',
      vendorId,
      status: 'approved',
      lines: [{ costCode: '05-100', costType: 'S', amount: '50000.00' }],
    });
    expect(commitment.status).toBe(201);
    const pm = await w.current.open(
      users.pm,
      companyPath(`/projects/${projectId}/commitments/${commitment.body.id}`),
    );
    const panel = pm.getByRole('region', { name: 'Spectrum' });
    await panel.getByRole('button', { name: 'Send to ERP' }).click();
    const rules = pm.getByRole('alert').filter({ hasText: "Can't send to Spectrum yet:" });
    await rules.getByText(/Cost code 05-100 × S is not yet in Spectrum/).waitFor();
    await rules.getByRole('link', { name: 'Open cost codes' }).waitFor();

    const update = await api.pm.post(companyPath(`/projects/${projectId}/cost-codes/send-to-erp`));
    expect(update.status).toBe(201);
    await api.approver.post(companyPath(`/erp/requests/${update.body.requestId}/accept`), { version: 1 });
    await settled(update.body.requestId);

    await rules.getByRole('link', { name: 'Open cost codes' }).click();
    await pm
      .getByRole('row', { name: /^05-100 / })
      .getByText(/S · Synced/)
      .waitFor();
    await pm.goBack();
    await panel.getByRole('button', { name: 'Send to ERP' }).click();
    await panel.getByText('Ready to Export', { exact: true }).waitFor();
  });

  /** An approved commitment synced with Spectrum, and approved change orders on it, sent to ERP. */
  async function sentChangeOrders(jobNumber: string, vendorName: string, numbers: string[]) {
    const { api, companyPath, settled } = w.current;
    const { projectId, vendorId } = await syncedProjectAndVendor(jobNumber, vendorName);
    const commitment = await api.pm.post(companyPath(`/projects/${projectId}/commitments`), {
      type: 'subcontract',
      number: `SC-${jobNumber}`,
      title: 'Framing',
      vendorId,
      status: 'approved',
      lines: [{ costCode: '03-300', costType: 'L', amount: '10000.00' }],
    });
    const k = commitment.body.id as string;
    const base = `/projects/${projectId}/commitments/${k}`;
    const sent = await api.pm.post(companyPath(`${base}/send-to-erp`));
    await api.approver.post(companyPath(`/erp/requests/${sent.body.requestId}/accept`), { version: 1 });
    await settled(sent.body.requestId);
    const orders: { id: string; requestId: string }[] = [];
    for (const number of numbers) {
      const order = await api.pm.post(companyPath(`${base}/change-orders`), {
        number,
        title: `Extra framing ${number}`,
        description: 'Owner asked for more',
        status: 'approved',
        lines: [{ costCode: '03-300', costType: 'L', amount: '1500.00' }],
      });
      expect(order.status).toBe(201);
      const send = await api.pm.post(companyPath(`${base}/change-orders/${order.body.id}/send-to-erp`));
      expect(send.status).toBe(201);
      orders.push({ id: order.body.id, requestId: send.body.requestId });
    }
    return { projectId, commitmentId: k, orders };
  }

  it('E18: with the feature on, Accept on CCO-001 takes an edited title to Spectrum; with it off, the dialog has no Title', async () => {
    const { api, users, companyPath, sim } = w.current;
    await sentChangeOrders('24-180', 'Title Timber', ['CCO-001', 'CCO-002']);
    const operator = await w.current.open(users.operator, companyPath('/settings'));
    await operator
      .getByRole('switch', { name: 'Enable custom CCO title/description when exporting to Spectrum' })
      .click();
    await operator.getByText('Custom CCO title/description is on').waitFor();

    const approver = await w.current.open(users.approver, companyPath('/erp/requests'));
    await approver
      .getByRole('navigation', { name: 'Kinds' })
      .getByRole('link', { name: /^Change Orders/ })
      .click();
    await approver.getByRole('link', { name: /^Ready to Export/ }).click();
    const table = approver.getByRole('table', { name: 'Change Orders – Ready to be Exported to Spectrum' });
    const row = table.getByRole('row', { name: /CCO-001/ });
    await row.getByRole('button', { name: 'Accept' }).click();
    const dialog = approver.getByRole('dialog', { name: /^Accept .*CCO-001/ });
    const title = dialog.getByRole('textbox', { name: 'Title' });
    expect(await title.inputValue()).toBe('Extra framing CCO-001');
    await dialog.getByRole('textbox', { name: 'Description' }).waitFor();
    await title.fill('Footing change per owner');
    await dialog.getByRole('button', { name: 'Export' }).click();
    await row.getByText('Synced', { exact: true }).waitFor();
    // The title is the subcontract change order's description on the change request's lines.
    expect(JSON.stringify(sim.state().changeRequestLines)).toContain('Footing change per owner');

    const company = await api.operator.get(companyPath(''));
    const off = await api.operator.patch(companyPath('/features'), {
      customCcoTitle: false,
      version: company.body.version,
    });
    expect(off.status).toBe(200);
    await approver.reload();
    await table
      .getByRole('row', { name: /CCO-002/ })
      .getByRole('button', { name: 'Accept' })
      .click();
    const plain = approver.getByRole('dialog', { name: /^Accept .*CCO-002/ });
    await plain.getByRole('button', { name: 'Export' }).waitFor();
    expect(await plain.getByRole('textbox', { name: 'Title' }).count()).toBe(0);
    expect(await plain.getByRole('textbox', { name: 'Description' }).count()).toBe(0);
  });

  it('E19: a rejected CCO is mailed to the PM and is editable with the comment on its page and in the commitment’s list', async () => {
    const { users, companyPath, smtp } = w.current;
    const { projectId, commitmentId } = await sentChangeOrders('24-190', 'Reject Roofing', ['CCO-001']);
    const approver = await w.current.open(users.approver, companyPath('/erp/requests?kind=change_order'));
    const row = approver.getByRole('row', { name: /CCO-001/ });
    await row.getByRole('button', { name: 'Reject' }).click();
    const dialog = approver.getByRole('dialog', { name: /^Reject .*CCO-001/ });
    await dialog.getByRole('textbox', { name: 'Enter a Comment' }).fill('Split the roofing into two orders');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await row.waitFor({ state: 'detached' });

    const mail = await until(() =>
      smtp.received.find((m) => m.to.includes(users.pm.email) && m.parsed.subject?.includes('CCO-001')),
    );
    expect(mail.parsed.subject).toMatch(/^Rejected:/);
    const link = mail.parsed.text?.match(/https?:\/\/\S+/)?.[0];
    const pm = await w.current.open(users.pm, link);
    await pm
      .getByRole('region', { name: 'Spectrum' })
      .getByText(/Split the roofing into two orders/)
      .waitFor();
    expect(await pm.getByRole('textbox', { name: 'Title' }).isEditable()).toBe(true);

    await pm.goto(companyPath(`/projects/${projectId}/commitments/${commitmentId}`));
    await pm.getByText(/Split the roofing into two orders/).waitFor();
  });
});
