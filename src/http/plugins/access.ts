import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/actor.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import { canSeeCompany, type PermissionName, permissions } from '../../domain/permissions.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import {
  type Authenticated,
  authenticateApiToken,
  authenticateSession,
} from '../../workflows/identity/authenticate.ts';

/**
 * Who may call a route: anyone, any signed-in user, or holders of one permission. A route under
 * `/companies/:c` is checked against that company; every route must declare its access.
 */
export type RouteAccess = 'public' | 'signedIn' | PermissionName;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor?: Actor;
    /** The session's CSRF token, for cookie sessions only (`GET /me` hands it back to a reloaded page). */
    csrfToken?: string;
    /** Who limits count against: the API token, or the user of a session. */
    principal?: string;
  }
}

export const sessionCookie = 'lg_session';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in actor; routes that are not public can rely on it. */
export function actorOf(request: Pick<FastifyRequest, 'actor'>): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in or send an API token');
  return request.actor;
}

/** The signed-in actor and the company the path names: what a company's use cases are given first. */
export function actorAndCompany(request: { actor?: Actor; params: { c: string } }): {
  actor: Actor;
  companyId: string;
} {
  return { actor: actorOf(request), companyId: request.params.c };
}

/** Who the request's credentials name now (a live stream asks again while it runs). */
export async function authenticate(
  ctx: WorkflowContext,
  request: FastifyRequest,
): Promise<Authenticated | undefined> {
  const header = request.headers.authorization;
  if (header) {
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token)
      throw new AppError('unauthenticated', 'Use "Authorization: Bearer <token>"');
    const byToken = await authenticateApiToken(ctx, token);
    if (!byToken) throw new AppError('unauthenticated', 'The API token is not valid');
    return byToken;
  }
  const cookie = request.cookies[sessionCookie];
  return cookie ? authenticateSession(ctx, cookie) : undefined;
}

export function registerAccessControl(app: FastifyInstance, ctx: WorkflowContext): void {
  app.addHook('onRoute', (route) => {
    if (!route.config?.access) throw new Error(`route ${route.method} ${route.url} declares no access`);
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access) return; // the 404 handler
    const auth = await authenticate(ctx, request);
    request.actor = auth?.actor;
    request.csrfToken = auth?.csrfToken;
    if (auth) request.principal = auth.tokenId ? `token:${auth.tokenId}` : `user:${auth.actor.userId}`;
    if (access === 'public') return;
    if (!auth) throw new AppError('unauthenticated', 'Sign in or send an API token');
    if (auth.csrfToken !== undefined && !safeMethods.has(request.method)) {
      if (request.headers['x-csrf-token'] !== auth.csrfToken) {
        throw new AppError(
          'forbidden',
          'A signed-in browser request that changes state needs the x-csrf-token header',
        );
      }
    }
    if (access === 'signedIn') return;

    const companyId = (request.params as { c?: string }).c;
    if (companyId !== undefined) {
      // Another company's existence is never revealed: unknown and foreign companies are both 404.
      if (!canSeeCompany(auth.actor, companyId)) throw notFound('Company');
      if (!auth.actor.memberships.has(companyId)) {
        const exists = await ctx.database.db
          .selectFrom('companies')
          .select('id')
          .where('id', '=', companyId)
          .executeTakeFirst();
        if (!exists) throw notFound('Company');
      }
    }
    if (!permissions[access](auth.actor, companyId ?? '')) {
      throw new AppError('forbidden', 'Your permissions do not allow this');
    }
  });
}
