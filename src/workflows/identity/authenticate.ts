import type { Actor } from '../../domain/actor.ts';
import { hashToken } from '../../security/tokens.ts';
import type { WorkflowContext } from '../context.ts';
import { actorColumns, actorOfRows } from '../shared/actors.ts';

export interface Authenticated {
  actor: Actor;
  /** Present for cookie sessions: state-changing requests must echo it. */
  csrfToken?: string;
  /** Present for API tokens: limits count per token. */
  tokenId?: string;
}

export async function authenticateSession(
  ctx: WorkflowContext,
  sessionToken: string,
): Promise<Authenticated | undefined> {
  const rows = await ctx.database.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['s.csrf_token', 's.expires_at', ...actorColumns])
    .where('s.id', '=', hashToken(sessionToken))
    .execute();
  const session = rows[0];
  if (!session || session.expires_at <= ctx.clock.now().toISOString()) return undefined;
  const actor = actorOfRows(rows);
  return actor && { actor, csrfToken: session.csrf_token };
}

export async function authenticateApiToken(
  ctx: WorkflowContext,
  token: string,
): Promise<Authenticated | undefined> {
  const { db } = ctx.database;
  const rows = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .leftJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['t.id as token_id', 't.last_used_at', 't.expires_at', ...actorColumns])
    .where('t.token_hash', '=', hashToken(token))
    .execute();
  const row = rows[0];
  const now = ctx.clock.now();
  if (!row || (row.expires_at !== null && row.expires_at <= now.toISOString())) return undefined;
  // Record use at most once a minute: a busy integration should not write on every request.
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.token_id)
      .execute();
  }
  const actor = actorOfRows(rows);
  return actor && { actor, tokenId: row.token_id };
}
