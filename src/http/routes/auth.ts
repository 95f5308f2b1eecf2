import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WorkflowContext } from '../../workflows/context.ts';
import { createApiToken } from '../../workflows/identity/create-api-token.ts';
import { getMe } from '../../workflows/identity/get-me.ts';
import { listApiTokens } from '../../workflows/identity/list-api-tokens.ts';
import { login, logout } from '../../workflows/identity/login.ts';
import { revokeApiToken } from '../../workflows/identity/revoke-api-token.ts';
import { setOwnDailySummary } from '../../workflows/identity/set-own-daily-summary.ts';
import type { LiveStreams } from '../live-streams.ts';
import { actorAndCompany, actorOf, sessionCookie } from '../plugins/access.ts';
import { type LoginLimits, loginLimit } from '../plugins/login-limit.ts';
import {
  Body,
  CompanyParams,
  Email,
  ErpPermission,
  Id,
  Name,
  Nullable,
  named,
  ProjectPermission,
  problemResponses,
  Timestamp,
} from '../schemas.ts';

const User = named(
  'User',
  Type.Object({ id: Id, email: Type.String(), name: Type.String(), isOperator: Type.Boolean() }),
);
const MyCompany = named(
  'MyCompany',
  Type.Object({
    id: Id,
    name: Type.String(),
    erpPermission: ErpPermission,
    projectPermission: ProjectPermission,
    canPushToAccounting: Type.Boolean(),
    subscribeDailySummary: Type.Boolean(),
  }),
);

export const authRoutes: FastifyPluginAsyncTypebox<{
  ctx: WorkflowContext;
  secureCookies: boolean;
  loginLimits?: LoginLimits;
  streams: LiveStreams;
}> = async (app, { ctx, secureCookies, loginLimits, streams }) => {
  const limitLogins = loginLimit(ctx, loginLimits);
  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      preHandler: limitLogins,
      schema: {
        tags: ['identity'],
        operationId: 'login',
        summary: 'Sign in with email and password; sets the session cookie',
        body: Body({ email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Type.Object({ user: User, csrfToken: Type.String() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const result = await login(ctx, request.body);
      reply.setCookie(sessionCookie, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        expires: result.expiresAt,
      });
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'signedIn' },
      schema: {
        tags: ['identity'],
        operationId: 'logout',
        summary: 'End the session',
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[sessionCookie];
      if (cookie) {
        await logout(ctx, cookie);
        streams.endSession(cookie);
      }
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/tokens',
    {
      config: { access: 'signedIn' },
      schema: {
        tags: ['identity'],
        operationId: 'createApiToken',
        summary:
          'Create an API token for the signed-in user (shown once); without expiresAt it works until revoked',
        body: Body({ name: Name, expiresAt: Type.Optional(Timestamp) }),
        response: {
          201: Type.Object({ id: Id, token: Type.String(), expiresAt: Nullable(Timestamp) }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createApiToken(ctx, { actor: actorOf(request), ...request.body })),
  );

  app.get(
    '/auth/tokens',
    {
      config: { access: 'signedIn' },
      schema: {
        tags: ['identity'],
        operationId: 'listApiTokens',
        summary: 'Your API tokens, newest first (never their secrets)',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Id,
                name: Type.String(),
                createdAt: Timestamp,
                lastUsedAt: Nullable(Timestamp),
                expiresAt: Nullable(Timestamp),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => listApiTokens(ctx, actorOf(request)),
  );

  app.delete(
    '/auth/tokens/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags: ['identity'],
        operationId: 'revokeApiToken',
        summary: 'Revoke one of your API tokens: it stops working at once',
        params: Type.Object({ id: Id }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await revokeApiToken(ctx, { actor: actorOf(request), tokenId: request.params.id });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { access: 'signedIn' },
      schema: {
        tags: ['identity'],
        operationId: 'getMe',
        summary:
          'The signed-in user and their companies; for a cookie session also its CSRF token (null with a bearer token)',
        response: {
          200: named(
            'Me',
            Type.Object({
              ...User.properties,
              companies: Type.Array(MyCompany),
              csrfToken: Nullable(Type.String()),
            }),
          ),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      // The answer carries the CSRF token: no cache may keep it.
      reply.header('cache-control', 'no-store');
      return { ...(await getMe(ctx, actorOf(request))), csrfToken: request.csrfToken ?? null };
    },
  );

  app.patch(
    '/me/companies/:c',
    {
      config: { access: 'setOwnDailySummary' },
      schema: {
        tags: ['identity'],
        operationId: 'updateMyCompany',
        summary: 'Turn your own ERP Integrations Daily Summary on or off in a company you belong to',
        params: CompanyParams,
        body: Body({ subscribeDailySummary: Type.Boolean() }),
        response: { 200: MyCompany, ...problemResponses },
      },
    },
    async (request) => setOwnDailySummary(ctx, { ...actorAndCompany(request), ...request.body }),
  );
};
