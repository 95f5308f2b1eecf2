import { newId } from '../../db/ids.ts';
import type { Actor } from '../../domain/actor.ts';
import { hashToken, newSecretToken } from '../../security/tokens.ts';
import type { WorkflowContext } from '../context.ts';

/** Returns the token once; only its hash is kept. */
export async function createApiToken(
  ctx: WorkflowContext,
  props: { actor: Actor; name: string },
): Promise<{ id: string; token: string }> {
  const id = newId();
  const token = newSecretToken('lg_');
  await ctx.database.db
    .insertInto('api_tokens')
    .values({
      id,
      user_id: props.actor.userId,
      name: props.name,
      token_hash: hashToken(token),
      created_at: ctx.clock.now().toISOString(),
      last_used_at: null,
    })
    .execute();
  return { id, token };
}
