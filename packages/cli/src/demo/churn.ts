import { chinaCalendar } from '@kehu/calendar';
import {
  CHURN_REASONS,
  isChurnReasonCode,
  RISK_BAND_LABELS,
  RISK_BANDS,
  RISK_FACTOR_LABELS,
  type RiskBand,
} from '@kehu/churn';
import { maskName } from '@kehu/core';
import { SAMPLE_SURVEY } from '@kehu/sample-data';
import type { Kehu } from '@kehu/sdk';

const DAY = 86_400_000;

/** The id of the exit the demo records; a second run finds it and records nothing new. */
export const DEMO_EXIT_ID = 'demo-exit-1';
/** The audit reason of what the demo's exit writes (the exit, the customer marked lost). */
export const DEMO_EXIT_REASON = 'exit confirmed (rule CH-7)';

/** The churn part of the demo summary (rules CH-1 to CH-7). */
export interface DemoChurn {
  /** Customers scored at as-of. */
  scored: number;
  /** Customers per band. */
  bands: Record<RiskBand, number>;
  /** The five highest risks with their top reason and largest factor. */
  top: Array<{
    customerId: string;
    name: string;
    owner: string | null;
    score: number;
    band: RiskBand;
    reason: { en: string; zh: string } | null;
    factor: { en: string; zh: string; points: number } | null;
  }>;
  /** The previous run's moment (a month before as-of) and the alerts raised since (CH-3). */
  alerts: { since: string; count: number; high: number; critical: number; example: string | null };
  /** BG/NBD fitted to the store, calibration to the cut-off, checked on the holdout (weeks). */
  model: {
    calibrationEnd: string;
    observationEnd: string;
    customers: number;
    r: number;
    alpha: number;
    a: number;
    b: number;
    logLikelihood: number;
    converged: boolean;
    /** Warnings of the fit (e.g. `AT_BOUNDARY` when the data show no spread in dropout). */
    warnings: string[];
    actual: number;
    predicted: number;
    mae: number;
  };
  /** The risk score checked on the same holdout: AUC, Brier score, the top decile's lift. */
  check: {
    n: number;
    churned: number;
    auc: number;
    aucLower: number;
    aucUpper: number;
    brier: number;
    brierReference: number;
    topDecileRate: number;
    topDecileLift: number;
    calibration: Array<{ from: number; to: number; n: number; predicted: number; observed: number }>;
  };
  /** One exit recorded for the highest risk (CH-7) and the win-back revisit it asks for. */
  exit: { customerId: string; reason: { en: string; zh: string }; winBackFrom: string | null };
}

/** The local date of an instant in the demo's zone (the sample business is in mainland China). */
const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short' });
const localDay = (d: Date) => DAY_FORMAT.format(d);

/**
 * Scores every customer a month before as-of and again at as-of (each score stored with its
 * explanation; alerts raised once, against the stored band), fits BG/NBD with a six-month holdout,
 * backtests the risk score on the same holdout, and records one exit with its win-back request.
 */
export async function demoChurn(kehu: Kehu, actor: string, asOf: Date): Promise<DemoChurn> {
  const calendar = chinaCalendar();
  const satisfaction = { surveyId: SAMPLE_SURVEY.id, question: 'csat', scale: { min: 1, max: 5 } };
  const since = new Date(asOf.getTime() - 30 * DAY);
  await kehu.churn.score({ asOf: since, satisfaction, sla: { calendar }, record: { actor } });
  const calibrationEnd = new Date(asOf.getTime() - 182 * DAY);
  const fitted = await kehu.churn.fit({ calibrationEnd, observationEnd: asOf, period: 'week' });
  const run = await kehu.churn.score({
    asOf,
    satisfaction,
    sla: { calendar },
    model: { fit: fitted.fit, period: 'week' },
    record: { actor },
    top: 5,
  });
  const check = await kehu.churn.backtest({ calibrationEnd, observationEnd: asOf });
  const top = [];
  for (const r of run.top) {
    const customer = await kehu.customers.get(r.customerId);
    const factor = r.factors[0];
    top.push({
      customerId: r.customerId,
      name: maskName(customer?.record.name ?? ''),
      owner: r.ownerId,
      score: r.score,
      band: r.band,
      reason: r.topReason === null ? null : CHURN_REASONS[r.topReason].label,
      factor: factor === undefined ? null : { ...RISK_FACTOR_LABELS[factor.factor], points: factor.contribution },
    });
  }
  // The highest risk confirms they are leaving (CH-7); a run on a store that has the exit already keeps it.
  let exited = (await kehu.churn.exits()).items.find((e) => e.id === DEMO_EXIT_ID);
  const first = run.top[0];
  let exit: DemoChurn['exit'] = { customerId: '', reason: { en: '', zh: '' }, winBackFrom: null };
  if (exited === undefined && first !== undefined) {
    const recorded = await kehu.churn.recordExit(
      {
        id: DEMO_EXIT_ID,
        customerId: first.customerId,
        leftAt: asOf,
        reason: first.topReason ?? 'other',
        detail: 'customer confirmed on the exit call · 客户在离网回访中确认',
        settlement: 'settled',
        lessons: 'follow up sooner when purchases slow down · 购买放缓时应更早回访',
        ...(first.ownerId === null ? {} : { ownerId: first.ownerId }),
        recordedBy: actor,
        recordedAt: asOf,
      },
      { actor, at: asOf, reason: DEMO_EXIT_REASON },
    );
    exited = recorded.exit;
  }
  if (exited !== undefined) {
    const plan = await kehu.churn.winBacks({ asOf: new Date(asOf.getTime() + 60 * DAY) });
    const request = plan.requests.find((q) => q.exitId === DEMO_EXIT_ID);
    exit = {
      customerId: exited.customerId,
      reason: isChurnReasonCode(exited.reason)
        ? CHURN_REASONS[exited.reason].label
        : { en: exited.reason, zh: exited.reason },
      winBackFrom: request?.earliestDate ?? null,
    };
  }
  const topDecile = check.lift[0];
  const alerts = run.alerts;
  return {
    scored: run.scored,
    bands: run.bands,
    top,
    alerts: {
      since: localDay(since),
      count: alerts.length,
      high: alerts.filter((a) => a.to === 'high').length,
      critical: alerts.filter((a) => a.to === 'critical').length,
      example: alerts[0]?.message.en ?? null,
    },
    model: {
      calibrationEnd: localDay(calibrationEnd),
      observationEnd: localDay(asOf),
      customers: fitted.customers,
      r: fitted.fit.r,
      alpha: 'alpha' in fitted.fit ? fitted.fit.alpha : Number.NaN,
      a: 'a' in fitted.fit ? fitted.fit.a : Number.NaN,
      b: 'b' in fitted.fit ? fitted.fit.b : Number.NaN,
      logLikelihood: fitted.fit.logLikelihood,
      converged: fitted.fit.diagnostics.converged,
      warnings: fitted.fit.diagnostics.warnings.map((w) => w.code),
      actual: fitted.holdout.total.actual,
      predicted: fitted.holdout.total.predicted,
      mae: fitted.error.mae,
    },
    check: {
      n: check.n,
      churned: check.positives,
      auc: check.auc.value,
      aucLower: check.auc.lower,
      aucUpper: check.auc.upper,
      brier: check.brier.value,
      brierReference: check.brier.reference,
      topDecileRate: topDecile?.rate ?? Number.NaN,
      topDecileLift: topDecile?.lift ?? Number.NaN,
      calibration: check.calibration
        .filter((c) => c.n > 0)
        .map((c) => ({ from: c.from, to: c.to, n: c.n, predicted: c.predicted, observed: c.observed })),
    },
    exit,
  };
}

