import type { Actor } from '../../domain/actor.ts';
import { notFound } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';

/** Deletes one of the user's own tokens: the next request with it is 401. Another user's token is 404. */
export async function revokeApiToken(
  ctx: WorkflowContext,
  props: { actor: Actor; tokenId: string },
): Promise<void> {
  const deleted = await ctx.database.db
    .deleteFrom('api_tokens')
    .where('id', '=', props.tokenId)
    .where('user_id', '=', props.actor.userId)
    .executeTakeFirst();
  if (deleted.numDeletedRows !== 1n) throw notFound('Token');
}
