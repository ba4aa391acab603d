import { chinaCalendar } from '@kehu/calendar';
import { Decimal, type Label } from '@kehu/core';
import { SAMPLE_SURVEY, type SampleBusiness } from '@kehu/sample-data';
import {
  evaluationFromJson,
  PLAN_EVENT_LABELS,
  PLAN_METRIC_LABELS,
  PLAN_STATE_LABELS,
  type PlanEvaluation,
  type PlanState,
  type StageConversionRow,
} from '@kehu/plans';
import type { Kehu } from '@kehu/sdk';
import { storedOpportunities } from './sample-business.js';

/** The owner records' attribute that marks the plan's approvers (the revisit planner leaves them out). */
export const APPROVER_ROLE = 'approver';

/** The plans-and-pipeline part of the demo summary (rules MP-1 to MP-3). */
export interface DemoPlans {
  /** What this section keeps in the store, read back (each event and record is audited, rule AR-4). */
  stored: {
    /** Approvers' owner records. */
    approvers: number;
    /** Events of the plan's log. */
    planEvents: number;
    /** Actual spend entries. */
    actuals: number;
    /** Opportunities, and the events of their logs (`created` included). */
    opportunities: number;
    opportunityEvents: number;
  };
  /** The sample maintenance plan through approval (MP-1). */
  plan: {
    id: string;
    name: string;
    state: string;
    currency: string;
    /** The sum of its budget lines. */
    budget: string;
    /** The approval flow it followed, and its steps' names. */
    flow: string;
    steps: Label[];
    /** The plan's history: when (Beijing time), what, who and the details (signer, step, delegation, cause). */
    history: Array<{ at: string; type: string; what: Label; detail: string; to: string }>;
  };
  /**
   * The plan's evaluation at as-of (MP-1: evaluate and improve), read back from its `evaluated` event; `null` while
   * the plan is not evaluated (its approval not done by as-of).
   */
  evaluation: {
    asOf: string;
    met: number;
    missed: number;
    unobserved: number;
    measures: Array<{
      measureId: string;
      metric: string;
      name: Label;
      direction: 'at-least' | 'at-most';
      target: number;
      /** `null` when nothing was observed. */
      actual: number | null;
      met: boolean | null;
      /** Where the actual came from (module and rule, or the host). */
      source: Label;
      rules: string[];
    }>;
    /** One item per missed target: the policy's action and the reason. */
    improvements: Array<{ measureId: string; action: Label; reason: Label }>;
    warnings: string[];
  } | null;
  /** Budget against actual per line and quarter, with the variance split and causes (MP-2). */
  budget: {
    total: { budget: string; actual: string; difference: string };
    rows: Array<{
      lineId: string | null;
      category: string;
      period: string;
      budget: string;
      actual: string;
      difference: string;
      timing: string;
      volume: string | null;
      price: string | null;
      unexplained: string;
      needsCause: boolean;
      cause: Label | null;
    }>;
    /** Variances past the policy's threshold still without a cause. */
    missingCauses: Array<{ lineId: string | null; category: string; period: string; difference: string }>;
    warnings: string[];
  };
  /** The pipeline of every stored opportunity (MP-3). */
  pipeline: {
    count: number;
    open: number;
    won: number;
    lost: number;
    /** Open revenue weighted by probability per quarter of the expected close date. */
    weighted: Array<{ period: string; open: number; revenue: string; weighted: string }>;
    weightedTotal: { open: number; revenue: string; weighted: string };
    /** Mean and median business days per stage visit, and how many opportunities entered it. */
    durations: Array<{ stage: string; name: Label; entered: number; meanDays: number; medianDays: number }>;
    /** Stage-to-win conversion with Wilson intervals against the stage's default probability. */
    conversion: Array<Omit<StageConversionRow, 'name' | 'explanation'>>;
    /** Wins and losses by reason, most first. */
    winLoss: Array<{ outcome: 'won' | 'lost'; code: string; label: Label; count: number; share: number }>;
    /** Brier score of the stage probabilities against the base rate's, and the calibration bins. */
    calibration: {
      n: number;
      baseRate: number;
      brier: number;
      baseRateBrier: number;
      skill: number;
      bins: Array<{ from: number; to: number; n: number; predicted: number; observed: number; verdict: string }>;
    };
    warnings: string[];
  };
}

