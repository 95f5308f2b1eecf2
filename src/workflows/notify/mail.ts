import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import type { DB } from '../../db/schema.ts';
import { errorMessage } from '../../domain/error-message.ts';
import type { JobContext } from '../../jobs/queue.ts';
import type { WorkflowContext } from '../context.ts';

export const mailJobKind = 'mail.deliver';
/**
 * With the queue's backoff (1 s doubling, capped at 5 min) about 3.5 hours of retries while the SMTP
 * server is down; the mail stays `queued` with its last error if even that is not enough.
 */
export const mailMaxAttempts = 50;

export interface MailJob {
  mailId: string;
}

export interface NewMail {
  companyId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Puts a mail in the outbox and enqueues its delivery, both through the caller's transaction: the mail
 * exists (and will be sent) exactly when the change that caused it committed.
 */
export async function queueMail(
  trx: Kysely<DB>,
  ctx: Pick<WorkflowContext, 'queue' | 'clock'>,
  mail: NewMail,
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('mail_outbox')
    .values({
      id,
      company_id: mail.companyId,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      status: 'queued',
      attempts: 0,
      last_error: null,
      created_at: ctx.clock.now().toISOString(),
      sent_at: null,
    })
    .execute();
  const job: MailJob = { mailId: id };
  await ctx.queue.enqueue(trx, mailJobKind, job, {
    key: `${mailJobKind}:${id}`,
    maxAttempts: mailMaxAttempts,
    group: mail.companyId ?? undefined,
  });
  return id;
}

/**
 * The mail job: hands a queued mail to the mailer and marks it `sent` (or `logged` without SMTP). An SMTP
 * failure is noted on the row and thrown, so the queue retries with backoff. At least once: a worker
 * that dies between the SMTP answer and the update sends the mail again, with the same Message-ID.
 */
export async function deliverMail(ctx: WorkflowContext, payload: unknown, _job: JobContext): Promise<void> {
  const { mailId } = payload as MailJob;
  const { db } = ctx.database;
  const mail = await db.selectFrom('mail_outbox').selectAll().where('id', '=', mailId).executeTakeFirst();
  if (mail?.status !== 'queued') return;
  let outcome: 'sent' | 'logged';
  try {
    outcome = await ctx.mailer.send({
      id: mail.id,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
  } catch (error) {
    await db
      .updateTable('mail_outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: errorMessage(error) }))
      .where('id', '=', mail.id)
      .execute();
    throw error;
  }
  await db
    .updateTable('mail_outbox')
    .set((eb) => ({
      status: outcome,
      attempts: eb('attempts', '+', 1),
      last_error: null,
      sent_at: ctx.clock.now().toISOString(),
    }))
    .where('id', '=', mail.id)
    .where('status', '=', 'queued')
    .execute();
}
