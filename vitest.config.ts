import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

const serialTests = [
  'test/flows/**/*.test.ts',
  'test/model/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/jobs/**/*.test.ts',
];

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        // Two files at a time: most of these wait on sockets, databases and browsers, not the CPU.
        extends: true,
        test: {
          name: 'backend',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...serialTests],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // One file at a time, after the others: processes killed and restarted, outages, leases and
        // deadlines measured in wall time, whose bounds assume the machine is theirs.
        extends: true,
        test: { name: 'backend-serial', include: serialTests, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
      {
        // Component and unit tests of the web app, beside their files (UI.md §9).
        extends: true,
        plugins: [react()],
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['web/src/test-setup.ts'],
          // Relative API paths resolve against this origin, as they do in the browser.
          environmentOptions: { happyDOM: { url: 'http://127.0.0.1:8080/' } },
          // The browser's zone is not the company's: dates must come out in the company zone anyway.
          env: { TZ: 'UTC' },
          // The files share a worker's imported modules: importing React and the app for each of 45 files cost
          // 80 s of CI's 25 minutes, shared 20 s. They pass in any order (`--sequence.shuffle`).
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
    ],
  },
});
