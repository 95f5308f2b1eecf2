import type { Actor } from '../../domain/actor.ts';
import type { WorkflowContext } from '../context.ts';

export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: string;
  /** Recorded at most once a minute. */
  lastUsedAt: string | null;
  expiresAt: string | null;
}

/** The signed-in user's own tokens, newest first, expired ones included (never a secret: none is kept). */
export async function listApiTokens(ctx: WorkflowContext, actor: Actor): Promise<{ items: ApiTokenView[] }> {
  const rows = await ctx.database.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'expires_at'])
    .where('user_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return {
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      expiresAt: row.expires_at,
    })),
  };
}
