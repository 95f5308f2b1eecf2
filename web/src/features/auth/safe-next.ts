/**
 * Where to go after signing in: `next` when it is a path on this origin, else `/`. A full URL or a
 * protocol-relative `//host` would turn the sign-in page into an open redirect.
 */
export function safeNext(next: string | undefined, origin: string): string {
  if (!next?.startsWith('/')) return '/';
  const url = new URL(next, origin);
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : '/';
}
