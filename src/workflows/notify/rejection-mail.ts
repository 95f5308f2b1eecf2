import type { Kysely, Selectable } from 'kysely';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { renderRejectionMail } from '../../notify/emails/rejection.ts';
import { recordPath } from '../../notify/links.ts';
import type { WorkflowContext } from '../context.ts';
import { refOfRequest } from '../shared/send-subjects/index.ts';
import { queueMail } from './mail.ts';

/**
 * The rejection email, queued in the rejection's transaction: to the request's sender and, for a
 * project, also to the project's creator when that is someone else. One mail per recipient.
 */
export async function queueRejectionMail(
  trx: Kysely<DB>,
  ctx: Pick<WorkflowContext, 'queue' | 'clock' | 'publicUrl'>,
  props: { request: Selectable<ErpRequestsTable>; actor: Actor; comment: string },
): Promise<string[]> {
  const { request } = props;
  const recipientIds = [request.sender_id];
  if (request.kind === 'project') {
    const project = await trx
      .selectFrom('projects')
      .select('created_by')
      .where('id', '=', request.subject_id)
      .executeTakeFirst();
    if (project && project.created_by !== request.sender_id) recipientIds.push(project.created_by);
  }
  const recipients = await trx
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', 'in', recipientIds)
    .execute();
  const company = await trx
    .selectFrom('companies')
    .select('name')
    .where('id', '=', request.company_id)
    .executeTakeFirstOrThrow();
  const link = `${ctx.publicUrl}${recordPath(refOfRequest(request))}`;
  const ids: string[] = [];
  for (const recipient of recipients) {
    const mail = renderRejectionMail({
      recipientName: recipient.name,
      approver: props.actor.email,
      companyName: company.name,
      kind: request.kind,
      label: request.subject_label,
      comment: props.comment,
      link,
    });
    ids.push(await queueMail(trx, ctx, { companyId: request.company_id, to: recipient.email, ...mail }));
  }
  return ids;
}
