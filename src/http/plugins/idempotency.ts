import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import stableStringify from 'safe-stable-stringify';
import { AppError, invalidField } from '../../domain/errors.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import { actorOf } from './access.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request runs under an `Idempotency-Key` it claimed: its answer is kept. */
    idempotencyKey?: { userId: string; key: string };
  }
}

/** How long a key's first answer is kept and replayed. */
const keptMs = 24 * 60 * 60 * 1000;
/**
 * A key still `pending` this long after its request began belongs to a process that died before
 * answering; the key is taken over. Requests here answer within seconds (exports run as jobs), so a
 * live request is never run twice.
 */
const abandonedMs = 60_000;

const fingerprint = (request: FastifyRequest) =>
  createHash('sha256')
    .update(`${request.method} ${request.url}\n${stableStringify(request.body ?? null)}`)
    .digest('hex');

type Claim = { kind: 'new' } | { kind: 'replay'; status: number; body: string | null };

/**
 * Records the key `pending` under its unique (user, key) before the request runs, so two concurrent
 * retries cannot both run; answers the kept answer of a finished one.
 */
async function claim(
  ctx: WorkflowContext,
  props: { userId: string; key: string; requestHash: string },
): Promise<Claim> {
  const { db } = ctx.database;
  for (let tries = 0; tries < 3; tries++) {
    const now = ctx.clock.now();
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        user_id: props.userId,
        key: props.key,
        request_hash: props.requestHash,
        status: 'pending',
        response_status: null,
        response_body: null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows === 1n) {
      // The user's expired keys go as new ones come: the table holds about a day of each user's keys.
      await db
        .deleteFrom('idempotency_keys')
        .where('user_id', '=', props.userId)
        .where('created_at', '<', new Date(now.getTime() - keptMs).toISOString())
        .execute();
      return { kind: 'new' };
    }
    const row = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('user_id', '=', props.userId)
      .where('key', '=', props.key)
      .executeTakeFirst();
    if (!row) continue; // expired and removed meanwhile: claim it again
    const age = now.getTime() - Date.parse(row.created_at);
    if (age > keptMs || (row.status === 'pending' && age > abandonedMs)) {
      await db
        .deleteFrom('idempotency_keys')
        .where('user_id', '=', props.userId)
        .where('key', '=', props.key)
        .where('created_at', '=', row.created_at)
        .execute();
      continue;
    }
    if (row.request_hash !== props.requestHash)
      throw new AppError(
        'idempotency_key_reused',
        'This Idempotency-Key was used with another request; use a new key for a new request',
      );
    if (row.status === 'pending')
      throw new AppError(
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still running; retry in a moment for its answer',
      );
    return {
      kind: 'replay',
      status: row.response_status ?? 200,
      body: row.response_body === null ? null : ctx.secrets.open(row.response_body),
    };
  }
  throw new AppError('idempotency_key_in_use', 'This Idempotency-Key is busy; retry in a moment');
}

/**
 * `Idempotency-Key` on every signed-in POST of `app` (API.md): the first answer of a key is kept for 24
 * hours and a repeat with the same key, method, path and body by the same user gets it again, marked
 * `Idempotent-Replayed: true`, without running anything; the same key with another request is a 422.
 * Answers that say nothing ran (a 5xx, a 429) are not kept, so a retry runs. Validation and permission
 * failures come before the key is looked at, as in Stripe's API.
 */
export function registerIdempotency(app: FastifyInstance, ctx: WorkflowContext): void {
  const before = async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || key.length === 0 || key.length > 255)
      throw invalidField('Idempotency-Key', 'must be 1 to 255 characters');
    const userId = actorOf(request).userId;
    const found = await claim(ctx, { userId, key, requestHash: fingerprint(request) });
    if (found.kind === 'new') {
      request.idempotencyKey = { userId, key };
      return;
    }
    reply.header('idempotent-replayed', 'true').code(found.status);
    if (found.body === null) return reply.send();
    return reply.type(found.status >= 400 ? 'application/problem+json' : 'application/json').send(found.body);
  };

  const keep = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const claimed = request.idempotencyKey;
    if (!claimed) return payload;
    request.idempotencyKey = undefined;
    const { db } = ctx.database;
    if (reply.statusCode >= 500 || reply.statusCode === 429) {
      await db
        .deleteFrom('idempotency_keys')
        .where('user_id', '=', claimed.userId)
        .where('key', '=', claimed.key)
        .where('status', '=', 'pending')
        .execute();
    } else {
      await db
        .updateTable('idempotency_keys')
        .set({
          status: 'done',
          response_status: reply.statusCode,
          // Sealed: some first answers carry a secret shown once (a new API token, a webhook secret).
          response_body: typeof payload === 'string' && payload !== '' ? ctx.secrets.seal(payload) : null,
        })
        .where('user_id', '=', claimed.userId)
        .where('key', '=', claimed.key)
        .where('status', '=', 'pending')
        .execute();
    }
    return payload;
  };

  app.addHook('onRoute', (route) => {
    if (route.config?.access === 'public' || ![route.method].flat().includes('POST')) return;
    route.preHandler = [...[route.preHandler ?? []].flat(), before];
    route.onSend = [...[route.onSend ?? []].flat(), keep];
  });
}
