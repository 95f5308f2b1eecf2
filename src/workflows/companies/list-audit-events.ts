import { fromJson } from '../../db/json.ts';
import { splitPage } from '../../db/paging.ts';
import type { WorkflowContext } from '../context.ts';

export interface ListAuditEventsProps {
  companyId: string;
  subjectType?: string;
  subjectId?: string;
  action?: string;
  limit: number;
  /** The id of the last event of the previous page. */
  cursor?: string;
}

/** Newest first; ids are time-ordered, so the last id of a page is the cursor of the next. */
export async function listAuditEvents(ctx: WorkflowContext, props: ListAuditEventsProps) {
  let query = ctx.database.db
    .selectFrom('audit_events')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .orderBy('id', 'desc')
    .limit(props.limit + 1);
  if (props.subjectType) query = query.where('subject_type', '=', props.subjectType);
  if (props.subjectId) query = query.where('subject_id', '=', props.subjectId);
  if (props.action) query = query.where('action', '=', props.action);
  if (props.cursor) query = query.where('id', '<', props.cursor);
  const rows = await query.execute();
  const { page, nextCursor } = splitPage(rows, props.limit, (row) => row.id);
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.at,
      actor: { id: row.actor_id, label: row.actor_label },
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      comment: row.comment ?? undefined,
      before: fromJson(row.before) ?? undefined,
      after: fromJson(row.after) ?? undefined,
    })),
    nextCursor,
  };
}
