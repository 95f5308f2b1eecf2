import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webRoot = join(root, 'dist', 'web');
const budget = 250 * 1024;

/** The JavaScript a first visit loads before anything renders: the entry and the chunks it preloads. */
async function entryScripts(): Promise<string[]> {
  const html = await readFile(join(webRoot, 'index.html'), 'utf8');
  const tags = html.match(/<(?:script type="module"|link rel="modulepreload")[^>]*>/g) ?? [];
  return tags.map((tag) => /(?:src|href)="\/([^"]+\.js)"/.exec(tag)?.[1]).filter((src) => src !== undefined);
}

describe('the built web app', () => {
  beforeAll(() => {
    // Builds only when web/ or the lockfile changed since the last build.
    execFileSync(process.execPath, [join(root, 'scripts', 'ensure-web.mjs')], { stdio: 'inherit' });
  }, 120_000);

  it('loads at most 250 kB of gzipped JavaScript before the first screen (UI.md §5)', async () => {
    const scripts = await entryScripts();
    expect(scripts.length).toBeGreaterThan(0);
    let gzipped = 0;
    for (const script of scripts)
      gzipped += gzipSync(await readFile(join(webRoot, script)), { level: 9 }).length;
    console.log(`entry JavaScript: ${(gzipped / 1024).toFixed(1)} kB gzip in ${scripts.length} file(s)`);
    expect(gzipped).toBeLessThanOrEqual(budget);
  });

  it('has no inline script, which the CSP (script-src self) would block', async () => {
    const html = await readFile(join(webRoot, 'index.html'), 'utf8');
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
  });
});