const money = (d: Decimal) => d.toFixed(2);

/** Beijing local time `YYYY-MM-DD HH:mm` of an instant. */
const beijing = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * What the host gives for the measures the store cannot observe (MP-1), from the sample's spend records by measure
 * id: the annual event (units of events spend) and the gifts (units bought on the gift lines).
 */
export function hostValues(business: SampleBusiness): Record<string, number> {
  const units = (keep: (e: SampleBusiness['maintenancePlan']['actuals'][number]) => boolean) =>
    business.maintenancePlan.actuals
      .filter((e) => keep(e) && e.quantity !== undefined && new Decimal(String(e.amount)).gt(0))
      .reduce((sum, e) => sum + Number(e.quantity), 0);
  return {
    event: units((e) => e.category === 'events'),
    gifts: units((e) => e.lineId?.startsWith('gifts-') === true),
  };
}

/**
 * The sample survey's overall satisfaction question (1-5), whose mean answer before and during the plan gives the
 * plan's satisfaction change (SA-1, MP-1).
 */
export const PLAN_SATISFACTION = { surveyId: SAMPLE_SURVEY.id, questionId: 'csat', scale: { min: 1, max: 5 } };

/**
 * Evaluates the active sample plan at `asOf` through `kehu.plans.evaluate` (the store's observations, the sample
 * survey's overall satisfaction question and the host's values), then archives it: the plan's whole life, draft to
 * archived, is in its history. A plan evaluated or archived by an earlier run on the same store is left as it is.
 */
async function evaluateAndArchive(kehu: Kehu, business: SampleBusiness, asOf: Date): Promise<void> {
  const { id, ownerId } = business.maintenancePlan.plan;
  const ctx = { actor: ownerId, at: asOf };
  let state = (await kehu.plans.get(id))?.state;
  if (state === 'active') {
    const custom = hostValues(business);
    const options = { ...ctx, calendar: chinaCalendar(), custom, satisfaction: PLAN_SATISFACTION };
    state = (await kehu.plans.evaluate(id, options)).plan.state;
  }
  if (state === 'evaluated') await kehu.plans.archive(id, ctx);
}

/** The stored evaluation for the summary, NaN as `null`. */
function evaluationOf(e: PlanEvaluation): NonNullable<DemoPlans['evaluation']> {
  const num = (x: number) => (Number.isNaN(x) ? null : x);
  return {
    asOf: beijing(e.asOf),
    ...e.summary,
    measures: e.measures.map((m) => ({
      measureId: m.measureId,
      metric: m.metric,
      name: PLAN_METRIC_LABELS[m.metric],
      direction: m.direction,
      target: m.target,
      actual: num(m.actual),
      met: m.met,
      source: m.source,
      rules: [...m.rules],
    })),
    improvements: e.improvements.map((i) => ({ measureId: i.measureId, action: i.action, reason: i.reason })),
    warnings: [...e.warnings],
  };
}

type Snapshot = NonNullable<Awaited<ReturnType<Kehu['plans']['get']>>>;

