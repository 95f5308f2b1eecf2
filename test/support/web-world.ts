import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Cookie, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, onTestFailed, vi } from 'vitest';
import { webRoot } from '../../src/cli/process.ts';
import { loadConfig } from '../../src/config.ts';
import type { Dialect } from '../../src/db/capabilities.ts';
import { type SpectrumSimulator, startSpectrumSimulator } from '../../src/erp/spectrum/simulator/index.ts';
import { createLogger } from '../../src/logger.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { type Api, apiAs } from './api.ts';
import { launchChromium } from './browser.ts';
import { createScratchDatabase, type ScratchDatabase, until } from './databases.ts';
import { type MemberOptions, makeCompany, makeMember, makeOperator, type TestUser } from './factories.ts';
import { freePort } from './free-port.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp.ts';
import { syncFromErp } from './sync.ts';

/** The demo roles of UI.md §9, with the demo's permissions (src/cli/setup-demo.ts). */
export type DemoRole = 'operator' | 'admin' | 'approver' | 'pm';

export interface OpenOptions {
  /** A session of its own, for tests that end it. */
  ownSession?: boolean;
  /** Lets `axeViolations` inject axe-core as an inline script past the server's CSP. */
  bypassCSP?: boolean;
}

export interface WebWorld {
  /** `http://127.0.0.1:PORT`, the server's PUBLIC_URL too (email links point here). */
  url: string;
  server: RunningServer;
  sim: SpectrumSimulator;
  smtp: TestSmtpServer;
  browser: Browser;
  /** A company like the demo's (America/Chicago, Spectrum, default template TEMPLATE1), synced once. */
  companyId: string;
  users: Record<DemoRole, TestUser>;
  /** API clients of the demo users, for setup through the real routes (no clicking). */
  api: Record<DemoRole, Api>;
  /**
   * A fresh browser context (zone Asia/Tokyo) with one page at `path`, signed in as the user unless
   * `null`. Contexts of one user share a session (sign-in is rate-limited per account) unless
   * `ownSession`, for tests that end it.
   */
  open(user: TestUser | null, path?: string, options?: OpenOptions): Promise<Page>;
  /**
   * Stops the server (open event streams drop), calls `whileDown`, and starts it again on the same port
   * and database; `server` and `api` then point to the new one. SQLite keeps the data in its file.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  /** Another member of the company (factories, not clicks). */
  member(options: MemberOptions): Promise<TestUser>;
  /** Waits until the request reaches the status (the worker runs in the background). */
  settled(requestId: string, status?: string): Promise<Record<string, unknown>>;
  /** `/companies/{c}` + path, the page URL of a company screen. */
  companyPath(path: string): string;
}

/** The built app `serve` uses; E2E_WEB_ROOT points to another build (e.g. one no other process rebuilds). */
const e2eWebRoot = process.env.E2E_WEB_ROOT ?? webRoot;

const testResults = fileURLToPath(new URL('../../test-results', import.meta.url));

function expectOk(what: string, response: { status: number; body: unknown }) {
  if (response.status >= 300) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}

/**
 * The real server for one browser test file (UI.md §9): `startServer` — the composition root `serve` and
 * `demo` use — on a scratch database of the dialect with workers on and the built web app, an in-process
 * Spectrum simulator (demo seed) and an in-process SMTP server on real sockets, a company with the demo's
 * roles made through the workflow factories (not `setupDemo`, whose sample records would crowd the
 * queue), and one Chromium shared by the file's tests. A failed test leaves a screenshot of each
 * page it opened in test-results/.
 */
