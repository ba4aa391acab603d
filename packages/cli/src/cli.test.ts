import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { EXIT } from './exit.js';
import { captureIo } from './io.js';
import { VERSION } from './version.js';

describe('kehu command line', () => {
  it('documents every command and option in --help', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(EXIT.ok);
    expect(io.out()).toMatch(/demo/);
    const demo = captureIo();
    expect(await runCli(['demo', '--help'], demo)).toBe(EXIT.ok);
    for (const option of ['--seed', '--customers', '--as-of', '--storage', '--json'])
      expect(demo.out()).toContain(option);
  });

  it('prints its version, equal to the package version', async () => {
    const io = captureIo();
    expect(await runCli(['--version'], io)).toBe(EXIT.ok);
    expect(io.out().trim()).toBe(VERSION);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });

  it.each([
    [['frobnicate']],
    [['demo', '--seed', 'abc']],
    [['demo', '--customers', '0']],
    [['demo', '--as-of', '30/06/2026']],
    [['demo', '--storage', 'floppy:A']],
    [['demo', '--storage', 'postgres:not-a-url']],
    [['demo', '--colour']],
  ])('exits 2 with a message on stderr for %j', async (argv) => {
    const io = captureIo();
    expect(await runCli(argv, io)).toBe(EXIT.usage);
    expect(io.err().length).toBeGreaterThan(0);
    expect(io.out()).toBe('');
  });

  it('runs a small demo and prints the stored counts, bilingual', async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--customers', '120', '--seed', '3', '--storage', 'memory'], io)).toBe(EXIT.ok);
    expect(io.out()).toMatch(/customers 客户\s+120/);
    expect(io.out()).toMatch(/transactions 交易\s+[\d,]+/);
    expect(io.out()).toMatch(/audit entries 审计记录/);
    expect(io.err()).toMatch(/transactions 交易 [\d,]+\/[\d,]+/);
  });

  it('prints the summary as JSON with --json, counts read back from the store', async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--customers', '80', '--json', '--storage', 'memory'], io)).toBe(EXIT.ok);
    const summary = JSON.parse(io.out()) as {
      customers: { total: number; persons: number; organizations: number };
      transactions: { total: number; purchases: number; refunds: number; returns: number; gross: string; net: string };
      auditEntries: number;
      contactRecords: number;
      value: { assignments: number; grades: Record<string, { customers: number }> };
    };
    expect(summary.customers.total).toBe(80);
    expect(summary.customers.persons + summary.customers.organizations).toBe(80);
    const t = summary.transactions;
    expect(t.purchases + t.refunds + t.returns).toBe(t.total);
    expect(t.gross).toMatch(/^\d+\.\d{2}$/);
    expect(Number(t.net)).toBeLessThanOrEqual(Number(t.gross));
    // AR-4: one audit entry per customer, per contact record, per grade assignment and per account manager (12)
    expect(summary.auditEntries).toBe(80 + summary.contactRecords + summary.value.assignments + 12);
    expect(Object.values(summary.value.grades).reduce((n, g) => n + g.customers, 0)).toBeGreaterThan(0);
  });

  it('stores into PGlite in a directory, says where, and a second run adds nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kehu-demo-'));
    try {
      const runs: Array<Record<string, unknown>> = [];
      for (let i = 0; i < 2; i++) {
        const io = captureIo();
        expect(await runCli(['demo', '--customers', '60', '--json', '--storage', `pglite:${dir}`], io)).toBe(EXIT.ok);
        expect(io.err()).toContain(`storing into PGlite (embedded PostgreSQL) in ${dir}`);
        const {
          elapsedSeconds: _,
          value,
          churn,
          ...summary
        } = JSON.parse(io.out()) as {
          elapsedSeconds: number;
          value: { stored: boolean };
          churn: { alerts: { count: number }; exit: { customerId: string } };
        };
        expect(value.stored).toBe(i === 0);
        // CH-3: alerts are raised once; the second run finds the first run's scores and raises none.
        if (i === 1) expect(churn.alerts.count).toBe(0);
        expect(churn.exit.customerId).not.toBe('');
        runs.push({ ...summary, value: { ...value, stored: null } });
      }
      expect(runs[1]).toEqual(runs[0]);
      expect((runs[0] as unknown as { customers: { total: number } }).customers.total).toBe(60);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
