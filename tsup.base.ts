import type { Options } from 'tsup';

/** Shared tsup settings: ESM + CJS + declarations for every package. */
export const base: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
  splitting: false,
};
