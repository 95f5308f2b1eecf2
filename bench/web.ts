/**
 * The web app in Debian's Chromium (playwright-core), beside the API's own time for the same data
 * (issue 14, UI.md §5). Targets on the 2-core machine:
 * - a queue of 10,000 waiting items: first rows visible ≤ 1 s after navigation, no long task > 50 ms
 *   while scrolling to the end;
 * - a 5,000-line budget: rendered ≤ 1 s, an edited cell's total updated ≤ 50 ms, saved ≤ 1 s;
 * - entry JavaScript ≤ 250 kB gzip (checked by test/web/entry-size.test.ts; printed here too).
 * Run: npm run build:web && node --import tsx bench/web.ts   (PostgreSQL too when DATABASE_URL_TEST is set)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { webRoot } from '../src/cli/process.ts';
import type { Dialect } from '../src/db/capabilities.ts';
import { type Database, migrateToLatest, openDatabase } from '../src/db/database.ts';
import { newId } from '../src/db/ids.ts';
import { toJson } from '../src/db/json.ts';
import { buildApp } from '../src/http/app.ts';
import { type Api, apiAs } from '../test/support/api.ts';
import { launchChromium } from '../test/support/browser.ts';
import { loadTestWrites, testContext } from '../test/support/context.ts';
import { createScratchDatabase, dialects } from '../test/support/databases.ts';
import { makeCompany, makeMember, makeOperator, type TestUser } from '../test/support/factories.ts';
import { budgetProject } from './support/budget-project.ts';

const queueItems = 10_000;
const runs = 3;

async function entryKilobytes(): Promise<number> {
  const html = await readFile(join(webRoot, 'index.html'), 'utf8');
  const tags = html.match(/<(?:script type="module"|link rel="modulepreload")[^>]*>/g) ?? [];
  let gzipped = 0;
  for (const tag of tags) {
    const src = /(?:src|href)="\/([^"]+\.js)"/.exec(tag)?.[1];
    if (src) gzipped += gzipSync(await readFile(join(webRoot, src)), { level: 9 }).length;
  }
  return gzipped / 1024;
}

/** 10,000 vendors sent to ERP and waiting, written directly (the send itself is measured elsewhere). */
async function seedQueue(db: Database['db'], companyId: string, senderId: string) {
  const start = Date.now() - queueItems * 1000;
  for (let first = 0; first < queueItems; first += 500) {
    const vendors = Array.from({ length: Math.min(500, queueItems - first) }, (_, i) => {
      const n = first + i;
      const at = new Date(start + n * 1000).toISOString();
      return { id: newId(), n, at };
    });
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('vendors')
        .values(
          vendors.map((v) => ({
            id: v.id,
            company_id: companyId,
            name: `Vendor ${String(v.n).padStart(5, '0')}`,
            active: 1,
            vendor_code: null,
            email: null,
            address: null,
            created_by: senderId,
            synced_snapshot: null,
            erp_vendor_code: null,
            version: 2,
            created_at: v.at,
            updated_at: v.at,
          })),
        )
        .execute();
      await trx
        .insertInto('erp_requests')
        .values(
          vendors.map((v) => ({
            id: newId(),
            company_id: companyId,
            kind: 'vendor' as const,
            subject_id: v.id,
            subject_label: `Vendor ${String(v.n).padStart(5, '0')}`,
            status: 'ready_to_export' as const,
            version: 1,
            sender_id: senderId,
            sent_at: v.at,
            snapshot: toJson({ name: `Vendor ${String(v.n).padStart(5, '0')}`, active: true }),
            requested_updates: null,
            preflight: toJson({ ok: true, problems: [] }),
            accept_options: null,
            result: null,
            error: null,
            attempts: 0,
            updated_at: v.at,
          })),
        )
        .execute();
    });
  }
}