const n = (x: number) => x.toLocaleString('en-US');
const f = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const one = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');

/** The churn part as bilingual text lines. */
export function formatDemoChurn(c: DemoChurn): string[] {
  const band = (b: RiskBand) => `${RISK_BAND_LABELS[b].en.toLowerCase()} ${RISK_BAND_LABELS[b].zh}`;
  const m = c.model;
  const k = c.check;
  return [
    '',
    `Churn risk 流失风险 (rules CH-1 to CH-7; ${n(c.scored)} customers scored 位客户已评分)`,
    `  bands 风险等级: ${RISK_BANDS.map((b) => `${band(b)} ${n(c.bands[b])}`).join(' · ')}`,
    '  highest risk 风险最高:',
    ...c.top.map(
      (t) =>
        `    ${t.customerId} ${t.name} (${t.owner ?? '–'}) ${f(t.score, 0)} ${band(t.band)}` +
        (t.reason === null ? '' : ` · ${t.reason.en} ${t.reason.zh}`) +
        (t.factor === null ? '' : ` · ${t.factor.en} ${t.factor.zh} +${f(t.factor.points, 0)}`),
    ),
    `  alerts since the run of ${c.alerts.since} 自上次评估以来的预警: ${n(c.alerts.count)} ` +
      `(${band('high')} ${n(c.alerts.high)} · ${band('critical')} ${n(c.alerts.critical)}; raised once 只预警一次)`,
    ...(c.alerts.example === null ? [] : [`    e.g. ${c.alerts.example}`]),
    `  BG/NBD fit 模型拟合 (weeks 周; calibration 校准期 to ${m.calibrationEnd}, ${n(m.customers)} customers): ` +
      `purchases per week 每周购买 r/α ${f(m.r / m.alpha, 3)} · dropout after a purchase 购后流失 a/(a+b) ` +
      `${pct(m.a / (m.a + m.b))} · LL ${f(m.logLikelihood, 1)}` +
      (m.converged ? '' : ' (not converged 未收敛)') +
      (m.warnings.length === 0 ? '' : ` [${m.warnings.join(', ')}]`),
    `    holdout 验证期 to ${m.observationEnd}: actual 实际 ${n(m.actual)} vs predicted 预测 ${one(m.predicted)} ` +
      `purchases 次购买 · MAE ${f(m.mae, 2)} per customer 每位客户`,
    `  risk score check 评分检验 (scored as of 评分于 ${m.calibrationEnd}; churned 流失 = dormant or lost by ` +
      `${m.observationEnd} 至今休眠或流失: ${n(k.churned)} of ${n(k.n)})`,
    `    AUC ${f(k.auc, 3)} (95% CI ${f(k.aucLower, 3)} to ${f(k.aucUpper, 3)}) · Brier ${f(k.brier, 3)} ` +
      `vs base rate 基准 ${f(k.brierReference, 3)} · top decile 前 10%: ${pct(k.topDecileRate)} churned, ` +
      `lift 提升 ${f(k.topDecileLift, 1)}×`,
    `    calibration 校准 (score 评分 → predicted 预测 / observed 实际): ` +
      k.calibration.map((b) => `${b.from}-${b.to} ${pct(b.predicted)}/${pct(b.observed)}`).join(' · '),
    ...(c.exit.customerId === ''
      ? []
      : [
          `  exit recorded 流失登记: ${c.exit.customerId} · ${c.exit.reason.en} ${c.exit.reason.zh} → ` +
            `win-back revisit from 挽回回访自 ${c.exit.winBackFrom ?? '–'} (CH-7)`,
        ]),
  ];
}
