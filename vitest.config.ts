import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
// Tests run against the sources: every @kehu/* import resolves to the package's src/index.ts.
const alias = readdirSync(new URL('./packages', import.meta.url)).map((name) => ({
  find: new RegExp(`^@kehu/${name}$`),
  replacement: `${root}packages/${name}/src/index.ts`,
}));

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Many tests wait on PostgreSQL, PGlite and child processes, so one worker more than the cores overlaps that
    // waiting: the whole run took 294 s with two workers and 200 s with three on a 2-core machine.
    maxWorkers: availableParallelism() + 1,
    // Test files share a worker's module cache instead of importing every package again per file: importing took 190 s
    // of worker time in a full run and 37 s without isolation (the run: 296 s to 219 s on 2 cores). Tests keep no
    // module-level state between files (the guide test changes the environment with vi.stubEnv and undoes it).
    isolate: false,
  },
});