/** The plan's history in short: each event's label, who acted and on whose behalf, the step, the cause. */
function history(snapshot: Snapshot): DemoPlans['plan']['history'] {
  const steps = snapshot.rounds.flatMap((r) => r.steps);
  const added = steps.flatMap((step) => step.added.map((signerId) => ({ signerId, step })));
  return snapshot.history.map((h) => {
    let detail = h.actor;
    if (h.type === 'submitted') {
      const round = snapshot.rounds.find((r) => r.steps.some((x) => x.signatures.some((g) => g.seq > h.seq)));
      detail = `${h.actor} · flow 审批流 ${round?.flow.id ?? ''}`;
    } else if (h.type === 'signed') {
      const step = steps.find((x) => x.signatures.some((g) => g.seq === h.seq));
      const sig = step?.signatures.find((g) => g.seq === h.seq);
      const who = sig === undefined || sig.actor === sig.signerId ? h.actor : `${sig.actor} for 代 ${sig.signerId}`;
      detail = step === undefined ? who : `${who} · ${step.name.zh}`;
    } else if (h.type === 'signer-added') {
      const a = added.shift();
      if (a !== undefined) detail = `${h.actor} adds 加签 ${a.signerId} · ${a.step.name.zh}`;
    } else if (h.type === 'delegated') {
      const d = snapshot.delegations.find((x) => x.at.getTime() === h.at.getTime());
      if (d !== undefined) detail = `${d.fromId} → ${d.toId} (on leave 休假)`;
    } else if (h.type === 'evaluated' && snapshot.evaluation !== undefined) {
      const { met, missed, unobserved } = evaluationFromJson(snapshot.evaluation).summary;
      detail = `${h.actor} · met 达成 ${met} · missed 未达成 ${missed} · no data 无数据 ${unobserved}`;
    } else if (h.type === 'variance-explained') {
      const c = snapshot.causes.find((x) => x.seq === h.seq);
      if (c !== undefined) detail = `${c.lineId ?? c.category} ${c.period}: ${c.cause}${c.note ? ` (${c.note})` : ''}`;
    }
    return { at: beijing(h.at), type: h.type, what: PLAN_EVENT_LABELS[h.type], detail, to: h.to };
  });
}

/**
 * The plans-and-pipeline section (rules MP-1 to MP-3), on the sample business stored by `storeSampleBusiness`: the
 * maintenance plan went through the `major` approval flow (sales manager; sales and finance directors sign together,
 * 会签, the finance director on leave and covered, the sales director adding the marketing director, 加签; general
 * manager), was activated and has its actual spend and the causes of some variances. Evaluates and archives the plan
 * at `asOf`, then reads back its history, its budget against actual and the pipeline analytics as of `asOf`.
 */
