import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tables } from '../../../src/erp/sage300/tables.ts';
import { apiAs } from '../../support/api.ts';
import { hasChromium } from '../../support/browser.ts';
import { type MemberOptions, makeCompany, makeMember } from '../../support/factories.ts';
import { startSageStack } from '../../support/sage-world.ts';
import { addCostCode, useWebWorld } from '../../support/web-world.ts';

/** The LineGrid columns edited with a select; the others take typed text. */
const selectColumns = new Set(['Cost code', 'Cost type']);

/**
 * Adds a line to the grid and fills it as a PM does (UI.md §5): per column a click on the cell, Enter
 * to edit, the option chosen or the text typed, Enter to commit.
 */
async function addLine(page: Page, grid: Locator, cells: Record<string, string>) {
  const rows = grid.getByRole('row');
  const before = await rows.count();
  await page.getByRole('button', { name: 'Add line' }).click();
  await expect.poll(() => rows.count()).toBeGreaterThan(before);
  // The first header is the line number's, a row header in each row rather than a cell.
  const headers = await grid.getByRole('columnheader').allTextContents();
  const line = rows.last();
  for (const [column, value] of Object.entries(cells)) {
    await line
      .getByRole('gridcell')
      .nth(headers.indexOf(column) - 1)
      .click();
    await page.keyboard.press('Enter');
    const editor = line.getByRole(selectColumns.has(column) ? 'combobox' : 'textbox', { name: column });
    if (selectColumns.has(column)) await editor.selectOption(value);
    else await editor.fill(value);
    await editor.press('Enter');
  }
}

