import { AppError } from '../../domain/errors.ts';
import { decoyPasswordHash, verifyPassword } from '../../security/passwords.ts';
import { hashToken, newSecretToken } from '../../security/tokens.ts';
import type { WorkflowContext } from '../context.ts';
import { normaliseEmail } from '../shared/actors.ts';

export const sessionLifetimeMs = 14 * 24 * 3600 * 1000;

export interface LoginResult {
  user: { id: string; email: string; name: string; isOperator: boolean };
  /** The cookie value; only its hash is stored. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function login(
  ctx: WorkflowContext,
  props: { email: string; password: string },
): Promise<LoginResult> {
  const { db } = ctx.database;
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normaliseEmail(props.email))
    .executeTakeFirst();
  // Always verify against some hash, so a wrong email costs as long as a wrong password.
  const valid = await verifyPassword(props.password, user?.password_hash ?? decoyPasswordHash);
  if (!user?.password_hash || !valid) throw new AppError('unauthenticated', 'The email or password is wrong');

  const now = ctx.clock.now();
  const sessionToken = newSecretToken();
  const csrfToken = newSecretToken();
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  await db
    .insertInto('sessions')
    .values({
      id: hashToken(sessionToken),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute();
  return {
    user: { id: user.id, email: user.email, name: user.name, isOperator: user.is_operator === 1 },
    sessionToken,
    csrfToken,
    expiresAt,
  };
}

export async function logout(ctx: WorkflowContext, sessionToken: string): Promise<void> {
  await ctx.database.db.deleteFrom('sessions').where('id', '=', hashToken(sessionToken)).execute();
}
