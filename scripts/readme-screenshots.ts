/**
 * The README's screenshots, taken from a fresh demo (`ledgergate demo` on a scratch data directory) in
 * Debian's Chromium: the queue, the Accept dialog, View Requested Updates and a budget.
 * Run: npm run build:web && node --import tsx scripts/readme-screenshots.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/browser.ts';

const root = join(import.meta.dirname, '..');
const out = join(root, 'docs', 'screenshots');
const dir = mkdtempSync(join(tmpdir(), 'ledgergate-shots-'));
const child = spawn(join(root, 'bin', 'ledgergate'), ['demo', '--port', '0'], {
  env: { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${join(dir, 'demo.sqlite')}`, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
});

async function started(): Promise<{ base: string; companyId: string }> {
  for (let i = 0; i < 300; i++) {
    const base = /running at (http:\/\/[\d.:]+)/.exec(output)?.[1];
    const companyId = /Demo Builders \(([\w-]+)\)/.exec(output)?.[1];
    if (base && companyId) return { base, companyId };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the demo did not start:\n${output}`);
}

async function signIn(page: Page, base: string, who: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(`${who}@demo.test`);
  await page.getByLabel('Password').fill(`demo-${who}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

const browser = await launchChromium();
try {
  const { base, companyId } = await started();
  const c = `${base}/companies/${companyId}`;
  const viewport = { width: 1280, height: 760 };
  const approver = await (await browser.newContext({ viewport })).newPage();
  const pm = await (await browser.newContext({ viewport })).newPage();
  await signIn(approver, base, 'approver');
  await signIn(pm, base, 'pm');

  await approver.goto(`${c}/erp/requests`);
  await approver.getByRole('link', { name: /Riverside Clinic/ }).waitFor();
  await approver.screenshot({ path: join(out, 'queue.png') });

  const riverside = approver.getByRole('row', { name: /Riverside Clinic/ });
  await riverside.getByRole('button', { name: 'Accept' }).click();
  const accept = approver.getByRole('dialog');
  await accept.getByLabel('Spectrum Job ID').fill('24-010');
  await approver.screenshot({ path: join(out, 'accept-dialog.png') });
  await accept.getByRole('button', { name: 'Export' }).click();
  await approver.getByRole('dialog').waitFor({ state: 'detached' });

  // The synced project gains cost types and a cost code; the PM sends the change, which waits as Ready to Update.
  await pm.goto(`${c}/projects`);
  await pm.getByRole('link', { name: /Riverside Clinic/ }).click();
  await pm.getByText('Synced with Spectrum as job 24-010').waitFor({ timeout: 20_000 });
  await pm.getByRole('link', { name: 'Cost codes' }).click();
  for (const [code, types] of [
    ['03-300', ['S']],
    ['09-900', ['L', 'M']],
  ] as const) {
    await pm.getByRole('combobox', { name: 'Cost code' }).fill(code);
    await pm
      .getByRole('option', { name: new RegExp(code) })
      .first()
      .click();
    for (const type of types) await pm.getByRole('checkbox', { name: new RegExp(`^${type}\\b`) }).check();
    await pm.getByRole('button', { name: 'Add cost code' }).click();
    await pm.getByRole('cell', { name: code, exact: true }).waitFor();
  }
  await pm.getByRole('button', { name: 'Send to ERP' }).click();
  await pm.getByText(/Waiting for an accounting approver/).waitFor();

  await approver.goto(`${c}/erp/requests?kind=project,cost_codes&status=ready_to_update`);
  await approver.getByRole('button', { name: 'View Requested Updates' }).first().click();
  await approver.getByRole('dialog').waitFor();
  await approver.screenshot({ path: join(out, 'view-requested-updates.png') });

  await pm.goto(`${c}/projects`);
  await pm.getByRole('link', { name: /Maple Street Lofts/ }).click();
  await pm.getByRole('link', { name: 'Budget' }).click();
  await pm.getByRole('grid', { name: 'Budget lines' }).waitFor();
  await pm.screenshot({ path: join(out, 'budget.png') });
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
