import { DAY_MS, Decimal, TIER_LABELS, TIERS, type AuditEntry, type Tier } from '@kehu/core';
import { valueConcentration } from '@kehu/grading';
import { RFM_11_SEGMENTS, segmentOf } from '@kehu/rfm';
import type { Kehu } from '@kehu/sdk';
import { rebuildRecord } from '@kehu/storage';

/** How far before as-of the demo's previous grading period is. */
const PREVIOUS_PERIOD_DAYS = 90;

/** The value analysis part of the demo summary (rules RF-1, GR-1 to GR-4, GR-6). */
export interface DemoValue {
  /** Grades in force after re-grading at as-of, per tier: customers and share of contribution (percent, 1 decimal). */
  grades: Record<Tier, { customers: number; sharePercent: string }>;
  /** RFM segment counts (11-segment map), largest first. */
  segments: Array<{ segment: string; en: string; zh: string; customers: number }>;
  /**
   * Grade changes since the previous period (90 days earlier), read back from the audit log,
   * and the customers whose grade in force differs from their evaluation by policy (grace,
   * dwell, hysteresis, steps of one tier).
   */
  changes: { upgrades: number; downgrades: number; held: number };
  /** Whether the grades were written to the store in this run (false when they were already there). */
  stored: boolean;
  /** Grade assignments in the store after the run (each with an audit entry, AR-4). */
  assignments: number;
  /**
   * Share of the grading's positive contribution brought by the top 20% of buying customers (rule GR-6), in percent
   * with one decimal: `valueConcentration` of `@kehu/grading`, the same figure as the report's Pareto chart; `null`
   * when no customer bought.
   */
  topFifthSharePercent: string | null;
}

/**
 * Grades the sample business at the previous period (90 days before `asOf`) and at `asOf`
 * with the SDK's `value.regradeAll` (GR-2, GR-4: grace, hysteresis and dwell by policy),
 * writing the grades with audit entries unless the store already has them (so a second run
 * adds nothing), and scores RFM segments with `value.scoreRfm`. The grade changes are read
 * back from the audit log, so every run on the same store reports the same numbers.
 */
export async function demoValue(kehu: Kehu, asOf: Date, actor: string): Promise<DemoValue> {
  const previousAsOf = new Date(asOf.getTime() - PREVIOUS_PERIOD_DAYS * DAY_MS);
  const proposal = await kehu.value.regradeAll({ asOf: previousAsOf });
  // A store without grades gets only initial grades and no holds: grade it; otherwise it is graded.
  const stored =
    proposal.result.changes.length > 0 &&
    proposal.result.holds.length === 0 &&
    proposal.result.changes.every((c) => c.kind === 'initial');
  if (stored)
    await kehu.value.regradeAll({
      asOf: previousAsOf,
      apply: { actor, reason: 'demo: grading of the previous period (GR-2)' },
    });
  const current = await kehu.value.regradeAll({
    asOf,
    ...(stored ? { apply: { actor, reason: 'demo: re-grading (GR-4)' } } : {}),
  });
  const inForce = new Map<string, Tier>();
  let held = 0;
  for (const { customerId, tier, evaluated } of [
    ...current.result.holds,
    ...current.result.changes.map((c) => ({ customerId: c.customerId, tier: c.to, evaluated: c.evaluated })),
  ]) {
    inForce.set(customerId, tier);
    if (tier !== evaluated) held++;
  }

  const changes = { upgrades: 0, downgrades: 0 };
  let assignments = 0;
  // Each entry records what changed: the assignment it wrote is rebuilt from the customer's entries so far.
  const histories = new Map<string, AuditEntry[]>();
  for await (const entry of kehu.audit.stream({ entity: 'grade' })) {
    assignments++;
    const history = histories.get(entry.entityId) ?? [];
    history.push(entry);
    histories.set(entry.entityId, history);
    if (entry.at.getTime() !== asOf.getTime()) continue;
    const written = rebuildRecord(history, entry.version) as { explanation?: { kind?: unknown } } | null;
    const kind = written?.explanation?.kind;
    if (kind === 'upgrade') changes.upgrades++;
    else if (kind === 'downgrade') changes.downgrades++;
  }

  const contribution = new Map(current.evaluation.grades.map((g) => [g.customerId, g.share]));
  const grades = Object.fromEntries(
    TIERS.map((t) => [t, { customers: 0, sharePercent: '0.0' }]),
  ) as DemoValue['grades'];
  const shares = Object.fromEntries(TIERS.map((t) => [t, new Decimal(0)])) as Record<Tier, Decimal>;
  for (const [id, tier] of inForce) {
    grades[tier].customers++;
    shares[tier] = shares[tier].plus(contribution.get(id) ?? 0);
  }
  for (const t of TIERS) grades[t].sharePercent = shares[t].times(100).toFixed(1); // exact Decimal, rounded for display

  const rfm = await kehu.value.scoreRfm({ asOf });
  const counts = new Map<string, number>();
  for (const s of rfm.scores) {
    const seg = segmentOf(s, RFM_11_SEGMENTS).segment;
    counts.set(seg, (counts.get(seg) ?? 0) + 1);
  }
  const segments = RFM_11_SEGMENTS.rules
    .map((r) => ({ segment: r.segment, en: r.label.en, zh: r.label.zh, customers: counts.get(r.segment) ?? 0 }))
    .sort((a, b) => b.customers - a.customers);

  const concentration = valueConcentration(current.evaluation);
  const topFifthSharePercent = concentration?.top.valueShare.times(100).toFixed(1) ?? null;
  return { grades, segments, changes: { ...changes, held }, stored, assignments, topFifthSharePercent };
}

/** The value block of the demo's text summary, bilingual. */
export function formatDemoValue(v: DemoValue): string[] {
  const lines = ['', 'Grades after re-grading 客户分级 (GR-1, GR-2, GR-4)'];
  for (const t of TIERS)
    lines.push(
      `  ${TIER_LABELS[t].en} ${TIER_LABELS[t].zh}`.padEnd(26) +
        `${String(v.grades[t].customers).padStart(6)} customers 位  ` +
        `${v.grades[t].sharePercent.padStart(5)}% of contribution 贡献占比`,
    );
  lines.push(
    `  Since the previous period 较上期: ${v.changes.upgrades} upgraded 升级 · ` +
      `${v.changes.downgrades} downgraded 降级 · ${v.changes.held} not at their evaluated tier by policy 按策略保持 ` +
      '(grace 宽限期, dwell 最短停留, hysteresis 滞后区间)',
    '',
    'RFM segments 客户细分 (RF-1)',
  );
  for (const s of v.segments.filter((x) => x.customers > 0))
    lines.push(`  ${`${s.en} ${s.zh}`.padEnd(28)}${String(s.customers).padStart(6)}`);
  return lines;
}