export async function demoPlans(kehu: Kehu, business: SampleBusiness, asOf: Date): Promise<DemoPlans> {
  await evaluateAndArchive(kehu, business, asOf);
  const opportunities = await storedOpportunities(kehu);
  const owners = await kehu.cadence.listOwners({ limit: 100 });
  const planId = business.maintenancePlan.plan.id;
  const snapshot = (await kehu.plans.get(planId))!;
  const round = snapshot.rounds.at(-1);
  const report = await kehu.plans.budget(planId, { asOf });
  const p = await kehu.opportunities.pipeline({ asOf, calendar: chinaCalendar(), by: 'quarter' });
  const [won, lost] = p.winLoss.outcomes;
  const open = p.weighted.totals.open;
  return {
    stored: {
      approvers: owners.items.filter((o) => o.record.attributes.role === APPROVER_ROLE).length,
      planEvents: snapshot.version,
      actuals: new Set(report.rows.flatMap((r) => r.actualIds)).size,
      opportunities: opportunities.size,
      opportunityEvents: [...opportunities.values()].reduce((a, b) => a + b, 0),
    },
    plan: {
      id: planId,
      name: snapshot.content.name,
      state: snapshot.state,
      currency: snapshot.content.currency,
      budget: money(snapshot.content.budgetLines.reduce((s, l) => s.plus(l.amount), new Decimal(0))),
      flow: round?.flow.id ?? '',
      steps: round?.steps.map((s) => s.name) ?? [],
      history: history(snapshot),
    },
    evaluation: snapshot.evaluation === undefined ? null : evaluationOf(evaluationFromJson(snapshot.evaluation)),
    budget: {
      total: {
        budget: money(report.total.budget),
        actual: money(report.total.actual),
        difference: money(report.total.difference),
      },
      rows: report.rows.map((r) => ({
        lineId: r.lineId,
        category: r.category,
        period: r.period,
        budget: money(r.budget),
        actual: money(r.actual),
        difference: money(r.difference),
        timing: money(r.timing),
        volume: r.volume === null ? null : money(r.volume),
        price: r.price === null ? null : money(r.price),
        unexplained: money(r.unexplained),
        needsCause: r.needsCause,
        cause: r.cause === undefined ? null : r.cause.label,
      })),
      missingCauses: report.missingCauses.map((r) => ({
        lineId: r.lineId,
        category: r.category,
        period: r.period,
        difference: money(r.difference),
      })),
      warnings: [...report.warnings],
    },
    pipeline: {
      count: p.count,
      open,
      won: won.count,
      lost: lost.count,
      weighted: p.weighted.rows.map((r) => ({
        period: r.period,
        open: r.open,
        revenue: money(r.revenue),
        weighted: money(r.weightedRevenue),
      })),
      weightedTotal: {
        open,
        revenue: money(p.weighted.totals.revenue),
        weighted: money(p.weighted.totals.weightedRevenue),
      },
      durations: p.durations.stages.map((s) => ({
        stage: s.stage,
        name: s.name,
        entered: s.entered,
        meanDays: s.meanDays,
        medianDays: s.medianDays,
      })),
      conversion: p.conversion.stages.map(({ name, explanation, ...row }) => row),
      winLoss: p.winLoss.rows
        .filter((r) => r.count > 0)
        .map((r) => ({ outcome: r.outcome, code: r.code, label: r.label, count: r.count, share: r.share })),
      calibration: {
        n: p.calibration.n,
        baseRate: p.calibration.baseRate,
        brier: p.calibration.brier,
        baseRateBrier: p.calibration.baseRateBrier,
        skill: p.calibration.skill,
        bins: p.calibration.bins
          .filter((b) => b.n > 0)
          .map((b) => ({
            from: b.from,
            to: b.to,
            n: b.n,
            predicted: b.predicted,
            observed: b.observed,
            verdict: b.verdict,
          })),
      },
      warnings: [...p.warnings],
    },
  };
}

const CATEGORY_LABELS: Record<string, Label> = {
  development: { en: 'development', zh: '开发' },
  maintenance: { en: 'maintenance', zh: '维护' },
  events: { en: 'events', zh: '活动' },
};

const VERDICT_LABELS: Record<string, string> = { ok: '', 'too-high': ' too high 偏高', 'too-low': ' too low 偏低' };

const n = (x: number) => x.toLocaleString('en-US');
/** An exact decimal string in whole yuan with thousands separators (the tables' unit is one yuan). */
const yuan = (s: string | null) => {
  if (s === null) return '–';
  const [int] = s.split('.');
  const whole = int === '-0' ? '0' : int!;
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
};
/** A share 0..1 in whole percent. */
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '–');
const days = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
function label(l: Label): string {
  return `${l.en} ${l.zh}`;
}
/** Display width: CJK and full-width characters take two columns (symbols such as ≥ and – one). */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const width = (t: string) => [...t].reduce((w, c) => w + (WIDE.test(c) ? 2 : 1), 0);
const padEnd = (t: string, w: number) => t + ' '.repeat(Math.max(1, w - width(t)));
const padStart = (t: string, w: number) => ' '.repeat(Math.max(1, w - width(t))) + t;

/** The source the SDK gives a host's value (`custom` of `kehu.plans.evaluate`). */
const HOST_SOURCE = 'value given by the host';
const RATE_METRICS = new Set(['contact-completion-rate', 'repurchase-rate', 'campaign-response-rate']);
/** A measure's value as its metric counts it: shares in percent, others as numbers. */
const measureValue = (x: number | null, metric: string) =>
  x === null ? '–' : RATE_METRICS.has(metric) ? `${Number((x * 100).toFixed(1))}%` : n(Number(x.toFixed(2)));
const RESULT = (met: boolean | null) => (met === null ? 'no data 无数据' : met ? 'met 达成' : 'missed 未达成');

