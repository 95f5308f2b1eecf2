import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newId } from '../../../src/db/ids.ts';
import { toJson } from '../../../src/db/json.ts';
import { hasChromium } from '../../support/browser.ts';
import { axeViolations, hasFocus, useWebWorld } from '../../support/web-world.ts';

/** Tabs from the top of the page until a table row has focus (the queue table is one tab stop). */
async function tabIntoTable(page: Page): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate('document.activeElement?.tagName')) === 'TR') return;
  }
  throw new Error('Tab never reached a row of the table');
}

describe.skipIf(!hasChromium)('keyboard, accessibility and scale in Chromium', () => {
  const w = useWebWorld('sqlite');

  async function sentProject(name: string, number: string) {
    const { api, companyPath } = w.current;
    const project = await api.pm.post(companyPath('/projects'), { name, number, active: true });
    const projectId = project.body.id as string;
    await api.pm.post(companyPath(`/projects/${projectId}/cost-codes`), { code: '03-300', costTypes: ['L'] });
    const sent = await api.pm.post(companyPath(`/projects/${projectId}/send-to-erp`));
    expect(sent.status).toBe(201);
    return { projectId, requestId: sent.body.requestId as string };
  }

  it('E25: the approver accepts and rejects by keyboard alone, and axe finds no violation on the main screens and dialogs', async () => {
    const { api, users, companyPath, settled } = w.current;
    // A synced project with a cost-code update waiting, for Cost Codes for Update.
    const synced = await sentProject('Keyboard Commons', 'K0001');
    await api.approver.post(companyPath(`/erp/requests/${synced.requestId}/accept`), {
      version: 1,
      jobNumber: '24-250',
    });
    await settled(synced.requestId);
    await api.pm.post(companyPath(`/projects/${synced.projectId}/cost-codes`), {
      code: '09-900',
      costTypes: ['L'],
    });
    const update = await api.pm.post(companyPath(`/projects/${synced.projectId}/cost-codes/send-to-erp`));
    expect(update.status).toBe(201);
    await sentProject('Keyboard Plaza', 'K0002');
    await sentProject('Keyboard Yards', 'K0003');

    const violations: Record<string, string[]> = {};
    const check = async (screen: string, page: Page) => {
      const found = await axeViolations(page);
      if (found.length) violations[screen] = found;
    };

    const signIn = await w.current.open(null, '/sign-in', { bypassCSP: true });
    await signIn.getByRole('heading', { name: 'Sign in to Ledgergate' }).waitFor();
    await check('Sign in', signIn);

    const page = await w.current.open(
      users.approver,
      companyPath('/erp/requests?kind=project,cost_codes&status=ready_to_export'),
      {
        bypassCSP: true,
      },
    );
    const plaza = page.getByRole('row', { name: 'K0002 Keyboard Plaza' });
    const yards = page.getByRole('row', { name: 'K0003 Keyboard Yards' });
    await yards.waitFor();
    await check('queue', page);

    await tabIntoTable(page);
    await expect.poll(() => hasFocus(plaza)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => hasFocus(yards)).toBe(true);
    await page.keyboard.press('a');
    const accept = page.getByRole('dialog', { name: 'Accept K0003 Keyboard Yards' });
    await expect.poll(() => hasFocus(accept.getByRole('textbox', { name: 'Spectrum Job ID' }))).toBe(true);
    await check('Accept dialog', page);
    await page.keyboard.press('Enter');
    await accept.waitFor({ state: 'detached' });
    await expect.poll(() => hasFocus(yards)).toBe(true);

    await page.keyboard.press('ArrowUp');
    await expect.poll(() => hasFocus(plaza)).toBe(true);
    await page.keyboard.press('r');
    const reject = page.getByRole('dialog', { name: 'Reject K0002 Keyboard Plaza' });
    await expect.poll(() => hasFocus(reject.getByRole('textbox', { name: 'Enter a Comment' }))).toBe(true);
    await check('Reject dialog', page);
    await page.keyboard.press('Escape');
    await reject.waitFor({ state: 'detached' });
    await expect.poll(() => hasFocus(plaza)).toBe(true);

    await page.goto(companyPath('/erp/requests?kind=project,cost_codes&status=ready_to_update'));
    await page
      .getByRole('row', { name: '24-250 cost codes' })
      .getByRole('button', { name: 'View Requested Updates' })
      .click();
    await page.getByRole('dialog', { name: 'Cost Codes for Update' }).waitFor();
    await check('Cost Codes for Update dialog', page);

    await page.goto(companyPath(`/erp/requests/${synced.requestId}`));
    await page
      .getByRole('heading', { name: /Keyboard Commons/ })
      .first()
      .waitFor();
    await check('request detail (S4)', page);

    const pm = await w.current.open(users.pm, companyPath(`/projects/${synced.projectId}`), {
      bypassCSP: true,
    });
    await pm.getByRole('heading', { name: 'K0001 Keyboard Commons', level: 1 }).waitFor();
    await check('project', pm);
    await pm.getByRole('link', { name: 'Budget' }).click();
    await pm.getByRole('heading', { level: 1 }).waitFor();
    await pm.getByRole('button', { name: 'Lock Budget' }).waitFor();
    await check('budget', pm);

    const admin = await w.current.open(users.admin, companyPath('/users'), { bypassCSP: true });
    await admin.getByRole('heading', { level: 1 }).waitFor();
    await admin.getByText(users.approver.email).first().waitFor();
    await check('users', admin);

    await page.goto(companyPath('/audit-events'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Keyboard Commons' }).first().waitFor();
    await check('audit log', page);

    expect(violations).toEqual({});
  }, 120_000);

  it('E23: with 10,000 waiting items the table keeps under 100 rows in the DOM and End reaches the last, page by page', async () => {
    const { users, companyPath, server, companyId } = w.current;
    const { db } = server.services.database;
    const base = Date.parse('2026-01-01T00:00:00Z');
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const at = new Date(base + i * 1000).toISOString();
      return {
        id: newId(),
        company_id: companyId,
        kind: 'vendor' as const,
        subject_id: newId(),
        subject_label: `Scale Vendor ${String(i + 1).padStart(5, '0')}`,
        status: 'ready_to_export' as const,
        version: 1,
        sender_id: users.pm.id,
        sent_at: at,
        snapshot: toJson({}),
        requested_updates: null,
        preflight: toJson({ ok: true, problems: [] }),
        accept_options: null,
        result: null,
        error: null,
        attempts: 0,
        updated_at: at,
      };
    });
    // Straight into the table (as records.ts's makeErpRequest does): 10,000 sends would take minutes.
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('erp_requests')
        .values(rows.slice(i, i + 500))
        .execute();

    const page = await w.current.open(users.approver, companyPath('/erp/requests?kind=vendor'));
    const pages: string[] = [];
    page.on('request', (request) => {
      if (/\/erp\/requests\?/.test(request.url()) && request.url().includes('cursor='))
        pages.push(request.url());
    });
    const table = page.getByRole('table', { name: 'Vendors – Needs action' });
    const first = table.getByRole('row', { name: 'Scale Vendor 00001' });
    await first.waitFor();
    await page
      .getByRole('navigation', { name: 'Kinds' })
      .getByRole('link', { name: /^Vendors10,000/ })
      .waitFor();
    expect(await table.getAttribute('aria-rowcount')).toBe('10001');
    expect(await table.getByRole('row').count()).toBeLessThan(100);

    await first.focus();
    // End goes to the last loaded row, which loads the next page; End again goes on from there.
    const focusedLabel = async () =>
      String(await page.evaluate('document.activeElement?.getAttribute("aria-label")'));
    const focused: string[] = [];
    const pressEnd = async () => {
      await page.keyboard.press('End');
      return focusedLabel();
    };
    for (let label = await focusedLabel(); label !== 'Scale Vendor 10000' && focused.length < 60; ) {
      const previous = label;
      await expect.poll(pressEnd, { timeout: 10_000, interval: 100 }).not.toBe(previous);
      label = await focusedLabel();
      focused.push(label);
    }
    expect(focused.at(-1)).toBe('Scale Vendor 10000');
    expect(focused.length).toBeGreaterThan(1);
    expect(await table.getByRole('row').count()).toBeLessThan(100);
    expect(pages.length).toBeGreaterThan(1);
  }, 180_000);
});
