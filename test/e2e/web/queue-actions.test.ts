import { describe, expect, it } from 'vitest';
import { hasChromium } from '../../support/browser.ts';
import { until } from '../../support/databases.ts';
import { hasFocus, useWebWorld } from '../../support/web-world.ts';

describe.skipIf(!hasChromium)('the queue’s actions in Chromium', () => {
  const w = useWebWorld('sqlite');

  /** A project (with 03-300 L) the PM sent to ERP through the API. */
  async function sentProject(name: string, number: string, fields: Record<string, unknown> = {}) {
    const { api, companyPath } = w.current;
    const project = await api.pm.post(companyPath('/projects'), { name, number, active: true, ...fields });
    expect(project.status).toBe(201);
    const projectId = project.body.id as string;
    await api.pm.post(companyPath(`/projects/${projectId}/cost-codes`), { code: '03-300', costTypes: ['L'] });
    const sent = await api.pm.post(companyPath(`/projects/${projectId}/send-to-erp`));
    expect(sent.status).toBe(201);
    return { projectId, requestId: sent.body.requestId as string };
  }

  it('E5: an inactive project’s Send to ERP lists the rule and never reaches Ready to Export', async () => {
    const { api, users, companyPath } = w.current;
    const project = await api.pm.post(companyPath('/projects'), {
      name: 'Dormant Depot',
      number: 'J5001',
      active: true,
    });
    const pm = await w.current.open(users.pm, companyPath(`/projects/${project.body.id}`));
    await pm.getByRole('checkbox', { name: 'Active' }).uncheck();
    await pm.getByRole('button', { name: 'Save changes' }).click();
    await until(
      async () => (await api.pm.get(companyPath(`/projects/${project.body.id}`))).body.active === false,
    );
    await pm.getByRole('button', { name: 'Send to ERP' }).click();
    const list = pm.getByRole('alert').filter({ hasText: "Can't send to Spectrum yet:" });
    await list.getByText('Only active projects can be sent to the ERP').waitFor();
    await expect.poll(() => hasFocus(list)).toBe(true);

    const queue = await api.approver.get(companyPath('/erp/requests?status=ready_to_export&kind=project'));
    expect(queue.body.items.map((i: { subject: { label: string } }) => i.subject.label)).not.toContain(
      'J5001 Dormant Depot',
    );
  });

  it('E6: an empty comment is refused; Reject removes the row, mails the PM, and the link shows the banner', async () => {
    const { users, companyPath, smtp } = w.current;
    await sentProject('Granite Hall', 'J6001');
    const approver = await w.current.open(
      users.approver,
      companyPath('/erp/requests?kind=project,cost_codes&status=ready_to_export'),
    );
    const row = approver.getByRole('row', { name: 'J6001 Granite Hall' });
    const trigger = row.getByRole('button', { name: 'Reject' });
    await trigger.click();
    const dialog = approver.getByRole('dialog', { name: 'Reject J6001 Granite Hall' });
    const comment = dialog.getByRole('textbox', { name: 'Enter a Comment' });
    await expect.poll(() => hasFocus(comment)).toBe(true);
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.getByText('Enter a comment to reject.').waitFor();
    await comment.fill('Division is missing');
    await dialog.getByText('19 / 2,000 characters').waitFor();
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await row.waitFor({ state: 'detached' });

    const mail = await until(() =>
      smtp.received.find((m) => m.to.includes(users.pm.email) && m.parsed.subject?.startsWith('Rejected:')),
    );
    expect(mail.parsed.text).toContain('Division is missing');
    const link = mail.parsed.text?.match(/https?:\/\/\S+/)?.[0];
    expect(link).toBeDefined();
    const pm = await w.current.open(users.pm, link);
    const panel = pm.getByRole('region', { name: 'Spectrum' });
    await panel.getByText(/^Rejected by .+ on .+: “Division is missing”$/).waitFor();
    expect(await pm.getByRole('textbox', { name: 'Name' }).isEditable()).toBe(true);
    await panel.getByRole('button', { name: 'Re-send to ERP' }).waitFor();
  });

  it('E7: a job number taken in Spectrum fails the export; Retry focuses the job field and a new number syncs', async () => {
    const { users, companyPath, server, companyId } = w.current;
    await sentProject('Orchard School', 'J7001');
    const connector = await server.services.ctx.erp.forCompany(companyId);
    await connector.createJob(
      { jobNumber: '24-011', description: 'Made in Spectrum', priceMethod: 'F', taxable: true },
      [],
    );

    const approver = await w.current.open(
      users.approver,
      companyPath('/erp/requests?kind=project,cost_codes'),
    );
    const row = approver.getByRole('row', { name: 'J7001 Orchard School' });
    await row.getByRole('button', { name: 'Accept' }).click();
    const accept = approver.getByRole('dialog', { name: 'Accept J7001 Orchard School' });
    await accept.getByRole('textbox', { name: 'Spectrum Job ID' }).fill('24-011');
    await accept.getByRole('button', { name: 'Export' }).click();
    await row.getByText('Failed to Export', { exact: true }).waitFor();

    await row.getByRole('button', { name: 'Retry' }).click();
    const retry = approver.getByRole('dialog', { name: 'Retry J7001 Orchard School' });
    await retry
      .getByRole('alert')
      .getByText('Job 24-011 already exists in Spectrum; retry with another job number')
      .waitFor();
    await retry.getByRole('alert').getByText('Field: jobNumber').waitFor();
    const jobId = retry.getByRole('textbox', { name: 'Spectrum Job ID' });
    await expect.poll(() => hasFocus(jobId)).toBe(true);
    // Marked invalid through native validity (React Aria), which the accessibility tree exposes.
    expect(await jobId.evaluate((input) => input.matches(':invalid'))).toBe(true);
    await jobId.fill('24-012');
    await retry.getByRole('button', { name: 'Retry' }).click();
    await row.getByText('Synced', { exact: true }).waitFor();

    await row.getByRole('link', { name: /J7001 Orchard School/ }).click();
    const history = approver.getByRole('region', { name: 'History' });
    await history.getByText(/Synced by system/).waitFor();
    const entries = (await history.getByRole('listitem').allTextContents()).map((t) =>
      t.replace(/^.*? (C[SD]T|UTC)\s*/, ''),
    );
    expect(entries.map((e) => e.split(' by ')[0])).toEqual([
      'Sent',
      'Accepted',
      'Failed',
      'Retried',
      'Synced',
    ]);
    expect(entries[0]).toContain(users.pm.email);
    expect(entries[1]).toContain(users.approver.email);
    expect(entries[1]).toContain('job 24-011');
    expect(entries[3]).toContain('job 24-012');
  });

  it('E16 (vendor part): the PM sends a new vendor, the approver accepts it with the code blank and it syncs with the derived code', async () => {
    const { users, companyPath, sim } = w.current;
    const pm = await w.current.open(users.pm, companyPath('/vendors/new'));
    await pm.getByRole('textbox', { name: 'Name' }).fill('Summit Drywall');
    await pm.getByRole('button', { name: 'Create vendor' }).click();
    await pm.getByRole('heading', { name: 'Summit Drywall', level: 1 }).waitFor();
    await pm.getByRole('button', { name: 'Send to ERP' }).click();
    await pm
      .getByRole('region', { name: 'Spectrum' })
      .getByText('Ready to Export', { exact: true })
      .waitFor();

    const approver = await w.current.open(users.approver, companyPath('/erp/requests?kind=vendor'));
    const row = approver.getByRole('row', { name: 'Summit Drywall' });
    await row.getByRole('button', { name: 'Accept' }).click();
    const dialog = approver.getByRole('dialog', { name: 'Accept Summit Drywall' });
    const code = dialog.getByRole('textbox', { name: 'Spectrum vendor code' });
    expect(await code.inputValue()).toBe('');
    await dialog.getByText('Leave blank to derive it from the name (capital letters and digits).').waitFor();
    await dialog.getByRole('button', { name: 'Export' }).click();
    await row.getByText('Synced', { exact: true }).waitFor();

    const vendor = sim.state().vendors.find((v) => v.Vendor_Name === 'Summit Drywall');
    expect(vendor?.Vendor_Code).toMatch(/^[A-Z0-9]+$/);
    await pm
      .getByRole('region', { name: 'Spectrum' })
      .getByText(`Synced as ${vendor?.Vendor_Code}`)
      .waitFor();
  });

  it('E20: Retrieve from ERP takes a waiting project out of the approver’s open queue and makes it editable', async () => {
    const { users, companyPath } = w.current;
    const { projectId } = await sentProject('Quarry Lane Clinic', 'J2020');
    const approver = await w.current.open(
      users.approver,
      companyPath('/erp/requests?kind=project,cost_codes'),
    );
    const row = approver.getByRole('row', { name: 'J2020 Quarry Lane Clinic' });
    await row.waitFor();

    const pm = await w.current.open(users.pm, companyPath(`/projects/${projectId}`));
    expect(await pm.getByRole('textbox', { name: 'Name' }).isDisabled()).toBe(true);
    await pm.getByRole('button', { name: 'Retrieve from ERP' }).click();
    await pm.getByRole('region', { name: 'Spectrum' }).getByRole('button', { name: 'Send to ERP' }).waitFor();
    await expect.poll(() => pm.getByRole('textbox', { name: 'Name' }).isEditable()).toBe(true);
    await row.waitFor({ state: 'detached' });
  });

  it('E31: of two approvers on one item, the second’s Reject shows the 409 detail and the item refreshes', async () => {
    const { users, companyPath } = w.current;
    const { requestId } = await sentProject('Twin Oaks Annex', 'J3131');
    const second = await w.current.member({
      erp: 'standard',
      project: 'read_only',
      canPushToAccounting: true,
    });
    const path = companyPath(`/erp/requests/${requestId}`);
    const first = await w.current.open(users.approver, path);
    const other = await w.current.open(second, path);

    await other.getByRole('button', { name: 'Reject' }).click();
    const reject = other.getByRole('dialog', { name: 'Reject J3131 Twin Oaks Annex' });
    await reject.getByRole('textbox', { name: 'Enter a Comment' }).fill('Not this one');

    await first.getByRole('button', { name: 'Accept' }).click();
    await first
      .getByRole('dialog', { name: 'Accept J3131 Twin Oaks Annex' })
      .getByRole('button', { name: 'Export' })
      .click();
    await first.getByText('Accepted — exporting to Spectrum').waitFor();

    await reject.getByRole('button', { name: 'Reject' }).click();
    // The server's 409 detail, verbatim (version_conflict, or invalid_state once the dialog has the new
    // version), with the comment kept.
    await reject
      .getByText(
        /^(The record was changed by someone else; reload it and try again|An? (exporting|synced) request cannot be rejected)$/,
      )
      .waitFor();
    expect(await reject.getByRole('textbox', { name: 'Enter a Comment' }).inputValue()).toBe('Not this one');
    await other.getByRole('article').getByText('Synced', { exact: true }).waitFor();
  });

  it('E22: a vendor sent in another context appears live; after a server restart the missed events arrive', async () => {
    const { users, companyPath } = w.current;
    const approver = await w.current.open(users.approver, companyPath('/erp/requests'));
    const kinds = approver.getByRole('navigation', { name: 'Kinds' });
    await approver.getByRole('status').getByText('Live', { exact: true }).waitFor();
    const vendorsTab = kinds.getByRole('link', { name: /^Vendors/ });
    const before = await vendorsTab.textContent();

    const sendVendor = async (name: string) => {
      const vendor = await w.current.api.pm.post(companyPath('/vendors'), { name, active: true });
      expect(
        (await w.current.api.pm.post(companyPath(`/vendors/${vendor.body.id}/send-to-erp`))).status,
      ).toBe(201);
    };
    const started = Date.now();
    await sendVendor('Live Wire Electric');
    await approver.getByRole('row', { name: 'Live Wire Electric' }).waitFor({ timeout: 2_000 });
    await expect
      .poll(() => vendorsTab.textContent(), { timeout: 2_000 - (Date.now() - started) })
      .not.toBe(before);

    await w.current.restart(async () => {
      await approver.getByRole('status').getByText('Reconnecting…').waitFor();
    });
    // Sent before the browser is back (it retries after 2 s): only Last-Event-ID brings it.
    await sendVendor('Missed Event Masonry');
    await approver.getByRole('status').getByText('Live', { exact: true }).waitFor();
    await approver.getByRole('row', { name: 'Missed Event Masonry' }).waitFor();
  });
});
