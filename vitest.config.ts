import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests run dist/bin: built fresh before a run and before every watch-mode rerun.
    globalSetup: ['test/helpers/fresh-build.ts'],
    // Real processes, real sshd and tmux: give them room on a 2-core CI machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