export function useWebWorld(dialect: Dialect): { readonly current: WebWorld } {
  // A scenario clicks through several screens of a real browser; under `npm test` it shares 2 cores with
  // the whole suite, so its budget is the scenario's, not a unit test's 30 s.
  vi.setConfig({ testTimeout: 90_000 });
  const holder = { current: undefined as unknown as WebWorld };
  const contexts: BrowserContext[] = [];
  const activity = new WeakMap<Page, string[]>();
  let scratch: ScratchDatabase | undefined;
  let dataDir: string | undefined;
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    scratch = await createScratchDatabase(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'ledgergate-web-'));
    const [smtp, sim, browser, port] = await Promise.all([
      startSmtpServer(),
      startSpectrumSimulator({ port: 0, seed: 'demo' }),
      launchChromium(),
      freePort(),
    ]);
    const config = loadConfig({
      DATABASE_URL: scratch.url,
      SMTP_URL: smtp.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'silent',
      // The simulator and any test receivers listen on loopback.
      ERP_ALLOW_LOOPBACK: 'true',
      WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    const start = () =>
      startServer(config, createLogger(config.logLevel), { worker: true, webRoot: e2eWebRoot });
    let server = await start();
    cleanup = async () => {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
      await browser.close();
      await server.stop();
      await sim.close();
      await smtp.stop();
    };
    const { ctx } = server.services;
    const operator = await makeOperator(ctx);
    const companyId = (await makeCompany(ctx, operator, 'spectrum')).id;
    const users: Record<DemoRole, TestUser> = {
      operator,
      admin: await makeMember(ctx, operator, companyId, { erp: 'admin', project: 'admin' }),
      approver: await makeMember(ctx, operator, companyId, {
        erp: 'standard',
        project: 'read_only',
        canPushToAccounting: true,
      }),
      pm: await makeMember(ctx, operator, companyId, { erp: 'read_only', project: 'admin' }),
    };
    const apiOf = (running: RunningServer) =>
      Object.fromEntries(
        Object.entries(users).map(([role, user]) => [role, apiAs(running.app, user)]),
      ) as Record<DemoRole, Api>;
    const api = apiOf(server);
    const c = `/companies/${companyId}`;
    expectOk(
      'connection',
      await api.admin.put(`${c}/erp/connection`, {
        system: 'spectrum',
        baseUrl: sim.url,
        authorizationId: 'DEMO',
        companyCode: '001',
        standardJob: 'STANDARD',
        phaseMask: '##-###',
        defaultTaxable: true,
      }),
    );
    // No scheduled sync runs in the middle of a test; projects take blank fields from the demo template.
    expectOk(
      'settings',
      await api.admin.put(`${c}/settings`, { syncSchedule: 'off', defaultJobTemplate: 'TEMPLATE1' }),
    );
    await syncFromErp(ctx, companyId);

    const sessions = new Map<string, Cookie[]>();
    const open = async (
      user: TestUser | null,
      path = '/',
      { ownSession = false, bypassCSP = false } = {},
    ) => {
      const context = await browser.newContext({
        bypassCSP,
        baseURL: server.url,
        timezoneId: 'Asia/Tokyo',
        locale: 'en-US',
        viewport: { width: 1280, height: 900 },
      });
      contexts.push(context);
      context.setDefaultTimeout(15_000);
      const shared = user && !ownSession ? sessions.get(user.id) : undefined;
      if (shared) await context.addCookies(shared);
      else if (user) {
        const login = await context.request.post('/api/v1/auth/login', {
          data: { email: user.email, password: user.password },
        });
        if (!login.ok()) throw new Error(`sign-in of ${user.email}: ${login.status()}`);
        if (!ownSession) sessions.set(user.id, await context.cookies());
      }
      const page = await context.newPage();
      activity.set(page, recordActivity(page));
      await page.goto(path);
      return page;
    };

    const settled = (requestId: string, status = 'synced') =>
      until(async () => {
        const r = await holder.current.api.approver.get(`${c}/erp/requests/${requestId}`);
        return r.body.status === status ? (r.body as Record<string, unknown>) : undefined;
      }, 20_000);

    holder.current = {
      url: server.url,
      server,
      sim,
      smtp,
      browser,
      companyId,
      users,
      api,
      open,
      member: (options) => makeMember(holder.current.server.services.ctx, operator, companyId, options),
      restart: async (whileDown) => {
        await server.stop();
        await whileDown?.();
        server = await start();
        Object.assign(holder.current, { server, api: apiOf(server) });
      },
      settled,
      companyPath: (path) => `${c}${path}`,
    };
  });

  beforeEach(async () => {
    // The previous test's pages stay open until here, so that its failure screenshots could be taken.
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    onTestFailed(async ({ task }) => {
      mkdirSync(testResults, { recursive: true });
      const name = task.name.replace(/[^\w-]+/g, '-').slice(0, 80);
      const pages = contexts.flatMap((c) => c.pages());
      await Promise.all(
        pages.map((page, i) =>
          page.screenshot({ path: join(testResults, `${name}-${i}.png`), fullPage: true }).catch(() => {}),
        ),
      );
      // Printed, so that a failure in CI, whose screenshots nobody sees, still tells what each page did.
      for (const [i, page] of pages.entries())
        console.log(
          `page ${i} (${page.url()}), its last API answers and errors:\n${activity.get(page)?.join('\n')}`,
        );
    });
  });

  afterAll(async () => {
    await cleanup?.();
    await scratch?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return holder;
}

/** A page's last 40 API answers, console errors and uncaught errors, each with its time since the page opened. */
function recordActivity(page: Page): string[] {
  const lines: string[] = [];
  const opened = Date.now();
  const add = (line: string) => {
    lines.push(`  +${Date.now() - opened} ms ${line}`);
    if (lines.length > 40) lines.shift();
  };
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/api/'))
      add(`${response.status()} ${response.request().method()} ${url.pathname}${url.search}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') add(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => add(`uncaught: ${error.message}`));
  return lines;
}

/** Adds a cost code with its cost types on the project's Cost codes page. */
export async function addCostCode(page: Page, code: string, costTypes: string[]) {
  const form = page.getByRole('form', { name: 'Add cost code' });
  await form.getByRole('combobox', { name: 'Cost code' }).fill(code);
  await page.getByRole('option', { name: new RegExp(`^${code}`) }).click();
  for (const type of costTypes) await form.getByRole('checkbox', { name: new RegExp(`^${type} — `) }).check();
  await form.getByRole('button', { name: 'Add cost code' }).click();
  await page.getByRole('row', { name: new RegExp(`^${code} `) }).waitFor();
}

export function hasFocus(locator: Locator): Promise<boolean> {
  // Runs in the page: `element.ownerDocument` is the page's document (no DOM types on this side).
  return locator.evaluate((element) => element === element.ownerDocument.activeElement);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.2 AA violations on the page as it is now (UI.md §6), as "rule: target" lines. The
 * page's context must be opened with `bypassCSP` (axe is injected as an inline script).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if ((await page.evaluate('typeof window.axe')) === 'undefined')
    await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(`axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }).then((r) => r.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) })))`)) as {
    id: string;
    targets: string[];
  }[];
  return violations.flatMap((v) => v.targets.map((target) => `${v.id}: ${target}`));
}
