#!/usr/bin/env node
// Runs publint (strict) and @arethetypeswrong/cli over every publishable package.
// Packages must be built first (`pnpm build`). Exits non-zero on any finding.
// The checks run a few at a time: each spends most of its time packing a tarball, so they overlap well.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);

const checks = [];
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const path = join(root, 'packages', dir);
  const manifestPath = join(path, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private) continue;
  // A package without a `require` condition is ESM-only on purpose (the conformance suite needs vitest).
  const esmOnly = manifest.exports?.['.']?.require === undefined;
  checks.push({ name: manifest.name, tool: 'publint', args: ['--strict', '--pack', 'npm', path] });
  checks.push({
    name: manifest.name,
    tool: 'attw',
    args: ['--pack', path, '--format', 'ascii', ...(esmOnly ? ['--profile', 'esm-only'] : [])],
  });
}

/** One check's line for the log, and whether it failed. */
async function check({ name, tool, args }) {
  try {
    const { stdout } = await run(bin(tool), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (tool === 'publint' && !/All good/i.test(stdout))
      return { ok: false, text: `FAIL ${tool.padEnd(7)} ${name}\n${stdout}` };
    return { ok: true, text: `ok   ${tool.padEnd(7)} ${name}` };
  } catch (e) {
    return { ok: false, text: `FAIL ${tool.padEnd(7)} ${name}\n${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const results = new Array(checks.length);
let next = 0;
const workers = Array.from({ length: Math.min(4, Math.max(2, availableParallelism() * 2)) }, async () => {
  while (next < checks.length) {
    const i = next++;
    results[i] = await check(checks[i]);
  }
});
await Promise.all(workers);
let failed = 0;
for (const r of results) {
  if (r.ok) console.log(r.text);
  else {
    failed++;
    console.error(r.text);
  }
}
if (failed > 0) {
  console.error(`${failed} package check(s) failed`);
  process.exit(1);
}
console.log('publint and attw: every package clean');
