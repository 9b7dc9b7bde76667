import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The browser tests poll the page; at a load of 12-14 on the shared 2 cores vitest's default 1 s was too short for a
    // fresh page's first render (channels.browser.test.ts failed 3 of 3 at HEAD, passes with this).
    expect: { poll: { timeout: 10_000 } },
    globalSetup: ['test/setup/build.ts'],
    setupFiles: ['test/setup/no-network.ts'],
  },
});
