import { defineConfig } from 'tsup';
import { base } from '../../tsup.base';

// scan-worker is the worker-thread entry of the parallel CSV scan (loaded by URL next to
// the module that starts it); `shims` gives the CommonJS build an `import.meta.url`.
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/scan-worker.ts'], shims: true });