async function signIn(browser: Browser, base: string, user: TestUser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

/**
 * Long tasks (> 50 ms by definition) seen from now on, read back by `longTasks`. The scripts are text:
 * they run in the page, whose globals the server's type-check does not know.
 */
const watchLongTasks = (page: Page) =>
  page.evaluate(`
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  `);
const longTasks = (page: Page) => page.evaluate<number[]>('window.longTasks');

interface QueueFigures {
  apiFirstPage: number;
  apiCounts: number;
  firstRows: number;
  scrollToEnd: number;
  longestTask: number;
  rowsInDom: number;
}

async function measureQueue(page: Page, base: string, c: string, api: Api) {
  const path = `/companies/${c}/erp/requests`;
  const t0 = performance.now();
  const first = await api.get(`${path}?status=ready_to_export,ready_to_update,failed&limit=200`);
  const t1 = performance.now();
  await api.get(`${path}/counts`);
  const t2 = performance.now();
  if (first.status !== 200) throw new Error(`queue read answered ${first.status}`);

  // Leave the page first so the navigation is a fresh load of the queue route, as from an email link.
  await page.goto(`${base}/account`);
  const started = performance.now();
  await page.goto(`${base}${path}?kind=vendor`);
  const table = page.getByRole('table');
  await table.getByRole('row').nth(1).getByRole('link').first().waitFor();
  const firstRows = performance.now() - started;

  await watchLongTasks(page);
  const scrollStart = performance.now();
  await table.getByRole('row').nth(1).focus();
  const last = table.locator(`tr[aria-rowindex="${queueItems + 1}"]`);
  while (!(await last.isVisible())) {
    await page.keyboard.press('End');
    await page.waitForTimeout(50);
  }
  const scrollToEnd = performance.now() - scrollStart;
  const tasks = await longTasks(page);
  return {
    apiFirstPage: t1 - t0,
    apiCounts: t2 - t1,
    firstRows,
    scrollToEnd,
    longestTask: Math.max(0, ...tasks),
    rowsInDom: await page.locator('tbody tr').count(),
  } satisfies QueueFigures;
}

interface BudgetFigures {
  apiRead: number;
  apiWrite: number;
  rendered: number;
  cellToTotal: number;
  saved: number;
  rowsInDom: number;
}

/**
 * In the page: from the Enter that commits an amount to the total's text changing. Installed before the
 * keystroke; `window.cellToTotal` holds the figure once the total changed.
 */
const watchCommit = (page: Page) =>
  page.evaluate(`
    window.cellToTotal = undefined;
    const total = [...document.querySelectorAll('p[aria-live]')].find((p) => p.textContent.includes('Total'));
    let committed;
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.target instanceof HTMLInputElement) committed = performance.now();
    }, { capture: true, once: true });
    new MutationObserver((_, observer) => {
      if (committed === undefined) return;
      window.cellToTotal = performance.now() - committed;
      observer.disconnect();
    }).observe(total, { childList: true, characterData: true, subtree: true });
  `);

async function measureBudget(page: Page, base: string, c: string, pm: Api, projectId: string, run: number) {
  const url = `/companies/${c}/projects/${projectId}/budget`;
  const t0 = performance.now();
  const read = await pm.get(url);
  const t1 = performance.now();
  const lines = read.body.lines as { costCode: string; costType: string; amount: string }[];
  const write = await pm.put(`${url}/lines`, { version: read.body.version, lines });
  const t2 = performance.now();
  if (write.status !== 200) throw new Error(`budget write answered ${write.status}`);

  await page.goto(`${base}/account`);
  const started = performance.now();
  await page.goto(`${base}${url}`);
  const grid = page.getByRole('grid', { name: 'Budget lines' });
  await grid.locator('tr[aria-rowindex="2"]').waitFor();
  await page.getByText(`${lines.length.toLocaleString('en-US')} lines · Total`).waitFor();
  const rendered = performance.now() - started;

  // Keyboard only: the first line's amount cell, Enter edits, a new amount, Enter commits.
  const amountCell = grid.locator('tr[aria-rowindex="2"] td').nth(3);
  await amountCell.click();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(`${1000 + run}.25`);
  await watchCommit(page);
  await page.keyboard.press('Enter');
  await page.waitForFunction('window.cellToTotal !== undefined');
  const cellToTotal = await page.evaluate<number>('window.cellToTotal');

  const saveStarted = performance.now();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Budget saved').first().waitFor();
  const saved = performance.now() - saveStarted;
  return {
    apiRead: t1 - t0,
    apiWrite: t2 - t1,
    rendered,
    cellToTotal,
    saved,
    rowsInDom: await grid.locator('tbody tr[aria-rowindex]').count(),
  } satisfies BudgetFigures;
}

async function run(dialect: Dialect, browser: Browser) {
  const scratch = await createScratchDatabase(dialect);
  const database = openDatabase(scratch.url);
  await migrateToLatest(database);
  const ctx = testContext(database);
  const app = await buildApp({
    ctx,
    publicUrl: 'http://127.0.0.1',
    webRoot,
    rateLimitPerMinute: loadTestWrites,
  });
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const operator = await makeOperator(ctx);
    const c = (await makeCompany(ctx, operator)).id;
    const approver = await makeMember(ctx, operator, c, {
      erp: 'standard',
      project: 'admin',
      canPushToAccounting: true,
    });
    await seedQueue(database.db, c, approver.id);
    const page = await signIn(browser, base, approver);
    const queue: QueueFigures[] = [];
    for (let i = 0; i < runs; i++) queue.push(await measureQueue(page, base, c, apiAs(app, approver)));

    const pmApi = apiAs(app, approver);
    const { projectId, lines } = await budgetProject(ctx, pmApi, c);
    await pmApi.put(`/companies/${c}/projects/${projectId}/budget/lines`, { version: 1, lines });
    const budget: BudgetFigures[] = [];
    for (let i = 0; i < runs; i++) budget.push(await measureBudget(page, base, c, pmApi, projectId, i));
    await page.context().close();
    return { dialect, queue, budget };
  } finally {
    await app.close();
    await database.close();
    await scratch.drop();
  }
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const range = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[0] === sorted.at(-1) ? ms(sorted[0]!) : `${ms(sorted[0]!)} – ${ms(sorted.at(-1)!)}`;
};

