import { describe, expect, it } from 'vitest';
import { hasChromium } from '../../support/browser.ts';
import { dialects } from '../../support/databases.ts';
import { addCostCode, hasFocus, useWebWorld } from '../../support/web-world.ts';

describe.skipIf(!hasChromium).each(dialects)('exports through the queue in Chromium on %s', (dialect) => {
  const w = useWebWorld(dialect);

  it('E4: the PM sends a new project and the approver exports it as job 24-010', async () => {
    const { users, companyPath, sim } = w.current;
    const pm = await w.current.open(users.pm, companyPath('/projects/new'));
    await pm.getByRole('textbox', { name: 'Name' }).fill('Riverside Clinic');
    await pm.getByRole('textbox', { name: 'Number' }).fill('J1001');
    expect(await pm.getByRole('checkbox', { name: 'Active' }).isChecked()).toBe(true);
    await pm.getByRole('button', { name: 'Create project' }).click();
    await pm.getByRole('heading', { name: 'J1001 Riverside Clinic', level: 1 }).waitFor();
    await pm.getByRole('link', { name: 'Cost codes' }).click();
    await addCostCode(pm, '03-300', ['L', 'M']);
    await pm.getByRole('link', { name: 'Overview' }).click();
    await pm.getByRole('button', { name: 'Send to ERP' }).click();
    const panel = pm.getByRole('region', { name: 'Spectrum' });
    await panel.getByText('Ready to Export', { exact: true }).waitFor();
    await pm.getByText('Locked while waiting for approval — Retrieve from ERP to edit.').waitFor();
    expect(await pm.getByRole('textbox', { name: 'Name' }).isDisabled()).toBe(true);

    const approver = await w.current.open(users.approver, companyPath('/erp/requests'));
    await approver.getByRole('navigation', { name: 'Kinds' }).getByRole('link', { name: /^Jobs/ }).click();
    await approver.getByRole('link', { name: /^Ready to Export/ }).click();
    const table = approver.getByRole('table', { name: 'Projects in Ledgergate not synced to Spectrum' });
    const row = table.getByRole('row', { name: 'J1001 Riverside Clinic' });
    await row.getByRole('button', { name: 'Accept' }).click();
    const dialog = approver.getByRole('dialog', { name: 'Accept J1001 Riverside Clinic' });
    const jobId = dialog.getByRole('textbox', { name: 'Spectrum Job ID' });
    expect(await jobId.inputValue()).toBe('J1001');
    expect(await dialog.getByRole('combobox', { name: 'Select a Job Template' }).inputValue()).toBe(
      'TEMPLATE1 — Commercial Job Template',
    );
    await jobId.fill('24-010');
    await dialog.getByRole('button', { name: 'Export' }).click();
    await approver.getByText('Accepted — exporting to Spectrum').waitFor();
    // The accepted row stays in place (UI.md S3, E4) and follows the export live: no reload.
    await row.getByText('Synced', { exact: true }).waitFor();

    const state = sim.state();
    expect(state.jobs.some((job) => job.Job_Number === '24-010')).toBe(true);
    const phases = state.phases
      .filter((p) => p.Job_Number === '24-010')
      .map((p) => `${p.Phase_Code} ${p.Cost_Type}`)
      .sort();
    expect(phases).toEqual(['03300 L', '03300 M']);
  });

  it('E8: Cost Codes for Update shows what Spectrum has and what is new, and Update adds the new cost types', async () => {
    const { api, users, companyPath, sim, settled } = w.current;
    const project = await api.pm.post(companyPath('/projects'), {
      name: 'Cedar Point Library',
      number: 'J2001',
      active: true,
    });
    const p = project.body.id as string;
    await api.pm.post(companyPath(`/projects/${p}/cost-codes`), { code: '03-300', costTypes: ['L'] });
    const sent = await api.pm.post(companyPath(`/projects/${p}/send-to-erp`));
    await api.approver.post(companyPath(`/erp/requests/${sent.body.requestId}/accept`), {
      version: 1,
      jobNumber: '24-020',
    });
    await settled(sent.body.requestId);
    const description = () =>
      sim
        .state()
        .phases.find((x) => x.Job_Number === '24-020' && x.Phase_Code === '03300' && x.Cost_Type === 'L')
        ?.Description;
    const before = description();
    expect(before).toBeTruthy();

    const pm = await w.current.open(users.pm, companyPath(`/projects/${p}/cost-codes`));
    await addCostCode(pm, '09-900', ['L']);
    await addCostCode(pm, '03-300', ['M']);
    await pm.getByRole('region', { name: 'Spectrum' }).getByRole('button', { name: 'Send to ERP' }).click();
    await pm
      .getByRole('region', { name: 'Spectrum' })
      .getByText('Ready to Update', { exact: true })
      .waitFor();

    const approver = await w.current.open(users.approver, companyPath('/erp/requests'));
    await approver.getByRole('navigation', { name: 'Kinds' }).getByRole('link', { name: /^Jobs/ }).click();
    await approver.getByRole('link', { name: /^Ready to Update/ }).click();
    const table = approver.getByRole('table', { name: 'Projects with cost codes to update in Spectrum' });
    const row = table.getByRole('row', { name: '24-020 cost codes' });
    const view = row.getByRole('button', { name: 'View Requested Updates' });
    await view.click();
    const dialog = approver.getByRole('dialog', { name: 'Cost Codes for Update' });
    await dialog.waitFor();
    const boxes = dialog.getByRole('checkbox');
    expect(await boxes.count()).toBe(3);
    for (const box of await boxes.all()) expect(await box.isDisabled()).toBe(true);
    const code = dialog.getByRole('row', { name: /^03-300/ });
    expect(await code.getByRole('checkbox', { name: 'L — In Spectrum' }).isChecked()).toBe(true);
    await code.getByRole('checkbox', { name: 'M — New' }).waitFor();
    await dialog
      .getByRole('row', { name: /^09-900/ })
      .getByRole('checkbox', { name: 'L — New' })
      .waitFor();
    await dialog.getByText(/Nothing can be changed here\. Cost types already in Spectrum stay/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => hasFocus(view)).toBe(true);

    await row.getByRole('button', { name: 'Update', exact: true }).click();
    const update = approver.getByRole('dialog', { name: 'Update 24-020 cost codes in Spectrum?' });
    await update.getByRole('button', { name: 'Update', exact: true }).click();
    await row.getByText('Synced', { exact: true }).waitFor();

    const phases = sim
      .state()
      .phases.filter((x) => x.Job_Number === '24-020')
      .map((x) => `${x.Phase_Code} ${x.Cost_Type}`)
      .sort();
    expect(phases).toEqual(['03300 L', '03300 M', '09900 L']);
    expect(description()).toBe(before);
  });

  it('E21: bulk accept leaves out the item with a preflight error, bulk reject reports the one retrieved meanwhile', async () => {
    const { api, users, companyPath } = w.current;
    const send = async (name: string, number: string) => {
      const project = await api.pm.post(companyPath('/projects'), { name, number, active: true });
      const sent = await api.pm.post(companyPath(`/projects/${project.body.id}/send-to-erp`));
      expect(sent.status).toBe(201);
      return { projectId: project.body.id as string, requestId: sent.body.requestId as string };
    };
    for (let n = 1; n <= 24; n++) await send(`Bulk Tower ${n}`, `B${n}`);
    // Spectrum's job description holds 25 characters: a preflight error.
    await send('Bulk Tower with a name far too long for Spectrum', 'B25');

    const approver = await w.current.open(users.approver, companyPath('/erp/requests?kind=project'));
    await approver.getByRole('row', { name: /Bulk Tower 24$/ }).waitFor();
    await approver.getByRole('checkbox', { name: 'Select all loaded rows' }).check();
    const bar = approver.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('25 selected').waitFor();
    await bar.getByRole('button', { name: 'Accept' }).click();
    const accept = approver.getByRole('dialog', { name: 'Export 24 items (1 left out)' });
    expect(
      await accept.getByRole('checkbox', { name: /Leave out 1 item with preflight errors/ }).isChecked(),
    ).toBe(true);
    await accept.getByRole('button', { name: 'Export' }).click();
    await accept.getByRole('status').getByText('24 accepted · 0 not accepted').waitFor();
    await accept.getByRole('button', { name: 'Close' }).first().click();
    await bar.getByRole('button', { name: 'Clear' }).click();

    const rejects = [
      await send('Reject Me 1', 'R1'),
      await send('Reject Me 2', 'R2'),
      await send('Reject Me 3', 'R3'),
    ];
    await approver.getByRole('row', { name: /Reject Me 3$/ }).waitFor();
    for (const n of [1, 2, 3])
      await approver.getByRole('checkbox', { name: new RegExp(`^Select R${n} Reject Me ${n}$`) }).check();
    await bar.getByText('3 selected').waitFor();
    await bar.getByRole('button', { name: 'Reject' }).click();
    const reject = approver.getByRole('dialog', { name: 'Reject 3 items' });
    await reject.getByRole('textbox', { name: 'Enter a Comment' }).fill('Wrong division on all three');
    const retrieved = await api.pm.post(companyPath(`/projects/${rejects[1]!.projectId}/retrieve-from-erp`));
    expect(retrieved.status).toBe(200);
    await reject.getByRole('button', { name: 'Reject' }).click();
    await reject.getByRole('status').getByText('2 rejected · 1 not rejected').waitFor();
    const failure = reject
      .getByRole('table', { name: 'Items not rejected' })
      .getByRole('row', { name: /Reject Me 2/ });
    expect((await failure.textContent())?.replace('R2 Reject Me 2', '').trim()).not.toBe('');
  });
});
