import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../../support/browser.ts';
import { hasFocus, useWebWorld } from '../../support/web-world.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe.skipIf(!hasChromium)('signing in and out in Chromium', () => {
  const w = useWebWorld('sqlite');

  /** A vendor the PM sent to ERP, so the approver's queue has a row. */
  async function sentVendor(name: string): Promise<string> {
    const { api, companyPath } = w.current;
    const vendor = await api.pm.post(companyPath('/vendors'), { name, active: true });
    const sent = await api.pm.post(companyPath(`/vendors/${vendor.body.id}/send-to-erp`));
    expect(sent.status).toBe(201);
    return sent.body.requestId;
  }

  it('E1: shows Sign in to an anonymous visitor, keeps a request page across a reload, and leaves the API and the build alone', async () => {
    const requestId = await sentVendor('Northwind Glazing');
    const page = await w.current.open(null, '/');
    await page.getByRole('heading', { name: 'Sign in to Ledgergate' }).waitFor();
    await page.getByLabel('Email').fill(w.current.users.approver.email);
    await page.getByLabel('Password').fill(w.current.users.approver.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'ERP Integrations', level: 1 }).waitFor();

    await page.goto(w.current.companyPath(`/erp/requests/${requestId}`));
    await page.reload();
    await page.getByRole('heading', { name: /Northwind Glazing/ }).waitFor();
    await page.getByText('Ready to Export', { exact: true }).first().waitFor();

    const nope = await page.goto('/api/v1/nope');
    expect(nope?.status()).toBe(404);
    expect(nope?.headers()['content-type']).toContain('application/problem+json');

    // A start builds the app only when its sources changed: the second of two starts builds nothing. (Under
    // `npm test` the first builds nothing either: ensure-web.mjs ran just before Vitest.)
    const index = `${root}dist/web/index.html`;
    execFileSync(process.execPath, ['scripts/ensure-web.mjs'], { cwd: root });
    const before = statSync(index).mtimeMs;
    const output = execFileSync(process.execPath, ['scripts/ensure-web.mjs'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(output).toBe('');
    expect(statSync(index).mtimeMs).toBe(before);
  });

  it('E2: shows the server’s refusals with focus on Email, lands on the queue, and shows no data after Sign out and Back', async () => {
    await sentVendor('Eastside Electric');
    const user = await w.current.member({ erp: 'standard', project: 'read_only', canPushToAccounting: true });
    const page = await w.current.open(null, '/sign-in');
    const email = page.getByLabel('Email');
    await email.fill(user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The email or password is wrong');
    await expect.poll(() => hasFocus(email)).toBe(true);

    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'ERP Integrations', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: 'Eastside Electric' });
    await row.waitFor();

    await page.getByRole('button', { name: user.email }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Ledgergate' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Sign in to Ledgergate' }).waitFor();
    expect(await row.count()).toBe(0);
    expect(await page.getByText('Eastside Electric').count()).toBe(0);
  });

  it('E2: shows the 429 message after ten failed sign-ins of one account', async () => {
    // Sign-in allows 10 attempts a minute per address and account, the right password included, so the
    // lockout is shown on an account of its own (the right password right after it would be refused too).
    const user = await w.current.member({ erp: 'read_only' });
    const page = await w.current.open(null, '/sign-in');
    await page.getByLabel('Email').fill(user.email);
    for (let attempt = 1; attempt <= 10; attempt++) {
      await page.getByLabel('Password').fill(`wrong-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('The email or password is wrong');
      // The same message again: wait for the request to finish before the next attempt.
      await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
    }
    await page.getByLabel('Password').fill('wrong-11');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Too many attempts; wait a minute and try again');
    await expect.poll(() => hasFocus(page.getByLabel('Email'))).toBe(true);
  });

  it('E32: after the session is deleted on the server, the next click leads to Sign in and back to the same page', async () => {
    await sentVendor('Westgate Masonry');
    const { users, companyPath, server } = w.current;
    const path = companyPath('/erp/requests?kind=vendor');
    const page = await w.current.open(users.approver, path, { ownSession: true });
    await page.getByRole('row', { name: 'Westgate Masonry' }).waitFor();

    await server.services.database.db
      .deleteFrom('sessions')
      .where('user_id', '=', users.approver.id)
      .execute();
    await page.getByRole('link', { name: /^Ready to Export/ }).click();
    await page.getByRole('heading', { name: 'Sign in to Ledgergate' }).waitFor();
    await page.getByLabel('Email').fill(users.approver.email);
    await page.getByLabel('Password').fill(users.approver.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('row', { name: 'Westgate Masonry' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(companyPath('/erp/requests'));
  });
});
