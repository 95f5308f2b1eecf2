import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'backend', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
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
        },
      },
    ],
  },
});