describe.skipIf(!hasChromium)('Sage 300 CRE flows in Chromium', () => {
  const w = useWebWorld('sqlite');

  it('E9c: a Sage 300 CRE company walks every seed workflow, from a job Sage punctuates to a reversed change order', async () => {
    const { users, server, url } = w.current;
    const { ctx } = server.services;
    const sage = await makeCompany(ctx, users.operator, 'sage300');
    const member = (options: MemberOptions) => makeMember(ctx, users.operator, sage.id, options);
    const erpAdmin = await member({ erp: 'admin' });
    const approverUser = await member({ erp: 'standard', project: 'read_only', canPushToAccounting: true });
    const pmUser = await member({ erp: 'read_only', project: 'admin' });
    const pmApi = apiAs(server.app, pmUser);
    const c = `/companies/${sage.id}`;
    // No scheduled sync runs in the middle of the test: the admin's Sync now is the only one.
    const settings = await apiAs(server.app, erpAdmin).put(`${c}/settings`, { syncSchedule: 'off' });
    expect(settings.status).toBe(200);
    // Pairing from the browser is E9b's: here the agent is paired through the workflow.
    const stack = await startSageStack(ctx, url, users.operator, { companyId: sage.id });
    const rows = (table: string) => stack.sim.state().tables[table] ?? [];
    try {
      // 1. The standard cost codes and cost types come from Sage with the first sync.
      const admin = await w.current.open(erpAdmin, `${c}/erp/sync`);
      await admin.getByRole('button', { name: 'Sync now' }).click();
      const runs = admin.getByRole('table', { name: 'Sync runs, newest first' });
      await runs.getByRole('row').nth(1).getByText('Succeeded').waitFor({ timeout: 30_000 });

      // 2. A project numbered 251001 becomes job 25-1001, punctuated by Sage's job mask.
      const pm = await w.current.open(pmUser, `${c}/projects/new`);
      await pm.getByRole('textbox', { name: 'Name' }).fill('Riverside Annex');
      await pm.getByRole('textbox', { name: 'Number' }).fill('251001');
      await pm.getByRole('button', { name: 'Create project' }).click();
      await pm.getByRole('heading', { name: '251001 Riverside Annex', level: 1 }).waitFor();
      const projectUrl = pm.url();
      await pm.getByRole('link', { name: 'Cost codes' }).click();
      await addCostCode(pm, '03-300', ['L', 'M']);
      await pm.getByRole('link', { name: 'Overview' }).click();
      const panel = pm.getByRole('region', { name: 'Sage 300 CRE' });
      await panel.getByRole('button', { name: 'Send to ERP' }).click();
      await panel.getByText('Ready to Export', { exact: true }).waitFor();

      const approver = await w.current.open(approverUser, `${c}/erp/requests`);
      const kinds = approver.getByRole('navigation', { name: 'Kinds' });
      await kinds.getByRole('link', { name: /^Jobs/ }).click();
      await approver.getByRole('link', { name: /^Ready to Export/ }).click();
      const project = approver
        .getByRole('table', { name: 'Projects in Ledgergate not synced to Sage 300 CRE' })
        .getByRole('row', { name: '251001 Riverside Annex' });
      await project.getByRole('button', { name: 'Accept' }).click();
      const acceptJob = approver.getByRole('dialog', { name: 'Accept 251001 Riverside Annex' });
      expect(await acceptJob.getByRole('textbox', { name: 'Sage 300 CRE Job ID' }).inputValue()).toBe(
        '251001',
      );
      await acceptJob.getByRole('button', { name: 'Export' }).click();
      await project.getByText('Synced', { exact: true }).waitFor({ timeout: 30_000 });
      await panel.getByText('Synced with Sage 300 CRE as job 25-1001').waitFor();
      expect(rows(tables.job).filter((job) => job.Job === '25-1001')).toEqual([
        expect.objectContaining({ Description: 'Riverside Annex' }),
      ]);

      // 3. A new cost code on the synced job goes as Cost Codes for Update.
      await pm.getByRole('link', { name: 'Cost codes' }).click();
      await addCostCode(pm, '02-200', ['E']);
      await panel.getByRole('button', { name: 'Send to ERP' }).click();
      await panel.getByText('Ready to Update', { exact: true }).waitFor();

      await kinds.getByRole('link', { name: /^Jobs/ }).click();
      await approver.getByRole('link', { name: /^Ready to Update/ }).click();
      const codes = approver
        .getByRole('table', { name: 'Projects with cost codes to update in Sage 300 CRE' })
        .getByRole('row', { name: '25-1001 cost codes' });
      await codes.getByRole('button', { name: 'View Requested Updates' }).click();
      const updates = approver.getByRole('dialog', { name: 'Cost Codes for Update' });
      await updates
        .getByRole('row', { name: /^02-200/ })
        .getByRole('checkbox', { name: 'E — New' })
        .waitFor();
      await updates.getByRole('button', { name: 'Close' }).first().click();
      await codes.getByRole('button', { name: 'Update', exact: true }).click();
      await approver
        .getByRole('dialog', { name: 'Update 25-1001 cost codes in Sage 300 CRE?' })
        .getByRole('button', { name: 'Update', exact: true })
        .click();
      await codes.getByText('Synced', { exact: true }).waitFor({ timeout: 30_000 });
      expect(
        rows(tables.category)
          .filter((row) => row.Job === '25-1001')
          .map((row) => `${row.Cost_Code} ${row.Category}`)
          .sort(),
      ).toEqual(['02-200 E', '03-300 L', '03-300 M']);

      // 4. The budget, filled in the grid and locked, becomes the categories' original estimates.
      await pm.getByRole('link', { name: 'Budget' }).click();
      const budgetGrid = pm.getByRole('grid', { name: 'Budget lines' });
      await addLine(pm, budgetGrid, { 'Cost code': '03-300', 'Cost type': 'L', Amount: '12500' });
      await addLine(pm, budgetGrid, { 'Cost code': '03-300', 'Cost type': 'M', Amount: '8000.50' });
      await pm.getByText('2 lines · Total $20,500.50').waitFor();
      await pm.getByRole('button', { name: 'Lock Budget' }).click();
      await pm.getByRole('button', { name: 'Unlock Budget' }).waitFor();
      await panel.getByRole('button', { name: 'Send to ERP' }).click();
      await panel.getByText('Ready to Export', { exact: true }).waitFor();

      await approver.goto(`${c}/erp/requests?kind=budget`);
      const budget = approver.getByRole('row', { name: '25-1001 budget' });
      await budget.getByRole('button', { name: 'Accept' }).click();
      const acceptBudget = approver.getByRole('dialog', { name: 'Accept 25-1001 budget' });
      await acceptBudget.getByText(/2 lines/).waitFor();
      await acceptBudget.getByText(/\$20,500\.50/).waitFor();
      await acceptBudget.getByRole('button', { name: 'Export' }).click();
      await budget.getByText('Synced', { exact: true }).waitFor({ timeout: 30_000 });
      await panel.getByText('Synced', { exact: true }).waitFor();
      const category = rows(tables.category).find(
        (row) => row.Job === '25-1001' && row.Cost_Code === '03-300' && row.Category === 'L',
      );
      expect(category).toMatchObject({ Original_Estimate: 12500 });

      // 5. A vendor, accepted with the code the approver gives it.
      await pm.goto(`${c}/vendors/new`);
      await pm.getByRole('textbox', { name: 'Name' }).fill('Granite Works');
      await pm.getByRole('button', { name: 'Create vendor' }).click();
      await panel.getByRole('button', { name: 'Send to ERP' }).click();
      await panel.getByText('Ready to Export', { exact: true }).waitFor();

      await approver.goto(`${c}/erp/requests?kind=vendor`);
      const vendor = approver.getByRole('row', { name: 'Granite Works' });
      await vendor.getByRole('button', { name: 'Accept' }).click();
      const acceptVendor = approver.getByRole('dialog', { name: 'Accept Granite Works' });
      await acceptVendor.getByRole('textbox', { name: 'Sage 300 CRE vendor code' }).fill('GRANITE');
      await acceptVendor.getByRole('button', { name: 'Export' }).click();
      await vendor.getByText('Synced', { exact: true }).waitFor({ timeout: 30_000 });
      await panel.getByText('Synced as GRANITE').waitFor();
      expect(rows(tables.vendor).filter((row) => row.Vendor === 'GRANITE')).toHaveLength(1);

      // 6. A subcontract on that vendor with two lines on the job's synced cost codes.
      await pm.goto(`${projectUrl}/commitments`);
      await pm.getByRole('link', { name: 'New commitment' }).click();
      await pm.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Approved' });
      await pm.getByRole('textbox', { name: 'Number' }).fill('SC-251');
      await pm.getByRole('textbox', { name: 'Title' }).fill('Concrete package');
      await pm.getByRole('combobox', { name: 'Vendor' }).fill('Granite');
      await pm.getByRole('option', { name: /^Granite Works/ }).click();
      const commitmentGrid = pm.getByRole('grid', { name: 'Commitment lines' });
      await addLine(pm, commitmentGrid, { 'Cost code': '03-300', 'Cost type': 'L', Amount: '40000' });
      await addLine(pm, commitmentGrid, { 'Cost code': '03-300', 'Cost type': 'M', Amount: '9000' });
      await pm.getByRole('button', { name: 'Create commitment' }).click();
      await panel.getByRole('button', { name: 'Send to ERP' }).click();
      await panel.getByText('Ready to Export', { exact: true }).waitFor();

      await approver.goto(`${c}/erp/requests?kind=commitment`);
      const commitment = approver.getByRole('row', { name: 'SC-251 Concrete package' });
      await commitment.getByRole('button', { name: 'Accept' }).click();
      await approver
        .getByRole('dialog', { name: 'Accept SC-251 Concrete package' })
        .getByRole('button', { name: 'Export' })
        .click();
      await commitment.getByText('Synced', { exact: true }).waitFor({ timeout: 30_000 });
      await panel.getByText('Synced', { exact: true }).waitFor();
      expect(rows(tables.commitment).filter((row) => row.Commitment === 'SC-251')).toEqual([
        expect.objectContaining({ Vendor: 'GRANITE', Job: '25-1001' }),
      ]);
      expect(
        rows(tables.commitmentLine)
          .filter((row) => row.Commitment === 'SC-251')
          .map((row) => `${row.Cost_Code} ${row.Category} ${row.Amount}`)
          .sort(),
      ).toEqual(['03-300 L 40000', '03-300 M 9000']);

      // 7. A change order on it, then its reversal: Sage never changes a saved change order.
      await pm.getByRole('link', { name: 'New change order' }).click();
      await pm.getByRole('textbox', { name: 'Number' }).fill('CO1');
      await pm.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Approved' });
      await pm.getByRole('textbox', { name: 'Title' }).fill('More rebar');
      await addLine(pm, pm.getByRole('grid', { name: 'Change order lines' }), {
        'Cost code': '03-300',
        'Cost type': 'M',
        Amount: '1200',
      });
      await pm.getByRole('button', { name: 'Create change order' }).click();
      await pm.getByRole('heading', { name: 'CO1 More rebar', level: 1 }).waitFor();
      await panel.getByRole('button', { name: 'Send to ERP' }).click();
      await panel.getByText('Ready to Export', { exact: true }).waitFor();

      const acceptChangeOrder = async (label: string) => {
        await approver.goto(`${c}/erp/requests?kind=change_order`);
        const row = approver.getByRole('row', { name: label });
        await row.getByRole('button', { name: 'Accept' }).click();
        await approver
          .getByRole('dialog', { name: `Accept ${label}` })
          .getByRole('button', { name: 'Export' })
          .click();
        await row.getByText('Synced', { exact: true }).waitFor({ timeout: 30_000 });
      };
      await acceptChangeOrder('SC-251 / CO1 More rebar');
      await panel.getByText('Synced', { exact: true }).waitFor();
      expect(rows(tables.changeOrder).filter((row) => row.Commitment === 'SC-251')).toEqual([
        expect.objectContaining({ Commitment_CO: 'CO1', Description: 'More rebar' }),
      ]);

      await pm.getByRole('button', { name: 'Reverse change order' }).click();
      await pm
        .getByRole('dialog', { name: 'Reverse change order CO1' })
        .getByRole('button', { name: 'Reverse change order' })
        .click();
      await pm.getByRole('heading', { name: 'CO1-R Reverses CO1', level: 1 }).waitFor();
      await pm
        .getByRole('grid', { name: 'Change order lines' })
        .getByRole('gridcell', { name: '-$1,200.00' })
        .waitFor();
      await pm.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Approved' });
      await pm.getByRole('button', { name: 'Save changes' }).click();
      // A page's path is its API path (UI.md ground rules): the send waits until the save is in.
      const reversal = new URL(pm.url()).pathname;
      await expect.poll(async () => (await pmApi.get(reversal)).body.status).toBe('approved');
      await panel.getByRole('button', { name: 'Send to ERP' }).click();
      await panel.getByText('Ready to Export', { exact: true }).waitFor();
      await acceptChangeOrder('SC-251 / CO1-R Reverses CO1');
      await panel.getByText('Synced', { exact: true }).waitFor();
      expect(
        rows(tables.changeOrder)
          .filter((row) => row.Commitment === 'SC-251')
          .map((row) => row.Commitment_CO),
      ).toEqual(['CO1', 'CO1-R']);
      expect(
        rows(tables.changeOrderLine)
          .filter((row) => row.Commitment === 'SC-251')
          .map((row) => `${row.Commitment_CO} ${row.Amount}`),
      ).toEqual(['CO1 1200', 'CO1-R -1200']);
    } finally {
      await stack.stop();
    }
  });
});
