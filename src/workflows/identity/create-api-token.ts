import { newId } from '../../db/ids.ts';
import type { Actor } from '../../domain/actor.ts';
import { invalidField } from '../../domain/errors.ts';
import { hashToken, newSecretToken } from '../../security/tokens.ts';
import type { WorkflowContext } from '../context.ts';

/** Returns the token once; only its hash is kept. Without `expiresAt` it works until revoked. */
export async function createApiToken(
  ctx: WorkflowContext,
  props: { actor: Actor; name: string; expiresAt?: string },
): Promise<{ id: string; token: string; expiresAt: string | null }> {
  const now = ctx.clock.now();
  const expiresAt = props.expiresAt === undefined ? null : new Date(props.expiresAt);
  if (expiresAt && expiresAt <= now) throw invalidField('expiresAt', 'must be in the future');
  const id = newId();
  const token = newSecretToken('lg_');
  await ctx.database.db
    .insertInto('api_tokens')
    .values({
      id,
      user_id: props.actor.userId,
      name: props.name,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      last_used_at: null,
      expires_at: expiresAt?.toISOString() ?? null,
    })
    .execute();
  return { id, token, expiresAt: expiresAt?.toISOString() ?? null };
}
