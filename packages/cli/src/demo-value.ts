import {
  Decimal,
  parseGradeAssignment,
  TIER_LABELS,
  TIERS,
  type GradeAssignment,
  type Tier,
  type TransactionSummary,
} from '@kehu/core';
import { gradeByContribution, regrade, toGradeAssignment } from '@kehu/grading';
import { RFM_11_SEGMENTS, scoreRfm, segmentOf } from '@kehu/rfm';
import type { Kehu } from '@kehu/sdk';

const DAY = 86_400_000;

/** The value analysis part of the demo summary (rules RF-1, GR-1 to GR-4, GR-6). */
export interface DemoValue {
  /** Grades in force after re-grading at as-of, per tier: customers and share of contribution (percent, 1 decimal). */
  grades: Record<Tier, { customers: number; sharePercent: string }>;
  /** RFM segment counts (11-segment map), largest first. */
  segments: Array<{ segment: string; en: string; zh: string; customers: number }>;
  /** Grade changes since the previous period (90 days earlier). */
  changes: { upgrades: number; downgrades: number; held: number; heldByGrace: number; heldByHysteresis: number };
  /** Whether the grades were written to the store in this run (false when they were already there). */
  stored: boolean;
  /** Grade assignments in the store after the run (each with an audit entry, AR-4). */
  assignments: number;
}

async function summaries(kehu: Kehu, asOf: Date, days: number): Promise<TransactionSummary[]> {
  const out: TransactionSummary[] = [];
  for await (const s of kehu.value.summaries({ asOf, from: new Date(asOf.getTime() - days * DAY) })) out.push(s);
  return out;
}

/**
 * Grades the sample business at the previous period (90 days before as-of) and at as-of
 * with re-grading in between (GR-4), scores RFM segments, and stores the grades with audit
 * entries unless the store already has them (so a second run adds nothing).
 */
export async function demoValue(kehu: Kehu, asOfDate: string, actor: string): Promise<DemoValue> {
  const asOf = new Date(Date.parse(`${asOfDate}T00:00:00+08:00`) + DAY - 1);
  const previousAsOf = new Date(asOf.getTime() - 90 * DAY);
  const previous = gradeByContribution(await summaries(kehu, previousAsOf, 365));
  const initial: GradeAssignment[] = regrade([], previous, {}, previousAsOf).changes.map((c) =>
    parseGradeAssignment(toGradeAssignment(c, previousAsOf, actor)),
  );
  const current = gradeByContribution(await summaries(kehu, asOf, 365));
  const step = regrade(initial, current, {}, asOf);
  const inForce = new Map(initial.map((g) => [g.customerId, g.tier]));
  for (const c of step.changes) inForce.set(c.customerId, c.to);

  const first = initial[0];
  const stored = first !== undefined && (await kehu.grades.current(first.customerId)) === null;
  if (stored) {
    for (const g of initial)
      await kehu.grades.assign(g, { actor, at: previousAsOf, reason: 'demo: grading of the previous period (GR-2)' });
    for (const c of step.changes)
      await kehu.grades.assign(toGradeAssignment(c, asOf, actor), {
        actor,
        at: asOf,
        reason: 'demo: re-grading (GR-4)',
      });
  }

  const contribution = new Map(current.grades.map((g) => [g.customerId, g.share]));
  const grades = Object.fromEntries(
    TIERS.map((t) => [t, { customers: 0, sharePercent: '0.0' }]),
  ) as DemoValue['grades'];
  const shares = Object.fromEntries(TIERS.map((t) => [t, new Decimal(0)])) as Record<Tier, Decimal>;
  for (const [id, tier] of inForce) {
    grades[tier].customers++;
    shares[tier] = shares[tier].plus(contribution.get(id) ?? 0);
  }
  for (const t of TIERS) grades[t].sharePercent = shares[t].times(100).toFixed(1); // exact Decimal, rounded for display

  const rfm = scoreRfm(await summaries(kehu, asOf, 730), { asOf });
  const counts = new Map<string, number>();
  for (const s of rfm.scores) {
    const seg = segmentOf(s, RFM_11_SEGMENTS).segment;
    counts.set(seg, (counts.get(seg) ?? 0) + 1);
  }
  const segments = RFM_11_SEGMENTS.rules
    .map((r) => ({ segment: r.segment, en: r.label.en, zh: r.label.zh, customers: counts.get(r.segment) ?? 0 }))
    .sort((a, b) => b.customers - a.customers);

  return {
    grades,
    segments,
    changes: {
      upgrades: step.changes.filter((c) => c.kind === 'upgrade').length,
      downgrades: step.changes.filter((c) => c.kind === 'downgrade').length,
      held: step.holds.filter((h) => h.tier !== h.evaluated).length,
      heldByGrace: step.holds.filter((h) => /downgradeGraceDays|minDwellDays/.test(h.reason)).length,
      heldByHysteresis: step.holds.filter((h) => /hysteresis/.test(h.reason)).length,
    },
    stored,
    assignments: initial.length + step.changes.length,
  };
}

/** The value block of the demo's text summary, bilingual. */
export function formatDemoValue(v: DemoValue): string[] {
  const lines = ['', 'Grades after re-grading 客户分级 (GR-1, GR-2, GR-4)'];
  for (const t of TIERS)
    lines.push(
      `  ${TIER_LABELS[t].en} ${TIER_LABELS[t].zh}`.padEnd(26) +
        `${String(v.grades[t].customers).padStart(6)} customers 位  ${v.grades[t].sharePercent.padStart(5)}% of contribution 贡献占比`,
    );
  lines.push(
    `  Since the previous period 较上期: ${v.changes.upgrades} upgraded 升级 · ${v.changes.downgrades} downgraded 降级 · ${v.changes.held} kept by policy 按策略保持 (grace 宽限期 ${v.changes.heldByGrace}, hysteresis 滞后区间 ${v.changes.heldByHysteresis})`,
    '',
    'RFM segments 客户细分 (RF-1)',
  );
  for (const s of v.segments.filter((x) => x.customers > 0))
    lines.push(`  ${`${s.en} ${s.zh}`.padEnd(28)}${String(s.customers).padStart(6)}`);
  return lines;
}
