#!/usr/bin/env node
// Runs publint (strict) and @arethetypeswrong/cli over every publishable package.
// Packages must be built first (`pnpm build`). Exits non-zero on any finding.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
let failed = 0;
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const path = join(root, 'packages', dir);
  const manifestPath = join(path, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private) continue;
  // A package without a `require` condition is ESM-only on purpose (the conformance suite needs vitest).
  const esmOnly = manifest.exports?.['.']?.require === undefined;
  for (const [tool, args] of [
    ['publint', ['--strict', '--pack', 'npm', path]],
    ['attw', ['--pack', path, '--format', 'ascii', ...(esmOnly ? ['--profile', 'esm-only'] : [])]],
  ]) {
    try {
      const out = execFileSync(bin(tool), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const finding = tool === 'publint' && !/All good/i.test(out);
      if (finding) throw Object.assign(new Error('findings'), { stdout: out });
      console.log(`ok   ${tool.padEnd(7)} ${manifest.name}`);
    } catch (e) {
      failed++;
      console.error(`FAIL ${tool.padEnd(7)} ${manifest.name}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  }
}
if (failed > 0) {
  console.error(`${failed} package check(s) failed`);
  process.exit(1);
}
console.log('publint and attw: every package clean');
