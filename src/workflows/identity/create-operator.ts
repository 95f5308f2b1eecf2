import { newId } from '../../db/ids.ts';
import { hashPassword } from '../../security/passwords.ts';
import type { WorkflowContext } from '../context.ts';
import { normaliseEmail } from '../shared/actors.ts';

/** Creates an operator account, or makes an existing user an operator with the new password. */
export async function createOperator(
  ctx: WorkflowContext,
  props: { email: string; password: string; name?: string },
): Promise<{ id: string; created: boolean }> {
  const email = normaliseEmail(props.email);
  const passwordHash = await hashPassword(props.password);
  const now = ctx.clock.now().toISOString();
  return ctx.database.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing) {
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, is_operator: 1, updated_at: now })
        .where('id', '=', existing.id)
        .execute();
      // A password reset ends every open session of that account.
      await trx.deleteFrom('sessions').where('user_id', '=', existing.id).execute();
      return { id: existing.id, created: false };
    }
    const id = newId();
    await trx
      .insertInto('users')
      .values({
        id,
        email,
        name: props.name ?? email,
        password_hash: passwordHash,
        is_operator: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return { id, created: true };
  });
}
