import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Five tiers, all run by `npm test`:
 * unit (pure logic beside the code), db (real PostgreSQL, real migrations),
 * e2e (the built server as a child process, real HTTP and websockets), fuzz (hostile frames
 * against that server, bounded by FUZZ_FRAMES), browser (real Chromium).
 */
export default defineConfig({
  resolve: {
    alias: {
      '@accord/contracts': fromRoot('libs/contracts/src/index.ts'),
      '@accord/editor': fromRoot('libs/editor/src/index.ts'),
      '@accord/i18n': fromRoot('libs/i18n/src/index.ts'),
    },
  },
  test: {
    globalSetup: [fromRoot('tests/fixtures/global-setup.ts')],
    // expect.poll waits for what a user would wait for. Vitest's default of one second failed
    // browser tests in CI when the machine was busy (a focus or a scroll arriving after 1 s);
    // a condition that never holds still fails, only later.
    expect: { poll: { timeout: 15_000, interval: 50 } },
    projects: [
      { extends: true, test: { name: 'unit', include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts'], environment: 'node' } },
      { extends: true, test: { name: 'db', include: ['tests/db/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false } },
      // Hostile frames against the built server; FUZZ_FRAMES bounds it (CI runs the default).
      { extends: true, test: { name: 'fuzz', include: ['tests/fuzz/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 60_000, fileParallelism: false } },
      { extends: true, test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 90_000, fileParallelism: false } },
    ],
  },
});
