import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { createLoggingMailer, createSmtpMailer, type Mailer } from '../../src/notify/mailer.ts';
import { jobHandlers } from '../../src/server.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { deliverMail, mailJobKind, type NewMail, queueMail } from '../../src/workflows/notify/mail.ts';
import { fastQueue, testContext } from '../support/context.ts';
import { dialects, until, useTestDatabase } from '../support/databases.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

const mail = (n: number): NewMail => ({
  companyId: null,
  to: `approver${n}@example.com`,
  subject: `Test mail ${n}`,
  text: `Plain body ${n}`,
  html: `<p>HTML body <b>${n}</b></p>`,
});

const queue = (ctx: WorkflowContext, m: NewMail) =>
  ctx.database.db.transaction().execute((trx) => queueMail(trx, ctx, m));

const job = (attempt: number) => ({
  id: '1',
  kind: mailJobKind,
  attempt,
  maxAttempts: 10,
  signal: new AbortController().signal,
});

const row = (database: Database, id: string) =>
  database.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe.each(dialects)('the mail outbox on %s', (dialect) => {
  const db = useTestDatabase(dialect);
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  let ctx: WorkflowContext;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    mailer = createSmtpMailer(smtp.url, 'Ledgergate <noreply@ledgergate.test>');
    ctx = testContext(db.current, systemClock, { mailer, queue: fastQueue });
    await ctx.queue.prepare();
    await ctx.queue.start(jobHandlers(ctx));
  });
  afterAll(async () => {
    await ctx?.queue.stop();
    mailer?.close();
    await smtp?.stop();
  });

  it('sends a queued mail through SMTP, text and HTML, and marks it sent', async () => {
    const id = await queue(ctx, mail(1));
    const sent = await until(async () =>
      (await row(db.current, id)).status === 'sent' ? row(db.current, id) : undefined,
    );
    expect(sent).toMatchObject({ attempts: 1, last_error: null, sent_at: expect.any(String) });
    const got = smtp.received.find((r) => r.parsed.subject === 'Test mail 1')!;
    expect(got.to).toEqual(['approver1@example.com']);
    expect(got.parsed.from).toMatchObject({ address: 'noreply@ledgergate.test', name: 'Ledgergate' });
    expect(got.parsed.text?.trim()).toBe('Plain body 1');
    expect(got.parsed.html).toContain('<p>HTML body <b>1</b></p>');
    expect(got.parsed.messageId).toContain(id);
  });

  it('keeps nothing when the transaction that queued the mail rolls back', async () => {
    const before = await db.current.db.selectFrom('mail_outbox').select('id').execute();
    await expect(
      db.current.db.transaction().execute(async (trx) => {
        await queueMail(trx, ctx, mail(2));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.current.db.selectFrom('mail_outbox').select('id').execute()).toEqual(before);
  });

  it('loses nothing while the SMTP server is down: retries with backoff, delivers once it is back', async () => {
    const port = smtp.port;
    await smtp.stop();
    const ids: string[] = [];
    for (const n of [3, 4, 5]) ids.push(await queue(ctx, mail(n)));
    // Every mail has failed at least twice, and is still queued with the reason.
    await until(async () => {
      const rows = await Promise.all(ids.map((id) => row(db.current, id)));
      return rows.every((r) => r.status === 'queued' && r.attempts >= 2 && r.last_error);
    }, 15_000);
    await smtp.start();
    expect(smtp.port).toBe(port);
    await until(async () => {
      const rows = await Promise.all(ids.map((id) => row(db.current, id)));
      return rows.every((r) => r.status === 'sent');
    }, 15_000);
    const subjects = smtp.received
      .map((r) => r.parsed.subject)
      .filter((s) => /Test mail [345]/.test(s ?? ''));
    expect(subjects.sort()).toEqual(['Test mail 3', 'Test mail 4', 'Test mail 5']);
    expect((await ctx.queue.stats()).dead).toBe(0);
  });

  it('without SMTP_URL marks the mail logged and logs its recipient and subject, never its body', async () => {
    const lines: string[] = [];
    const logCtx = { ...ctx, mailer: createLoggingMailer((line) => lines.push(line)) };
    // Put in the outbox directly and delivered by hand: the running worker belongs to the SMTP context.
    const id = `logged-${Date.now()}`;
    await db.current.db
      .insertInto('mail_outbox')
      .values({
        id,
        company_id: null,
        to: 'nobody@example.com',
        subject: 'Only logged',
        text: 'secret link https://x.test/reset?token=abc',
        html: '<p>secret</p>',
        status: 'queued',
        attempts: 0,
        last_error: null,
        created_at: new Date().toISOString(),
        sent_at: null,
      })
      .execute();
    await deliverMail(logCtx, { mailId: id }, job(1));
    expect((await row(db.current, id)).status).toBe('logged');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('nobody@example.com');
    expect(lines[0]).toContain('Only logged');
    expect(lines[0]).not.toContain('token');
    // Delivering again changes nothing: the job is idempotent.
    await deliverMail(logCtx, { mailId: id }, job(2));
    expect(lines).toHaveLength(1);
  });
});
