import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '..');

/** A package README's runnable example: its first `ts` block, the convention scripts/check-consumer.mjs uses too. */
function example(dir: string): string {
  const readme = readFileSync(join(root, 'packages', dir, 'README.md'), 'utf8');
  const code = /^```(?:ts|typescript)[ \t]*\r?\n([\s\S]*?)^```/m.exec(readme)?.[1];
  if (code === undefined) throw new Error(`packages/${dir}/README.md has no ts block`);
  return code;
}

/**
 * Runs a README example as written (its `@kehu/*` imports resolve to the sources, as in
 * every test) and returns what it logged, one string per `console.log` call.
 */
async function run(dir: string): Promise<string[]> {
  const file = join(root, 'packages', dir, `readme-example-${process.pid}.tmp.ts`);
  writeFileSync(file, `${example(dir)}\nexport {};\n`);
  const logged: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  });
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    log.mockRestore();
    rmSync(file, { force: true });
  }
  return logged;
}

afterEach(() => vi.restoreAllMocks());

describe('README examples run as written', () => {
  it('@kehu/ingest', async () => {
    const logged = await run('ingest');
    expect(logged[0]).toBe('3 1 {"line":4,"field":"amount","reason":"amount \\"abc\\" is not a non-negative decimal"}');
    expect(logged[1]).toBe('[["c-1","1799.9"]]');
    expect(logged.at(-1)).toBe('2 2 2');
  });

  it('@kehu/sample-data', async () => {
    const logged = await run('sample-data');
    expect(logged[0]).toBe('50 2026-06-30T16:00:00.000Z');
    expect(logged[2]).toBe('true');
  });

  it('@kehu/satisfaction', async () => {
    const logged = await run('satisfaction');
    expect(logged[0]).toMatch(/^70 \{"lower":39\.67\d+,"upper":89\.22\d+,"level":0\.95\} 10 \["SMALL_SAMPLE"\]$/);
    expect(logged[1]).toMatch(/^10 \{"lower":-36\.06\d+,"upper":51\.44\d+,"level":0\.95\}$/);
    expect(logged[2]).toMatch(/^25 -15 no-detectable-difference No detectable difference between A and B/);
    expect(logged[3]).toMatch(/^0\.89\d+ speed \[\]$/);
  });

  it('@kehu/churn', async () => {
    const logged = await run('churn');
    expect(logged[0]).toBe('85.6 critical market.product-obsolete low');
    expect(logged[2]).toBe('1 critical product-innovation');
    expect(logged[3]).toBe('0.933 0.129');
    expect(logged[4]).toMatch(/^true 0\.2\d /);
  });

  it('@kehu/cadence', async () => {
    const logged = await run('cadence');
    expect(logged[0]).toBe('2026-09-28 am-2 c-3 new-customer  on the preferred day 2026-09-28');
    expect(logged[1]).toBe('2026-09-30 am-1 c-1 birthday+cadence+holiday  on the preferred day 2026-09-30');
    expect(logged[2]).toMatch(/^2026-10-08 am-1 c-2 post-purchase late late: .*National Day \(10-01\.\.10-07\)$/);
    expect(logged[3]).toMatch(/^2026-10-12 am-1 c-3 new-customer {2}reassigned from am-2/);
    expect(logged[5]).toMatch(/^overdue CA-9: overdue since 2026-10-02/);
  });

  it('@kehu/plans', async () => {
    const logged = await run('plans');
    expect(logged[0]).toMatch(/^approved standard signed by finance-2 in step finance .*the plan is approved$/);
    expect(logged[1]).toBe('2026-Q1 6000 4200 -1800 -1800 0 0 true');
    expect(logged[2]).toBe('2026-Q2 6000 8400 2400 1800 0 600 true');
    expect(logged[3]).toBe('40 stage 100000');
    expect(logged[4]).toBe('lead 4, needs-analysis 5, proposal 6');
  });

  it('@kehu/report', async () => {
    const logged = await run('report');
    expect(logged).toEqual(['true true', 'false true', 'true']);
  });
});
