// Builds the web app into dist/web unless that build is of the current sources (UI.md §8). Run by
// `npm install`/`npm ci` (prepare), `npm start` and `npm test`, so a checkout serves the app with no
// extra step and a `git pull` without reinstalling still rebuilds. Plain JavaScript: it runs before
// anything else and needs nothing but Node and, to build, Vite.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist', 'web');
const hashFile = join(outDir, '.source-hash');

/** One hash over every file of web/ (names and contents) and the lockfile, which pins what Vite bundles. */
async function sourceHash() {
  const entries = await readdir(join(root, 'web'), { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const lockfile = join(root, 'package-lock.json');
  if (existsSync(lockfile)) files.push(lockfile);
  const hash = createHash('sha256');
  for (const file of files.map((f) => relative(root, f)).sort()) {
    hash.update(`${file}\0`);
    hash.update(await readFile(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const hash = await sourceHash();
const built = existsSync(join(outDir, 'index.html')) && existsSync(hashFile);
if (built && (await readFile(hashFile, 'utf8')) === hash) process.exit(0);

// A caller's NODE_ENV (vitest sets `test`) would make Vite bundle React's development build.
process.env.NODE_ENV = 'production';
let vite;
try {
  vite = await import('vite');
} catch {
  // Installed with --omit=dev: the API runs, and `/` says how to build the app.
  console.log('web app not built: run npm run build:web');
  process.exit(0);
}
const started = performance.now();
await vite.build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn' });
await writeFile(hashFile, hash);
console.log(`web app built into dist/web in ${((performance.now() - started) / 1000).toFixed(1)} s`);
