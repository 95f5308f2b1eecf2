import type { Actor } from '../../domain/actor.ts';
import { hashToken } from '../../security/tokens.ts';
import type { WorkflowContext } from '../context.ts';
import { loadActor } from '../shared/actors.ts';

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
  const session = await ctx.database.db
    .selectFrom('sessions')
    .select(['user_id', 'csrf_token', 'expires_at'])
    .where('id', '=', hashToken(sessionToken))
    .executeTakeFirst();
  if (!session || session.expires_at <= ctx.clock.now().toISOString()) return undefined;
  const actor = await loadActor(ctx.database.db, session.user_id);
  return actor && { actor, csrfToken: session.csrf_token };
}

export async function authenticateApiToken(
  ctx: WorkflowContext,
  token: string,
): Promise<Authenticated | undefined> {
  const { db } = ctx.database;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  const now = ctx.clock.now();
  if (!row || (row.expires_at !== null && row.expires_at <= now.toISOString())) return undefined;
  // Record use at most once a minute: a busy integration should not write on every request.
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  const actor = await loadActor(db, row.user_id);
  return actor && { actor, tokenId: row.id };
}
