import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../support/databases.ts';

const bin = join(import.meta.dirname, '../../bin/ledgergate');

/** A browser-like session: the cookie from login, and the CSRF token on every change. */
async function signIn(base: string, email: string, password: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const { csrfToken, user } = (await login.json()) as { csrfToken: string; user: { id: string } };
  const call = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body && { 'content-type': 'application/json' }) },
      body: body && JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the test reads the API's JSON as it comes
    const json: any = await response.json().catch(() => undefined);
    return { status: response.status, body: json };
  };
  return { user, call };
}

describe('npm start: the demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledgergate-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a connected, synced demo company whose users can walk the whole flow', async () => {
    const env = {
      ...process.env,
      DATA_DIR: dir,
      DATABASE_URL: `file:${join(dir, 'demo.sqlite')}`,
      LOG_LEVEL: 'warn',
    };
    const child = spawn(bin, ['demo', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const base = await until(() => /running at (http:\/\/[\d.:]+)/.exec(output)?.[1], 30_000);
      const simUrl = /Spectrum simulator: +(http:\/\/[\d.:]+)/.exec(output)![1]!;
      const companyId = /Demo Builders \(([\w-]+)\)/.exec(output)![1]!;
      const syncRunId = /first ERP sync ([\w-]+)/.exec(output)![1]!;
      expect(output).toMatch(/pm@demo\.test +demo-pm +project manager/);

      const admin = await signIn(base, 'admin@demo.test', 'demo-admin');
      await until(
        async () =>
          (await admin.call('GET', `/companies/${companyId}/erp/sync-runs/${syncRunId}`)).body?.status ===
          'succeeded',
        30_000,
      );
      const codes = await admin.call('GET', `/companies/${companyId}/standard-cost-codes`);
      expect(codes.body.items.length).toBeGreaterThanOrEqual(30);
      // The first start's sample records wait in the approver's queue.
      expect(output).toContain('Sample records:');
      const waiting = await admin.call('GET', `/companies/${companyId}/erp/requests?status=ready_to_export`);
      expect(waiting.body.items.map((r: { subject: { label: string } }) => r.subject.label).sort()).toEqual([
        'J1001 Riverside Clinic',
        'J1002 Harbor Point Offices',
        'Summit Drywall',
      ]);

      const pm = await signIn(base, 'pm@demo.test', 'demo-pm');
      const project = await pm.call('POST', `/companies/${companyId}/projects`, {
        name: 'Demo Tower',
        number: 'DT-1',
        active: true,
      });
      expect(project.status).toBe(201);
      expect(
        (
          await pm.call('POST', `/companies/${companyId}/projects/${project.body.id}/cost-codes`, {
            code: '03-300',
            costTypes: ['L', 'M'],
          })
        ).status,
      ).toBe(201);
      const sent = await pm.call('POST', `/companies/${companyId}/projects/${project.body.id}/send-to-erp`);
      expect(sent.status).toBe(201);

      const approver = await signIn(base, 'approver@demo.test', 'demo-approver');
      const accepted = await approver.call(
        'POST',
        `/companies/${companyId}/erp/requests/${sent.body.requestId}/accept`,
        { version: 1 },
      );
      expect(accepted.status).toBe(202);
      await until(
        async () =>
          (await approver.call('GET', `/companies/${companyId}/erp/requests/${sent.body.requestId}`)).body
            ?.status === 'synced',
        20_000,
      );
      const state = (await (await fetch(`${simUrl}/_sim/state`)).json()) as {
        jobs: { Job_Number: string; Price_Method_Code: string }[];
      };
      expect(state.jobs.find((j) => j.Job_Number === 'DT-1')).toMatchObject({ Price_Method_Code: 'C' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
