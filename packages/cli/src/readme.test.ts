import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { EXIT } from './exit.js';
import { captureIo } from './io.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The fenced block of `lang` that follows the first occurrence of `after` in the README. */
function block(after: string, lang: string): string {
  const at = readme.indexOf(after);
  expect(at, `README mentions ${after}`).toBeGreaterThanOrEqual(0);
  const match = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme.slice(at));
  if (match === null) throw new Error(`no ${lang} block after ${after}`);
  return match[1]!;
}

describe('the README sample output is what a run prints', () => {
  it('kehu rfm', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kehu-readme-'));
    try {
      const file = join(dir, 'transactions.csv');
      await writeFile(file, block('with this\n`transactions.csv`', 'csv'));
      const io = captureIo();
      expect(await runCli(['rfm', file, '--as-of', '2026-06-30'], io)).toBe(EXIT.ok);
      expect(io.out()).toBe(block('prints on stdout', 'text'));
      expect(io.err().replaceAll(file, 'transactions.csv')).toBe(block('and on stderr', 'text'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // 2,000 customers and the report: a longer timeout for runs beside other test files on 2 cores.
  it('kehu demo --storage memory', async () => {
    // The report goes to a temporary folder; the README shows the default path a user sees.
    const dir = await mkdtemp(join(tmpdir(), 'kehu-readme-demo-'));
    try {
      const report = join(dir, 'kehu-report.html');
      const io = captureIo();
      expect(await runCli(['demo', '--storage', 'memory', '--report', report], io)).toBe(EXIT.ok);
      const printed = io.out().slice(0, io.out().indexOf('\nDone in ')).replace(report, 'kehu-report.html');
      expect(`${printed}\n`).toBe(block('Output of `kehu demo --storage memory`', 'text'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