/**
 * The plan's evaluation (MP-1) as text lines: each measure against its target with its source, then the improvement
 * items; none while the plan is not evaluated.
 */
export function formatDemoEvaluation(e: DemoPlans['evaluation']): string[] {
  if (e === null) return [];
  const lines = [
    '',
    `Evaluation 计划评估 (rule MP-1) as of 截至 ${e.asOf}: met 达成 ${e.met} · missed 未达成 ${e.missed} · ` +
      `no data 无数据 ${e.unobserved}`,
    `  ${padEnd('measure 指标', 40)}${padStart('target 目标', 13)}${padStart('actual 实际', 12)}  result 结果`,
  ];
  for (const m of e.measures) {
    const target = `${m.direction === 'at-least' ? '≥' : '≤'} ${measureValue(m.target, m.metric)}`;
    lines.push(
      `  ${padEnd(`${m.measureId}: ${label(m.name)}`, 40)}${padStart(target, 13)}` +
        `${padStart(measureValue(m.actual, m.metric), 12)}  ${RESULT(m.met)}`,
      `      source 来源: ${label(m.source)} · rules ${m.rules.join(', ')}`,
    );
  }
  const hosted = e.measures.filter((m) => m.source.en === HOST_SOURCE).map((m) => m.measureId);
  const unobserved = e.measures.filter((m) => m.met === null);
  if (hosted.length > 0)
    lines.push(
      `  given by the host 宿主提供 ${hosted.join(', ')}: units on the plan's spend records 按计划支出记录的数量`,
    );
  for (const m of unobserved) {
    // The SDK says why a metric it reads went unobserved in a warning that starts with the metric.
    const why = e.warnings.find((w) => w.startsWith(`${m.metric}: `));
    lines.push(
      `  no data 无数据 ${m.measureId}: ` +
        (why === undefined
          ? 'not observed from the store, neither met nor missed 未从存储观测，不计达成与否'
          : 'neither met nor missed 不计达成与否'),
      ...(why === undefined ? [] : [`      why 原因: ${why.slice(m.metric.length + 2)}`]),
    );
  }
  for (const i of e.improvements)
    lines.push(
      `  improve 改进 ${i.measureId}: ${i.reason.en} ${i.reason.zh}`,
      `      → ${i.action.en}`,
      `      → ${i.action.zh}`,
    );
  return lines;
}

