import { describe, expect, it } from 'vitest';
import { hasChromium } from '../../support/browser.ts';
import { makeStandardLists } from '../../support/records.ts';
import { useWebWorld } from '../../support/web-world.ts';

describe.skipIf(!hasChromium)('budgets and the ERP mirror in Chromium', () => {
  const w = useWebWorld('sqlite');

  /** A project synced as `jobNumber` with 03-300 L, M and 09-900 L, and an unlocked 3-line budget. */
  async function syncedProjectWithBudget(
    name: string,
    number: string,
    jobNumber: string,
    types = ['L', 'M'],
  ) {
    const { api, companyPath, settled } = w.current;
    const project = await api.pm.post(companyPath('/projects'), { name, number, active: true });
    const p = project.body.id as string;
    await api.pm.post(companyPath(`/projects/${p}/cost-codes`), { code: '03-300', costTypes: types });
    await api.pm.post(companyPath(`/projects/${p}/cost-codes`), { code: '09-900', costTypes: ['L'] });
    const sent = await api.pm.post(companyPath(`/projects/${p}/send-to-erp`));
    await api.approver.post(companyPath(`/erp/requests/${sent.body.requestId}/accept`), {
      version: 1,
      jobNumber,
    });
    await settled(sent.body.requestId);
    const budget = await api.pm.get(companyPath(`/projects/${p}/budget`));
    const put = await api.pm.put(companyPath(`/projects/${p}/budget/lines`), {
      version: budget.body.version,
      lines: [
        { costCode: '03-300', costType: 'L', amount: '1250.00' },
        { costCode: '03-300', costType: 'M', amount: '2000.00' },
        { costCode: '09-900', costType: 'L', amount: '300.50' },
      ],
    });
    expect(put.status).toBe(200);
    return p;
  }

  it('E11: an unlocked budget is refused; locked, it is sent, accepted from Budgets and synced with its estimates', async () => {
    const { users, companyPath, sim } = w.current;
    const p = await syncedProjectWithBudget('Budget Works', 'J1101', '24-110');
    const pm = await w.current.open(users.pm, companyPath(`/projects/${p}/budget`));
    const panel = pm.getByRole('region', { name: 'Spectrum' });
    await panel.getByRole('button', { name: 'Send to ERP' }).click();
    await pm
      .getByRole('alert')
      .filter({ hasText: "Can't send to Spectrum yet:" })
      .getByText('Lock the budget before sending it')
      .waitFor();
    await pm.getByRole('button', { name: 'Lock Budget' }).click();
    await pm.getByRole('button', { name: 'Unlock Budget' }).waitFor();
    await panel.getByRole('button', { name: 'Send to ERP' }).click();
    await panel.getByText('Ready to Export', { exact: true }).waitFor();

    const approver = await w.current.open(users.approver, companyPath('/erp/requests'));
    await approver
      .getByRole('navigation', { name: 'Kinds' })
      .getByRole('link', { name: /^Budgets/ })
      .click();
    const row = approver.getByRole('row', { name: '24-110 budget' });
    await row.getByRole('button', { name: 'Accept' }).click();
    const dialog = approver.getByRole('dialog', { name: 'Accept 24-110 budget' });
    await dialog.getByText(/3 lines/).waitFor();
    await dialog.getByText(/\$3,550\.50/).waitFor();
    await dialog.getByRole('button', { name: 'Export' }).click();
    await approver.getByText('Accepted — exporting to Spectrum').waitFor();
    // The budget's own page follows it to Synced (the accepted row's path to Synced is E4's).
    await panel.getByText('Synced', { exact: true }).waitFor({ timeout: 20_000 });

    const estimates = Object.fromEntries(
      sim
        .state()
        .phases.filter((x) => x.Job_Number === '24-110')
        .map((x) => [`${x.Phase_Code} ${x.Cost_Type}`, Number(x.Original_Est_Cost)]),
    );
    expect(estimates).toEqual({ '03300 L': 1250, '03300 M': 2000, '09900 L': 300.5 });
  });

  it('E12: a rejected budget comes back unlocked and editable with the comment, and is re-sent', async () => {
    const { api, users, companyPath } = w.current;
    const p = await syncedProjectWithBudget('Budget Rework', 'J1201', '24-120');
    const budget = await api.pm.get(companyPath(`/projects/${p}/budget`));
    await api.pm.post(companyPath(`/projects/${p}/budget/lock`), { version: budget.body.version });
    const sent = await api.pm.post(companyPath(`/projects/${p}/budget/send-to-erp`));
    expect(sent.status).toBe(201);

    const approver = await w.current.open(users.approver, companyPath('/erp/requests?kind=budget'));
    const row = approver.getByRole('row', { name: '24-120 budget' });
    await row.getByRole('button', { name: 'Reject' }).click();
    const dialog = approver.getByRole('dialog', { name: 'Reject 24-120 budget' });
    await dialog.getByRole('textbox', { name: 'Enter a Comment' }).fill('Concrete labor is too low');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await row.waitFor({ state: 'detached' });

    const pm = await w.current.open(users.pm, companyPath(`/projects/${p}/budget`));
    const panel = pm.getByRole('region', { name: 'Spectrum' });
    await panel.getByText(/Concrete labor is too low/).waitFor();
    await pm.getByText('Unlocked', { exact: true }).waitFor();
    const amount = pm.getByRole('gridcell', { name: '$1,250.00' });
    await amount.click();
    await pm.keyboard.press('Enter');
    await pm.keyboard.press('ControlOrMeta+a');
    await pm.keyboard.type('1500');
    await pm.keyboard.press('Enter');
    await pm.getByRole('gridcell', { name: '$1,500.00' }).waitFor();
    await pm.getByRole('button', { name: 'Save' }).click();
    await pm.getByRole('button', { name: 'Save' }).and(pm.locator(':disabled')).waitFor();
    await pm.getByRole('button', { name: 'Lock Budget' }).click();
    await panel.getByRole('button', { name: 'Re-send to ERP' }).click();
    await panel
      .getByText(/^Ready to (Export|Update)$/)
      .first()
      .waitFor();
    const lines = (await api.pm.get(companyPath(`/projects/${p}/budget`))).body.lines;
    expect(
      lines.find((l: { costType: string; costCode: string }) => l.costCode === '03-300' && l.costType === 'L')
        .amount,
    ).toBe('1500.00');
  });

  it('E13: a synced budget unlocked, changed and re-sent shows before and after for its 2 changed lines, and Update syncs it', async () => {
    const { api, users, companyPath, settled } = w.current;
    const p = await syncedProjectWithBudget('Budget Revision', 'J1301', '24-130', ['L', 'M', 'S']);
    const locked = await api.pm.get(companyPath(`/projects/${p}/budget`));
    await api.pm.post(companyPath(`/projects/${p}/budget/lock`), { version: locked.body.version });
    const first = await api.pm.post(companyPath(`/projects/${p}/budget/send-to-erp`));
    await api.approver.post(companyPath(`/erp/requests/${first.body.requestId}/accept`), { version: 1 });
    await settled(first.body.requestId);

    const pm = await w.current.open(users.pm, companyPath(`/projects/${p}/budget`));
    const panel = pm.getByRole('region', { name: 'Spectrum' });
    await panel.getByText('Synced', { exact: true }).waitFor();
    await pm.getByRole('button', { name: 'Unlock Budget' }).click();
    await pm.getByRole('button', { name: 'Lock Budget' }).waitFor();
    // One amount changed and one line added (keyboard editing of the grid is E12's).
    const budget = await api.pm.get(companyPath(`/projects/${p}/budget`));
    await api.pm.put(companyPath(`/projects/${p}/budget/lines`), {
      version: budget.body.version,
      lines: [
        { costCode: '03-300', costType: 'L', amount: '1750.00' },
        { costCode: '03-300', costType: 'M', amount: '2000.00' },
        { costCode: '09-900', costType: 'L', amount: '300.50' },
        { costCode: '03-300', costType: 'S', amount: '400.00' },
      ],
    });
    await pm.reload();
    await pm.getByText('4 lines · Total $4,450.50').waitFor();
    await pm.getByRole('button', { name: 'Lock Budget' }).click();
    await panel.getByRole('button', { name: 'Re-send to ERP' }).click();
    await panel.getByText('Ready to Update', { exact: true }).waitFor();

    const approver = await w.current.open(
      users.approver,
      companyPath('/erp/requests?kind=budget&status=ready_to_update'),
    );
    const row = approver.getByRole('row', { name: '24-130 budget' });
    await row.getByRole('button', { name: 'View Requested Updates' }).click();
    const dialog = approver.getByRole('dialog', { name: 'Budget lines for update' });
    const lines = dialog.getByRole('table', { name: 'Budget lines for update' }).getByRole('row');
    await expect.poll(() => lines.count()).toBe(3);
    const texts = await lines.allTextContents();
    expect(texts.some((t) => /03-300\s*L\s*\$1,250\.00\s*\$1,750\.00/.test(t))).toBe(true);
    expect(texts.some((t) => /03-300\s*S.*\$400\.00/.test(t))).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await row.getByRole('button', { name: 'Update', exact: true }).click();
    await approver
      .getByRole('dialog', { name: 'Update 24-130 budget in Spectrum?' })
      .getByRole('button', { name: 'Update', exact: true })
      .click();
    await row.getByText('Synced', { exact: true }).waitFor();
  });

  it('E24: a 5,000-line budget keeps under 100 rows in the DOM; an amount edited by keyboard updates the total, saves and stays', async () => {
    const { api, users, companyPath } = w.current;
    const project = await api.pm.post(companyPath('/projects'), {
      name: 'Big Budget',
      number: 'J2401',
      active: true,
    });
    const p = project.body.id as string;
    await api.pm.post(companyPath(`/projects/${p}/cost-codes`), { code: '03-300', costTypes: ['L', 'M'] });
    // One line per pair: 1,000 codes (put on the standard list directly, as its factory does) × 5 types.
    const codes = Array.from({ length: 1_000 }, (_, n) => `${90 + Math.floor(n / 100)}-${100 + (n % 100)}`);
    await makeStandardLists(w.current.server.services.ctx, w.current.companyId, codes, []);
    const put = await api.pm.put(companyPath(`/projects/${p}/budget/lines`), {
      version: 1,
      lines: Array.from({ length: 5_000 }, (_, i) => ({
        costCode: codes[Math.floor(i / 5)]!,
        costType: 'ELMOS'[i % 5]!,
        amount: '1.00',
      })),
    });
    expect(put.status, JSON.stringify(put.body).slice(0, 300)).toBe(200);

    const pm = await w.current.open(users.pm, companyPath(`/projects/${p}/budget`));
    const grid = pm.getByRole('grid', { name: 'Budget lines' });
    await pm.getByText('5,000 lines · Total $5,000.00').waitFor();
    expect(await grid.getByRole('row').count()).toBeLessThan(100);

    // Keyboard only from the toolbar's last control: Tab enters the grid (one tab stop), arrows move.
    await pm.getByRole('combobox', { name: 'Sort by' }).focus();
    const inGrid = () => pm.evaluate('Boolean(document.activeElement?.closest("[role=grid]"))');
    for (let i = 0; i < 5 && !(await inGrid()); i++) await pm.keyboard.press('Tab');
    expect(await inGrid()).toBe(true);
    const focusedText = () => pm.evaluate('document.activeElement?.textContent ?? ""') as Promise<string>;
    for (let i = 0; i < 6 && !(await focusedText()).startsWith('$'); i++)
      await pm.keyboard.press('ArrowRight');
    expect(await focusedText()).toBe('$1.00');
    await pm.keyboard.press('Enter');
    await pm.keyboard.press('ControlOrMeta+a');
    await pm.keyboard.type('1234.56');
    await pm.keyboard.press('Enter');
    await pm.getByText('5,000 lines · Total $6,233.56').waitFor();
    const save = pm.getByRole('button', { name: 'Save' });
    await save.focus();
    await pm.keyboard.press('Enter');
    await save.and(pm.locator(':disabled')).waitFor();
    await pm.reload();
    await pm.getByText('5,000 lines · Total $6,233.56').waitFor();
    await grid.getByRole('gridcell', { name: '$1,234.56' }).waitFor();
  });

  it('E14: Import on 24-002 opens the project synced with its cost codes, and Import from ERP fills its budget', async () => {
    const { users, companyPath } = w.current;
    const admin = await w.current.open(users.admin, companyPath('/erp/jobs?linked=false'));
    const row = admin.getByRole('row', { name: '24-002 Oak Street Parking Deck' });
    await row.getByRole('button', { name: 'Import' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Import job 24-002' });
    await confirm
      .getByText('Create project 24-002 Oak Street Parking Deck, synced, with its cost codes?')
      .waitFor();
    await confirm.getByRole('button', { name: 'Import' }).click();
    await admin.getByRole('heading', { name: /Oak Street Parking Deck/, level: 1 }).waitFor();
    await admin
      .getByRole('region', { name: 'Spectrum' })
      .getByText('Synced with Spectrum as job 24-002')
      .waitFor();
    const projectPath = new URL(admin.url()).pathname;
    await admin.goBack();
    await admin.getByRole('heading', { name: 'Jobs only in Spectrum', level: 1 }).waitFor();
    expect(await row.count()).toBe(0);

    const pm = await w.current.open(users.pm, `${projectPath}/cost-codes`);
    await pm.getByRole('row', { name: /^03-300 / }).waitFor();
    await pm.getByRole('link', { name: 'Budget' }).click();
    await pm.getByRole('button', { name: 'Import from ERP' }).click();
    const replace = pm.getByRole('dialog', { name: 'Import from ERP' });
    await replace.getByText(/job 24-002's original estimates from Spectrum\?$/).waitFor();
    await replace.getByRole('button', { name: 'Import' }).click();
    await pm.getByText('7 lines · Total $533,000.00').waitFor();
    await pm.getByRole('gridcell', { name: '$210,000.00' }).waitFor();
  });

  it('E15: Link takes only unsynced projects and Archive removes the job; the project reads synced as 24-003', async () => {
    const { api, users, companyPath } = w.current;
    const lincoln = await api.pm.post(companyPath('/projects'), {
      name: 'Lincoln Reno',
      number: 'J1501',
      active: true,
    });
    await api.pm
      .post(companyPath('/projects'), { name: 'Waiting Wharf', number: 'J1502', active: true })
      .then((r) => api.pm.post(companyPath(`/projects/${r.body.id}/send-to-erp`)));
    const admin = await w.current.open(users.admin, companyPath('/erp/jobs?linked=false'));
    const row = admin.getByRole('row', { name: '24-003 Lincoln Elementary Reno' });
    await row.getByRole('button', { name: 'Link' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Link job 24-003 Lincoln Elementary Reno' });
    await dialog.getByRole('button', { name: /^Show / }).click();
    const options = await admin.getByRole('option').allTextContents();
    expect(options.some((o) => o.includes('Lincoln Reno'))).toBe(true);
    expect(options.some((o) => o.includes('Waiting Wharf'))).toBe(false);
    expect(options.some((o) => o.includes('Oak Street Parking Deck'))).toBe(false);
    await admin.getByRole('option', { name: /Lincoln Reno/ }).click();
    await dialog.getByRole('button', { name: 'Link' }).click();
    await row.waitFor({ state: 'detached' });

    const archived = admin.getByRole('row', { name: '22-017 Harbor View Lofts' });
    await archived.getByRole('button', { name: 'Archive' }).click();
    await admin
      .getByRole('dialog', { name: /^Archive job .*22-017/ })
      .getByRole('button', { name: 'Archive' })
      .click();
    await archived.waitFor({ state: 'detached' });

    const pm = await w.current.open(users.pm, companyPath(`/projects/${lincoln.body.id}`));
    await pm
      .getByRole('region', { name: 'Spectrum' })
      .getByText('Synced with Spectrum as job 24-003')
      .waitFor();
  });

  it('E16 (mirror part): the admin imports Acme Concrete Co, links a Spectrum vendor to an unsynced one and archives another', async () => {
    const { api, users, companyPath } = w.current;
    const local = await api.pm.post(companyPath('/vendors'), { name: 'Bay Steel (local)', active: true });
    const admin = await w.current.open(users.admin, companyPath('/erp/vendors?linked=false'));
    const acme = admin.getByRole('row', { name: 'ACMECONC Acme Concrete Co' });
    await acme.getByRole('button', { name: 'Import' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Import vendor ACMECONC' });
    await confirm.getByText('Create vendor ACMECONC Acme Concrete Co, synced?').waitFor();
    await confirm.getByRole('button', { name: 'Import' }).click();
    await admin.getByRole('heading', { name: 'Acme Concrete Co', level: 1 }).waitFor();
    await admin.getByRole('region', { name: 'Spectrum' }).getByText('Synced as ACMECONC').waitFor();

    await admin.goto(companyPath('/erp/vendors?linked=false'));
    const bay = admin.getByRole('row', { name: 'BAYSTEEL Bay Area Steel Erectors' });
    await bay.getByRole('button', { name: 'Link' }).click();
    const link = admin.getByRole('dialog', { name: 'Link vendor BAYSTEEL Bay Area Steel Erectors' });
    await link.getByRole('button', { name: /^Show / }).click();
    const options = await admin.getByRole('option').allTextContents();
    expect(options.some((o) => o.includes('Acme Concrete Co'))).toBe(false);
    await admin.getByRole('option', { name: /Bay Steel \(local\)/ }).click();
    await link.getByRole('button', { name: 'Link' }).click();
    await bay.waitFor({ state: 'detached' });
    const archived = admin.getByRole('row', { name: /^DELTAPLMB / });
    await archived.getByRole('button', { name: 'Archive' }).click();
    await admin
      .getByRole('dialog', { name: /^Archive vendor DELTAPLMB/ })
      .getByRole('button', { name: 'Archive' })
      .click();
    await archived.waitFor({ state: 'detached' });
    expect(await acme.count()).toBe(0);

    const vendor = await api.pm.get(companyPath(`/vendors/${local.body.id}`));
    expect(vendor.body.erp.status).toBe('synced');
  });

  it('E30: the audit log shows an accept at Chicago time in a Tokyo browser, filters by subject, expands to before and after, and reads money as dollars', async () => {
    const { api, users, companyPath, settled } = w.current;
    const project = await api.pm.post(companyPath('/projects'), {
      name: 'Audit Annex',
      number: 'J3001',
      active: true,
    });
    const p = project.body.id as string;
    const sent = await api.pm.post(companyPath(`/projects/${p}/send-to-erp`));
    await api.approver.post(companyPath(`/erp/requests/${sent.body.requestId}/accept`), {
      version: 1,
      jobNumber: '24-300',
    });
    await settled(sent.body.requestId);
    // A commitment's change is audited with its before and after, money as decimal strings.
    await api.pm.post(companyPath(`/projects/${p}/cost-codes`), { code: '03-300', costTypes: ['L'] });
    const vendor = await api.pm.post(companyPath('/vendors'), { name: 'Audit Aggregates', active: true });
    const commitment = await api.pm.post(companyPath(`/projects/${p}/commitments`), {
      type: 'subcontract',
      number: 'SC-300',
      title: 'Footings',
      vendorId: vendor.body.id,
      status: 'draft',
      lines: [{ costCode: '03-300', costType: 'L', amount: '1000.00' }],
    });
    const patched = await api.pm.patch(companyPath(`/projects/${p}/commitments/${commitment.body.id}`), {
      version: commitment.body.version,
      lines: [{ costCode: '03-300', costType: 'L', amount: '1250.00' }],
    });
    expect(patched.status).toBe(200);
    const events = await api.approver.get(companyPath(`/audit-events?subjectId=${p}`));
    const acceptedAt = (events.body.items as { action: string; at: string }[]).find((e) =>
      e.action.includes('accept'),
    )?.at;
    expect(acceptedAt).toBeDefined();
    const chicago = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Chicago',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(new Date(acceptedAt!));

    const page = await w.current.open(users.approver, companyPath('/audit-events'));
    const accepted = page.getByRole('row', { name: /Accepted .*Audit Annex/ }).first();
    await accepted.getByRole('cell', { name: chicago }).waitFor();
    await accepted.getByRole('link', { name: 'Only this' }).click();
    await page.getByRole('row', { name: /Project created/ }).waitFor();
    await expect
      .poll(async () =>
        (await page.getByRole('row').allTextContents()).slice(1).every((t) => t.includes('Audit Annex')),
      )
      .toBe(true);
    await page
      .getByRole('row', { name: /Project created/ })
      .getByRole('button', { name: 'Show changes' })
      .click();
    await page.getByRole('columnheader', { name: 'Before' }).waitFor();
    await page.getByRole('columnheader', { name: 'After' }).waitFor();

    await page.goto(companyPath('/audit-events'));
    const updated = page.getByRole('row', { name: /Commitment updated/ }).first();
    await updated.getByRole('button', { name: 'Show changes' }).click();
    await page.getByRole('columnheader', { name: 'Before' }).waitFor();
    await page.getByText('$1,250.00').first().waitFor();
  });
});
