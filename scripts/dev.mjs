// `npm run dev` (UI.md §8): the demo server, restarted on source changes, and Vite's dev server with hot
// reload in front of it (http://127.0.0.1:5173, which proxies /api to the server). Each line is
// prefixed with its process; one Ctrl-C stops both, and either one ending stops the other.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

let interrupted = false;
const processes = [
  {
    name: 'api',
    command: bin('tsx'),
    args: ['watch', 'src/cli/main.ts', 'demo', '--port', '8080'],
    // Links in emails point at the page the developer has open.
    env: { PUBLIC_URL: 'http://127.0.0.1:5173' },
  },
  { name: 'web', command: bin('vite'), args: ['--config', 'web/vite.config.ts'], env: {} },
];

const children = processes.map(({ name, command, args, env }) => {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  child.on('exit', (code, signal) => {
    console.log(`[${name}] stopped (${signal ?? code})`);
    // Stopped by Ctrl-C: a clean exit. Otherwise the first process to end gives its code.
    if (!interrupted) process.exitCode ??= code ?? 1;
    stopAll();
  });
  return child;
});

function stopAll() {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    interrupted = true;
    stopAll();
  });
