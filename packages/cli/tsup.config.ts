import { defineConfig } from 'tsup';
import { base } from '../../tsup.base';

// bin is the `kehu` executable; the CSV scan's worker thread ships with @kehu/ingest.
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/bin.ts'] });
