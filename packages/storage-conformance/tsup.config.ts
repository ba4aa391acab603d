import { defineConfig } from 'tsup';
import { base } from '../../tsup.base';

// ESM only: the suite registers vitest tests, and vitest cannot be loaded with require().
export default defineConfig({ ...base, format: ['esm'] });