/** The plans-and-pipeline part as bilingual text lines. */
export function formatDemoPlans(d: DemoPlans): string[] {
  const { plan, budget, pipeline } = d;
  const state = PLAN_STATE_LABELS[plan.state as PlanState] ?? { en: plan.state, zh: '' };
  const lines = [
    '',
    `Maintenance plan 维护计划 (rule MP-1): ${plan.name} · ${plan.currency} ${yuan(plan.budget)} · ${label(state)}`,
    `  flow 审批流 ${plan.flow}: ${plan.steps.map((s) => s.zh).join(' → ')}`,
    ...plan.history.map(
      (h) =>
        `  ${h.at}  ${padEnd(label(h.what), 32)}${h.detail}` +
        (h.to === 'approved' && h.type === 'signed' ? ` → ${label(PLAN_STATE_LABELS.approved)}` : ''),
    ),
    '',
    `Budget against actual 预算与实际 (rule MP-2; ${plan.currency}; difference 差异 = timing 时间差 + volume 数量 + ` +
      'price 价格 + unexplained 其他)',
    `  ${padEnd('line 预算行', 26)}${'period'.padEnd(8)}${'budget'.padStart(8)}${'actual'.padStart(8)}` +
      `${'diff'.padStart(8)}${'timing'.padStart(8)}${'volume'.padStart(8)}${'price'.padStart(8)}  cause 原因`,
  ];
  for (const r of budget.rows) {
    const line = r.lineId ?? `${CATEGORY_LABELS[r.category]?.en ?? r.category}, unbudgeted 预算外`;
    lines.push(
      `  ${padEnd(line, 26)}${r.period.padEnd(8)}${yuan(r.budget).padStart(8)}${yuan(r.actual).padStart(8)}` +
        `${yuan(r.difference).padStart(8)}${yuan(r.timing).padStart(8)}${yuan(r.volume).padStart(8)}` +
        `${yuan(r.price).padStart(8)}  ` +
        (r.cause !== null ? label(r.cause) : r.needsCause ? 'needs a cause 待说明' : ''),
    );
  }
  lines.push(
    `  total 合计: budget 预算 ${yuan(budget.total.budget)} · actual 实际 ${yuan(budget.total.actual)} · ` +
      `difference 差异 ${yuan(budget.total.difference)}`,
    budget.missingCauses.length === 0
      ? '  every variance past the threshold has a cause 超过阈值的差异均已说明原因'
      : `  still without a cause 尚未说明原因: ${budget.missingCauses
          .map((m) => `${m.lineId ?? m.category} ${m.period} ${yuan(m.difference)}`)
          .join(' · ')}`,
    ...formatDemoEvaluation(d.evaluation),
    '',
    `Pipeline 销售漏斗 (rule MP-3): ${n(pipeline.count)} opportunities 个商机 · open 进行中 ${n(pipeline.open)} · ` +
      `won 赢单 ${n(pipeline.won)} · lost 输单 ${n(pipeline.lost)}`,
    `  weighted by quarter of expected close 按预计成交季度加权 (open 个数): ${pipeline.weighted
      .map((w) => `${w.period} ${yuan(w.weighted)} (${n(w.open)})`)
      .join(' · ')}`,
    `    total 合计 ${yuan(pipeline.weightedTotal.weighted)} of 共 ${yuan(pipeline.weightedTotal.revenue)} ` +
      'open revenue 在途金额',
    `  ${padEnd('stage 阶段', 30)}${'entered'.padStart(8)}${'mean d'.padStart(8)}${'median d'.padStart(9)}` +
      `${'won/closed'.padStart(12)}${'rate'.padStart(6)}  ${'95% interval'.padEnd(13)}default 默认`,
  );
  for (const s of pipeline.durations) {
    const c = pipeline.conversion.find((x) => x.stage === s.stage);
    lines.push(
      `  ${padEnd(label(s.name), 30)}${n(s.entered).padStart(8)}${days(s.meanDays).padStart(8)}` +
        days(s.medianDays).padStart(9) +
        (c === undefined
          ? ''
          : `${`${n(c.won)}/${n(c.closed)}`.padStart(12)}${pct(c.rate).padStart(6)}  ` +
            `${`${pct(c.lower)}–${pct(c.upper)}`.padEnd(13)}${pct(c.defaultProbability)}`),
    );
  }
  lines.push(
    '  (days: business days in stage 阶段停留工作日, mainland China calendar; rate: won of the closed that reached ' +
      'the stage 阶段赢单率)',
  );
  for (const outcome of ['won', 'lost'] as const) {
    const rows = pipeline.winLoss.filter((r) => r.outcome === outcome).sort((a, b) => b.count - a.count);
    if (rows.length > 0)
      lines.push(
        `  ${outcome === 'won' ? 'won by reason 赢单原因' : 'lost by reason 输单原因'}: ` +
          rows.map((r) => `${label(r.label)} ${n(r.count)}`).join(' · '),
      );
  }
  const cal = pipeline.calibration;
  lines.push(
    `  calibration 概率校准: ${n(cal.n)} stage predictions 阶段预测 · Brier ${cal.brier.toFixed(3)} against ` +
      `${cal.baseRateBrier.toFixed(3)} for the base rate 基准 ${pct(cal.baseRate)} · skill 技能分 ${cal.skill.toFixed(2)}`,
    `    predicted → won 预测→实际: ${cal.bins
      .map((b) => `${pct(b.predicted)} → ${pct(b.observed)} of ${n(b.n)}${VERDICT_LABELS[b.verdict] ?? ''}`)
      .join(' · ')}`,
  );
  return lines.map((l) => l.trimEnd());
}
