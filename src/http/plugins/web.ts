import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The built web app (`dist/web`, UI.md §8) from the API's own process. Hashed files under `/assets/`
 * never change, so browsers keep them for a year; everything else, `index.html` first, is revalidated
 * so a new build shows on the next load.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    // The not-found handler sends index.html itself, and `reply.sendFile` would clash with the API docs' own copy.
    decorateReply: false,
    // The build's `.source-hash` is for `scripts/ensure-web.mjs`, not for browsers.
    dotfiles: 'ignore',
    // A directory (`/` first) is a page of the app, not a listing: on to the not-found handler's fallback.
    allowedPath: (path) => !path.endsWith('/'),
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', cacheControlOf(path));
    },
    // A missing `dist/web` is answered per request (503), so a build made later needs no restart.
    suppressWarning: true,
  });
}

const immutable = 'public, max-age=31536000, immutable';

function cacheControlOf(path: string): string {
  return path.includes('/assets/') ? immutable : 'no-cache';
}

/**
 * A page of the app (a browser asking for `/companies/…/erp/requests`): `index.html`, whose router
 * renders the path. Read per request — it is tiny — so a rebuild never leaves it pointing at deleted
 * assets. Without a build, a 503 that says how to make one; the API is unaffected.
 */
export async function sendAppPage(reply: FastifyReply, root: string): Promise<FastifyReply> {
  let html: Buffer;
  try {
    html = await readFile(join(root, 'index.html'));
  } catch {
    return reply
      .code(503)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send('<!doctype html><p>The web app is not built: run <code>npm run build:web</code>.</p>\n');
  }
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
}
