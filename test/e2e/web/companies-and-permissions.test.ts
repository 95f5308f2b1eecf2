import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activateAgent } from '../../../src/erp/sage300/agent/activate.ts';
import { type RunningAgent, startAgent } from '../../../src/erp/sage300/agent/agent.ts';
import { type Sage300Simulator, startSage300Simulator } from '../../../src/erp/sage300/simulator/index.ts';
import { tables } from '../../../src/erp/sage300/tables.ts';
import { dailySummarySubject } from '../../../src/notify/emails/daily-summary.ts';
import { scheduledTasks } from '../../../src/server.ts';
import { apiAs } from '../../support/api.ts';
import { hasChromium } from '../../support/browser.ts';
import { until } from '../../support/databases.ts';
import { type MemberOptions, makeCompany, makeMember } from '../../support/factories.ts';
import { makeErpRequest } from '../../support/records.ts';
import { useWebWorld } from '../../support/web-world.ts';
import { startWebhookReceiver } from '../../support/webhook-receiver.ts';

describe.skipIf(!hasChromium)('companies and permissions in Chromium', () => {
  const w = useWebWorld('sqlite');

  async function sentVendor(name: string): Promise<string> {
    const { api, companyPath } = w.current;
    const vendor = await api.pm.post(companyPath('/vendors'), { name, active: true });
    const sent = await api.pm.post(companyPath(`/vendors/${vendor.body.id}/send-to-erp`));
    expect(sent.status).toBe(201);
    return vendor.body.id;
  }

  it('E26: a viewer sees the queue read-only with the notice until an operator grants Can Push to Accounting', async () => {
    const { api, users, companyPath } = w.current;
    await sentVendor('Permission Paving');
    const viewer = await w.current.member({ erp: 'standard', project: 'read_only' });
    const page = await w.current.open(viewer, companyPath('/erp/requests?kind=vendor'));
    const row = page.getByRole('row', { name: 'Permission Paving' });
    await row.waitFor();
    await page
      .getByText(
        'You can view this queue. To accept or reject, an operator must grant you Can Push to Accounting.',
      )
      .waitFor();
    expect(await row.getByRole('button').count()).toBe(0);

    const admin = await w.current.open(users.admin, companyPath('/users'));
    const adminBox = admin.getByRole('checkbox', { name: `Can Push to Accounting for ${viewer.email}` });
    expect(await adminBox.isDisabled()).toBe(true);
    await admin.getByText('Only an operator can grant this.').waitFor();

    const operator = await w.current.open(users.operator, companyPath('/users'));
    const box = operator.getByRole('checkbox', { name: `Can Push to Accounting for ${viewer.email}` });
    expect(await box.isDisabled()).toBe(false);
    await box.check();
    await operator
      .getByRole('row', { name: new RegExp(`^${viewer.email.replace(/[.]/g, '\\.')} Accounting approver`) })
      .waitFor();

    await page.reload();
    await row.getByRole('button', { name: 'Accept' }).waitFor();
    await row.getByRole('button', { name: 'Reject' }).waitFor();

    // Project read_only: the project is shown, nothing offers to change or send it.
    const project = await api.pm.post(companyPath('/projects'), {
      name: 'Read Only Row',
      number: 'J2601',
      active: true,
    });
    await page.goto(companyPath(`/projects/${project.body.id}`));
    await page.getByRole('heading', { name: 'J2601 Read Only Row', level: 1 }).waitFor();
    for (const name of ['Save changes', 'Send to ERP', 'Re-send to ERP', 'Retrieve from ERP'])
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Name' }).isEditable()).toBe(false);
  });

  it('E3: switching company changes the URL, counts and rows, and another company’s id reads as Not found', async () => {
    const { api, users, companyPath, companyId, server } = w.current;
    const { ctx } = server.services;
    await sentVendor('First Company Framing');
    const second = await makeCompany(ctx, users.operator);
    const stranger = await makeCompany(ctx, users.operator);
    const joined = await api.operator.post(`/companies/${second.id}/users`, {
      email: users.approver.email,
      name: 'Approver',
      erpPermission: 'read_only',
      projectPermission: 'none',
    });
    expect(joined.status).toBe(201);
    await makeErpRequest(ctx, {
      companyId: second.id,
      kind: 'vendor',
      subjectId: users.approver.id,
      senderId: users.operator.id,
      subjectLabel: 'Second Company Steel',
    });
    const secondName = (await api.operator.get(`/companies/${second.id}`)).body.name as string;

    const page = await w.current.open(users.approver, companyPath('/erp/requests'));
    await page.getByRole('row', { name: 'First Company Framing' }).waitFor();
    const needsAction = page.getByRole('link', { name: /^Needs action/ });
    // Each company's own Needs action count, as its API tells it (other tests may add to the first's).
    const waiting = async (c: string) =>
      (
        await api.approver.get(
          `/companies/${c}/erp/requests?status=ready_to_export,ready_to_update,failed&limit=200`,
        )
      ).body.items.length as number;
    expect(await needsAction.textContent()).toBe(`Needs action${await waiting(companyId)}`);

    await page.getByRole('combobox', { name: 'Company' }).fill(secondName);
    await page.getByRole('option', { name: new RegExp(secondName) }).click();
    await page.waitForURL(`**/companies/${second.id}/erp/requests`);
    await page.getByRole('row', { name: 'Second Company Steel' }).waitFor();
    expect(await page.getByRole('row', { name: 'First Company Framing' }).count()).toBe(0);
    await expect.poll(() => needsAction.textContent()).toBe(`Needs action${await waiting(second.id)}`);
    expect(companyId).not.toBe(second.id);

    await page.goto(`/companies/${stranger.id}/erp/requests`);
    await page
      .getByText("This page doesn't exist, or it belongs to a company you're not a member of.")
      .waitFor();
  });

  it('E9: a Sage 300 CRE company’s queue names Sage and shows Sage’s preflight rules', async () => {
    // The labels and Sage's preflight rules on a project waiting in the queue; no agent is needed for
    // either (pairing, export and the agent's status are E9b).
    const { users, server } = w.current;
    const { ctx } = server.services;
    const sage = await makeCompany(ctx, users.operator, 'sage300');
    const approver = await makeMember(ctx, users.operator, sage.id, {
      erp: 'standard',
      project: 'read_only',
      canPushToAccounting: true,
    });
    const pm = apiAs(
      server.app,
      await makeMember(ctx, users.operator, sage.id, { erp: 'read_only', project: 'admin' }),
    );
    const project = await pm.post(`/companies/${sage.id}/projects`, {
      name: 'Sage Street',
      number: 'J_9001',
      active: true,
    });
    const sent = await pm.post(`/companies/${sage.id}/projects/${project.body.id}/send-to-erp`);
    expect(sent.status).toBe(201);

    const page = await w.current.open(approver, `/companies/${sage.id}/erp/requests?kind=project,cost_codes`);
    await page.getByRole('link', { name: 'Jobs only in Sage 300 CRE' }).waitFor();
    const row = page.getByRole('row', { name: 'J_9001 Sage Street' });
    await row.getByText('1 error: will fail').waitFor();
    await row.getByRole('button', { name: 'Accept' }).click();
    const dialog = page.getByRole('dialog', { name: 'Accept J_9001 Sage Street' });
    expect(await dialog.getByRole('textbox', { name: 'Sage 300 CRE Job ID' }).inputValue()).toBe('J_9001');
    await dialog.getByText(/a Sage job has 1 to 3 sections separated by -/).waitFor();
  });

  it('E9b: an ERP admin pairs a Sage agent in the browser; an export reaches Synced; the agent stopping reads Offline', async () => {
    const { users, server } = w.current;
    const { ctx } = server.services;
    const sage = await makeCompany(ctx, users.operator, 'sage300');
    const member = (options: MemberOptions) => makeMember(ctx, users.operator, sage.id, options);
    const erpAdmin = await member({ erp: 'admin' });
    const approver = await member({ erp: 'standard', project: 'read_only', canPushToAccounting: true });
    const pm = apiAs(server.app, await member({ erp: 'read_only', project: 'admin' }));
    let sim: Sage300Simulator | undefined;
    let agent: RunningAgent | undefined;
    const agentDir = mkdtempSync(join(tmpdir(), 'ledgergate-e9-agent-'));
    try {
      const admin = await w.current.open(erpAdmin, `/companies/${sage.id}/erp/connection`);
      await admin.getByRole('heading', { name: 'Sage agent', level: 2 }).waitFor();
      const status = admin.getByRole('status', { name: 'Sage agent status' });
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Awaiting setup');

      await admin.getByRole('button', { name: 'Create activation code' }).click();
      const shown = admin.getByRole('status', { name: 'Activation code' });
      await shown.getByText(/works once, for 15 minutes/).waitFor();
      // What the admin would type on the Sage server: the hub is the address this page was opened at.
      const command = (await shown.textContent())?.match(
        /ledgergate agent activate --hub (\S+) --code (\S+)/,
      );
      expect(command?.[1]).toBe(w.current.url);
      expect(await shown.textContent()).toMatch(/ledgergate agent run --sage <Sage company URL>/);

      sim = await startSage300Simulator({ port: 0, seed: 'demo' });
      await activateAgent({ hub: command?.[1] ?? '', code: command?.[2] ?? '', dataDir: agentDir });
      agent = await startAgent({
        dataDir: agentDir,
        sageUrl: sim.url,
        log: { info() {}, warn() {}, error() {} },
      });
      // The page asks every 5 s: the agent's hello shows within one or two polls.
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Online');
      await admin.getByText(`Server: ${hostname()}`).waitFor();
      await admin.getByText('Sage 300 CRE reachable, takes writes').waitFor();

      const project = await pm.post(`/companies/${sage.id}/projects`, {
        name: 'Sage Flow Clinic',
        number: '26-0901',
        active: true,
      });
      expect((await pm.post(`/companies/${sage.id}/projects/${project.body.id}/send-to-erp`)).status).toBe(
        201,
      );
      const queue = await w.current.open(
        approver,
        `/companies/${sage.id}/erp/requests?kind=project,cost_codes`,
      );
      const row = queue.getByRole('row', { name: '26-0901 Sage Flow Clinic' });
      await row.getByRole('button', { name: 'Accept' }).click();
      const dialog = queue.getByRole('dialog', { name: 'Accept 26-0901 Sage Flow Clinic' });
      expect(await dialog.getByRole('textbox', { name: 'Sage 300 CRE Job ID' }).inputValue()).toBe('26-0901');
      await dialog.getByRole('button', { name: 'Export' }).click();
      await queue.getByText('Accepted — exporting to Sage 300 CRE').waitFor();
      await row.getByText('Synced', { exact: true }).waitFor({ timeout: 30_000 });
      const jobs = sim.state().tables[tables.job] ?? [];
      expect(jobs.find((job) => job.Job === '26-0901')?.Description).toBe('Sage Flow Clinic');

      // The hub calls the agent offline as soon as its socket closes; the page sees it at its next poll.
      await agent.stop();
      // In the company's zone (America/Chicago), not the browser's (Asia/Tokyo).
      await expect
        .poll(() => status.textContent(), { timeout: 30_000 })
        .toMatch(/^Offline since \w{3} \d{1,2}, \d{4}, .+ C[SD]T$/);

      await admin.getByRole('button', { name: 'Unpair agent' }).click();
      const unpair = admin.getByRole('dialog', { name: 'Unpair the Sage agent?' });
      await unpair.getByRole('button', { name: 'Unpair' }).click();
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Awaiting setup');
    } finally {
      await agent?.stop();
      await sim?.close();
      rmSync(agentDir, { recursive: true, force: true });
    }
  });

  it('E27: Test connection shows a wrong server, then Connected; settings feed Accept; Sync now runs and brings a new job', async () => {
    const { users, companyPath, sim, server, companyId } = w.current;
    const admin = await w.current.open(users.admin, companyPath('/erp/connection'));
    const form = admin.getByRole('form', { name: 'Spectrum connection' });
    const status = admin.getByRole('status', { name: 'Connection test' });
    const save = async (url: string) => {
      await form.getByRole('textbox', { name: 'Server URL' }).fill(url);
      await form.getByLabel('Authorization ID').fill('DEMO');
      await form.getByRole('button', { name: 'Save connection' }).click();
      await admin.getByText(/saved/i).first().waitFor();
    };
    await save('http://127.0.0.1:9');
    await admin.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/\w/);
    expect(await status.textContent()).not.toMatch(/^Connected/);
    await save(sim.url);
    await admin.getByRole('button', { name: 'Test connection' }).click();
    await status.getByText('Connected').waitFor({ timeout: 20_000 });

    await admin.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'General' }).click();
    const general = admin.getByRole('form', { name: 'General settings' });
    await general.getByRole('combobox', { name: 'Sync schedule' }).selectOption({ label: 'Hourly' });
    await general.getByRole('textbox', { name: 'Daily summary time' }).fill('06:30');
    await general.getByRole('combobox', { name: 'Time zone' }).fill('America/Denver');
    await admin.getByRole('option', { name: 'America/Denver' }).click();
    await general.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('HH:MM, sent at 06:30 America/Denver').waitFor();
    await expect
      .poll(async () => {
        const company = (await w.current.api.admin.get(companyPath(''))).body;
        return [company.settings.syncSchedule, company.settings.dailySummaryTime, company.timeZone];
      })
      .toEqual(['hourly', '06:30', 'America/Denver']);

    const connector = await server.services.ctx.erp.forCompany(companyId);
    await connector.createJob(
      { jobNumber: '24-777', description: 'Made After Sync', priceMethod: 'F', taxable: true },
      [],
    );
    await admin.goto(companyPath('/erp/sync'));
    await admin.getByRole('button', { name: 'Sync now' }).click();
    const runs = admin.getByRole('table', { name: 'Sync runs, newest first' });
    await runs.getByRole('row').nth(1).getByText('Succeeded').waitFor({ timeout: 30_000 });
    await admin.goto(companyPath('/erp/jobs?linked=false'));
    await admin.getByRole('row', { name: '24-777 Made After Sync' }).waitFor();

    const project = await w.current.api.pm.post(companyPath('/projects'), {
      name: 'Template Test',
      number: 'J2701',
      active: true,
    });
    await w.current.api.pm.post(companyPath(`/projects/${project.body.id}/send-to-erp`));
    const approver = await w.current.open(users.approver, companyPath('/erp/requests?kind=project'));
    await approver
      .getByRole('row', { name: 'J2701 Template Test' })
      .getByRole('button', { name: 'Accept' })
      .click();
    expect(
      await approver
        .getByRole('dialog', { name: 'Accept J2701 Template Test' })
        .getByRole('combobox', { name: 'Select a Job Template' })
        .inputValue(),
    ).toBe('TEMPLATE1 — Commercial Job Template');
  });

  it('E29: a webhook’s secret shows once, an accept is Delivered (200), a failure shows its error and Replay delivers', async () => {
    const { api, users, companyPath } = w.current;
    const receiver = await startWebhookReceiver();
    try {
      const admin = await w.current.open(users.admin, companyPath('/webhooks'));
      await admin.getByRole('button', { name: 'Add webhook' }).first().click();
      const add = admin.getByRole('dialog', { name: 'Add webhook' });
      await add.getByRole('textbox', { name: 'URL' }).fill(`${receiver.url}/hooks`);
      await add.getByRole('button', { name: 'Add webhook' }).click();
      const secret = admin.getByRole('dialog', { name: 'Webhook secret' });
      await secret.getByText(/Store it now; it won.t be shown again\./).waitFor();
      expect(await secret.getByRole('textbox', { name: 'Signing secret' }).inputValue()).toMatch(/^whsec_/);
      await secret.getByRole('button', { name: 'Close' }).first().click();

      const vendor = await api.pm.post(companyPath('/vendors'), { name: 'Hooked Hardware', active: true });
      receiver.answer(500);
      await api.pm.post(companyPath(`/vendors/${vendor.body.id}/send-to-erp`));
      await admin.getByRole('link', { name: `${receiver.url}/hooks` }).click();
      const deliveries = admin.getByRole('table', { name: 'Deliveries, newest first' });
      const sent = deliveries.getByRole('row', { name: /request\.sent/ }).first();
      await sent.getByText('500', { exact: true }).waitFor({ timeout: 20_000 });
      expect(await sent.textContent()).toMatch(/receiver error|500/);

      await sent.getByRole('button', { name: 'Replay the request.sent delivery' }).click();
      await expect
        .poll(async () => deliveries.getByRole('row', { name: /request\.sent/ }).count(), { timeout: 20_000 })
        .toBeGreaterThan(1);
      const replayed = deliveries.getByRole('row', { name: /request\.sent/ }).first();
      await replayed.getByText('Delivered').waitFor({ timeout: 20_000 });
      await replayed.getByText('200', { exact: true }).waitFor();
    } finally {
      await receiver.close();
    }
  });

  it('E28: the daily summary at 06:30 America/Denver links to the filtered queue; switched off on Account, nothing comes', async () => {
    const { api, users, companyPath, smtp, server } = w.current;
    for (const name of ['Summary Steel', 'Summary Glass', 'Summary Paint']) await sentVendor(name);
    const settings = await api.admin.put(companyPath('/settings'), {
      timeZone: 'America/Denver',
      dailySummaryTime: '06:30',
    });
    expect(settings.status).toBe(200);
    // The scheduler's minute with the server clock at 06:30 in Denver: its tasks are what `serve` runs.
    const tick = (at: string) =>
      Promise.all(scheduledTasks(server.services.ctx).map((task) => task(new Date(at))));
    // The approver may belong to other companies too (E3), and the real scheduler also ticks each minute
    // for today's date: this company's summaries of the chosen days (years ahead) are told by their text.
    const companyName = (await api.approver.get(companyPath(''))).body.name as string;
    const summaries = (localDate: string) =>
      smtp.received.filter(
        (m) =>
          m.to.includes(users.approver.email) &&
          m.parsed.subject === dailySummarySubject &&
          m.parsed.text?.includes(`queue of ${companyName} (${localDate})`),
      );
    await tick('2031-06-04T12:30:00Z');
    const mail = await until(() => summaries('2031-06-04')[0], 20_000);
    const link = mail.parsed.text?.match(/Open the queue: (\S+)/)?.[1];
    expect(link).toBeDefined();
    const queue = await w.current.open(users.approver, link);
    await queue.getByRole('heading', { name: 'All – Needs action' }).waitFor();
    for (const name of ['Summary Steel', 'Summary Glass', 'Summary Paint'])
      await queue.getByRole('row', { name }).waitFor();

    const account = await w.current.open(users.approver, '/account');
    const box = () =>
      account
        .getByRole('group', { name: companyName })
        .getByRole('checkbox', { name: 'Email me the ERP Integrations Daily Summary' });
    expect(await box().isChecked()).toBe(true);
    // A click while the page's first reads still settle can land on a box about to be drawn again: retry.
    await expect
      .poll(
        async () => {
          await box()
            .uncheck({ timeout: 2_000 })
            .catch(() => undefined);
          return box().isChecked();
        },
        { timeout: 10_000 },
      )
      .toBe(false);
    await account.getByText(/You will no longer receive the ERP Integrations Daily Summary/).waitFor();
    await account.reload();
    expect(await box().isChecked()).toBe(false);

    await tick('2031-06-05T12:30:00Z');
    // The next day's tick queued nothing for the approver: the worker has nothing to send.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(summaries('2031-06-05')).toHaveLength(0);
  });
});