console.log(`entry JavaScript: ${(await entryKilobytes()).toFixed(1)} kB gzip (target ≤ 250 kB)`);
const browser = await launchChromium();
try {
  for (const dialect of dialects) {
    const r = await run(dialect, browser);
    const q = r.queue;
    const b = r.budget;
    console.log(
      [
        `${dialect}: queue of ${queueItems.toLocaleString('en-US')} waiting items (${runs} runs)`,
        `  API: first page (200 rows) ${range(q.map((f) => f.apiFirstPage))}, counts ${range(q.map((f) => f.apiCounts))}`,
        `  browser: first rows visible ${range(q.map((f) => f.firstRows))} after navigation (target ≤ 1 s)`,
        `  scroll to the end ${range(q.map((f) => f.scrollToEnd))}, longest task ${range(q.map((f) => f.longestTask))} (target ≤ 50 ms; 0 = none over 50 ms), rows in DOM ${q.map((f) => f.rowsInDom).join('/')}`,
        `${dialect}: budget of 5,000 lines (${runs} runs)`,
        `  API: read ${range(b.map((f) => f.apiRead))}, write ${range(b.map((f) => f.apiWrite))}`,
        `  browser: rendered ${range(b.map((f) => f.rendered))} after navigation (target ≤ 1 s), rows in DOM ${b.map((f) => f.rowsInDom).join('/')}`,
        `  edited cell → total ${range(b.map((f) => f.cellToTotal))} (target ≤ 50 ms), saved ${range(b.map((f) => f.saved))} (target ≤ 1 s)`,
      ].join('\n'),
    );
  }
} finally {
  await browser.close();
}
