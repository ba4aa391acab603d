import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
    for (const option of ['--seed', '--customers', '--as-of', '--storage', '--report', '--no-report', '--json'])
      expect(demo.out()).toContain(option);
    const report = captureIo();
    expect(await runCli(['report', '--help'], report)).toBe(EXIT.ok);
    for (const option of ['--storage', '--as-of', '--out', '--previous-as-of', '--from', '--language', '--sections'])
      expect(report.out()).toContain(option);
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

  it('runs a small demo and prints the stored counts, the plan, its budget, the pipeline (MP-1 to MP-3)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kehu-demo-report-'));
    const report = join(dir, 'kehu-report.html');
    const io = captureIo();
    try {
      const args = ['demo', '--customers', '120', '--seed', '3', '--storage', 'memory', '--report', report];
      expect(await runCli(args, io)).toBe(EXIT.ok);
      // The demo ends by writing its report and saying where, as given, just before the time it took.
      expect(io.out()).toMatch(new RegExp(`\n\nReport 报告: ${report.replaceAll('.', '\\.')}\nDone in `));
      expect((await readFile(report, 'utf8')).slice(0, 15).toLowerCase()).toBe('<!doctype html>');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(io.out()).toMatch(/customers 客户\s+120/);
    expect(io.out()).toMatch(/transactions 交易\s+[\d,]+/);
    expect(io.out()).toMatch(/audit entries 审计记录/);
    // MP-1 to MP-3: the plan through approval, evaluation and archive, its budget against actual, the pipeline
    expect(io.out()).toMatch(/Maintenance plan 维护计划 \(rule MP-1\).*Archived 已归档/);
    expect(io.out()).toMatch(/Evaluated 评估 +am-01 · met 达成 \d · missed 未达成 \d · no data 无数据 \d/);
    expect(io.out()).toMatch(/Evaluation 计划评估 \(rule MP-1\) as of 截至 2026-06-30 23:59/);
    expect(io.out()).toMatch(/event: events held 已举办活动 +≥ 1 +1 +met 达成/);
    // MP-1: the completion rate from the cadence analysis of the group; the satisfaction change unobserved, and why
    expect(io.out()).toMatch(/visits: contact completion rate 回访完成率 +≥ 90% +[\d.]+% +(met 达成|missed 未达成)/);
    expect(io.out()).toMatch(/source 来源: revisits done \/ planned \(CA-9, @kehu\/cadence\)/);
    expect(io.out()).toMatch(/no data 无数据 reviews: neither met nor missed 不计达成与否\n +why 原因: /);
    expect(io.out()).toMatch(
      /why 原因: the group's customers gave no answer to question csat of survey csat-2026 before/,
    );
    expect(io.out()).toMatch(/source 来源: value given by the host 由宿主系统提供的数值 · rules MP-1, CA-7/);
    expect(io.out()).toMatch(/improve 改进 gifts: gifts given 118 < target 120 \(98% of the target\)/);
    expect(io.out()).toMatch(/finance-manager for 代 finance-director/);
    expect(io.out()).toMatch(/still without a cause 尚未说明原因: development-2026-Q2/);
    expect(io.out()).toMatch(/Pipeline 销售漏斗 \(rule MP-3\): 18 opportunities/);
    expect(io.out()).toMatch(/calibration 概率校准: [\d,]+ stage predictions/);
    expect(io.err()).toMatch(/transactions 交易 [\d,]+\/[\d,]+/);
  });

  it('prints the summary as JSON with --json, counts read back from the store (AR-4, MP-1 to MP-3)', async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--customers', '80', '--json', '--storage', 'memory', '--no-report'], io)).toBe(
      EXIT.ok,
    );
    const summary = JSON.parse(io.out()) as {
      report: string | null;
      customers: { total: number; persons: number; organizations: number };
      transactions: { total: number; purchases: number; refunds: number; returns: number; gross: string; net: string };
      auditEntries: number;
      contactRecords: number;
      value: { assignments: number; grades: Record<string, { customers: number }> };
      plans: {
        stored: Record<'approvers' | 'planEvents' | 'actuals' | 'opportunities' | 'opportunityEvents', number>;
        plan: { state: string; history: Array<{ type: string }> };
        evaluation: {
          met: number;
          missed: number;
          unobserved: number;
          measures: Array<{ measureId: string; met: boolean | null; actual: number | null }>;
          improvements: Array<{ measureId: string; action: { en: string; zh: string } }>;
        };
        budget: { missingCauses: unknown[] };
        pipeline: { count: number };
      };
    };
    expect(summary.customers.total).toBe(80);
    expect(summary.report).toBeNull();
    expect(summary.customers.persons + summary.customers.organizations).toBe(80);
    const t = summary.transactions;
    expect(t.purchases + t.refunds + t.returns).toBe(t.total);
    expect(t.gross).toMatch(/^\d+\.\d{2}$/);
    expect(Number(t.net)).toBeLessThanOrEqual(Number(t.gross));
    // AR-4: one audit entry per customer, per contact record, per grade assignment and per account manager (12),
    // per plan approver, plan event, actual spend entry and opportunity event (MP-1 to MP-3)
    const p = summary.plans.stored;
    expect(summary.auditEntries).toBe(
      80 +
        summary.contactRecords +
        summary.value.assignments +
        12 +
        p.approvers +
        p.planEvents +
        p.actuals +
        p.opportunityEvents,
    );
    // MP-1 to MP-3: the plan went through approval, evaluation and archive (its `evaluated` and `archived` events
    // are audited like the others); its spend, causes and the opportunities are stored
    expect(summary.plans.plan.state).toBe('archived');
    expect(summary.plans.plan.history.slice(-2).map((h) => h.type)).toEqual(['evaluated', 'archived']);
    const e = summary.plans.evaluation;
    expect(e.met + e.missed + e.unobserved).toBe(6);
    expect(e.improvements.map((i) => i.measureId)).toEqual(
      e.measures.filter((m) => m.met === false).map((m) => m.measureId),
    );
    expect(e.measures.find((m) => m.measureId === 'event')).toMatchObject({ actual: 1, met: true });
    expect(e.measures.find((m) => m.measureId === 'visits')!.actual).toEqual(expect.any(Number));
    expect(e.measures.find((m) => m.measureId === 'gifts')).toMatchObject({ actual: 118, met: false });
    expect(p).toEqual({
      approvers: 6,
      planEvents: 17,
      actuals: 22,
      opportunities: 12,
      opportunityEvents: expect.any(Number),
    });
    expect(p.opportunityEvents).toBeGreaterThan(12);
    expect(summary.plans.pipeline.count).toBe(12);
    expect(summary.plans.budget.missingCauses).toHaveLength(2);
    expect(Object.values(summary.value.grades).reduce((n, g) => n + g.customers, 0)).toBeGreaterThan(0);
  });

  it('stores into PGlite in a directory, says where, and a second run adds nothing (MP-1 too)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kehu-demo-'));
    try {
      const runs: Array<Record<string, unknown>> = [];
      for (let i = 0; i < 2; i++) {
        const io = captureIo();
        // The report on PGlite is kehu report's test (commands/report.test.ts).
        const args = ['demo', '--customers', '60', '--json', '--storage', `pglite:${dir}`, '--no-report'];
        expect(await runCli(args, io)).toBe(EXIT.ok);
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
