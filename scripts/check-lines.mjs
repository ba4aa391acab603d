#!/usr/bin/env node
// Fails when a tracked source line is longer than 120 characters. Biome's formatter keeps
// code within that width; this catches what it does not wrap: comments and long strings.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX = 120;
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts', '*.mjs', '*.cjs', '*.js'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f !== '' && !f.startsWith('docs/api/') && !f.includes('/dist/'));
let long = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the work tree
  }
  text.split('\n').forEach((line, i) => {
    if ([...line].length > MAX) {
      long++;
      console.error(`${file}:${i + 1}: ${[...line].length} characters (at most ${MAX})`);
    }
  });
}
if (long > 0) {
  console.error(`${long} line(s) longer than ${MAX} characters`);
  process.exit(1);
}
console.log(`lines: none longer than ${MAX} characters`);
