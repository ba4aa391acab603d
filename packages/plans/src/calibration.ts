import { invalidInput, type Label, wilsonInterval } from '@kehu/core';
import { checkPipelineTable, MP3, percentText, stageOutcomeCounts } from './opportunity-analytics.js';
import type { OpportunityPolicy } from './opportunity-policy.js';
import type { PipelineTable, StageModel } from './types.js';

/** Options of {@link probabilityCalibration}. */
export interface ProbabilityCalibrationOptions {
  /**
   * Which probabilities are checked: `stage-default` (default) the policy's stage defaults, or `model` the rates of
   * `model` where it has at least `policy.probability.minClosed` closed opportunities for the stage (else the
   * default, as the engine applies it).
   */
  basis?: 'stage-default' | 'model' | undefined;
  /** The stage model, required with basis `model` (from `fitStageModel`). */
  model?: StageModel | undefined;
}

/** One equal-width bin of predicted probability. */
export interface CalibrationBin {
  /** The bin's lowest probability in percent (included). */
  from: number;
  /** The bin's highest probability in percent (excluded, except 100 in the last bin). */
  to: number;
  /** Predictions in the bin. */
  n: number;
  /** Of them, won. */
  won: number;
  /** Mean predicted probability (share 0..1); NaN when n is 0. */
  predicted: number;
  /** Share won; NaN when n is 0. */
  observed: number;
  /** Wilson interval of `observed` at the policy's z. */
  lower: number;
  upper: number;
  /** `observed − predicted`; NaN when n is 0. */
  gap: number;
  /** `too-high` when the prediction lies above the interval, `too-low` below it, else `ok` (also when empty). */
  verdict: 'ok' | 'too-high' | 'too-low';
  /** The bin in words. */
  explanation: Label;
}

/** Calibration of one stage's probability. */
export interface StageCalibration {
  stage: string;
  name: Label;
  /** The probability checked for the stage (share 0..1). */
  predicted: number;
  /** Where it came from: the stage default or the model. */
  source: 'stage-default' | 'model';
  /** Closed opportunities that entered the stage (its predictions). */
  n: number;
  won: number;
  /** Share won; NaN when n is 0. */
  observed: number;
}

/** How well the stage probabilities foretold the outcomes (rule MP-3). */
export interface ProbabilityCalibration {
  rule: typeof MP3;
  basis: 'stage-default' | 'model';
  /** Predictions: pairs of a closed opportunity and a stage it entered. */
  n: number;
  /** Predictions whose opportunity was won. */
  won: number;
  /** won / n, the base rate; NaN when n is 0. */
  baseRate: number;
  /** Brier score, mean (p − outcome)² over the predictions; NaN when n is 0. */
  brier: number;
  /** The Brier score of predicting the base rate every time, baseRate × (1 − baseRate): the score to beat. */
  baseRateBrier: number;
  /** Brier skill score 1 − brier / baseRateBrier (NaN when that is 0); above 0 beats the base rate. */
  skill: number;
  /** Mean |observed − predicted| over the bins weighted by their predictions (expected calibration error). */
  gap: number;
  /** `policy.calibration.bins` equal-width bins over 0..100%, every bin listed. */
  bins: CalibrationBin[];
  /** Per stage of the policy, in its order. */
  stages: StageCalibration[];
  /** What one prediction is, in words. */
  prediction: Label;
  /** The verdict in words, e.g. "predictions too high in 60-70%: observed 41%". */
  explanation: Label;
  /** E.g. nothing closed, or a model fitted on the same outcomes (in-sample). */
  warnings: string[];
}

const PREDICTION: Label = {
  en:
    'one prediction per closed opportunity and stage it entered: the probability the stage gave, against whether ' +
    'the opportunity was won (entering a stage again adds no prediction; skipped stages give none)',
  zh: '每个已结束商机在其进入过的每个阶段各算一次预测：该阶段给出的概率对比是否赢单（重复进入不重复计，跳过的阶段不计）',
};

/**
 * How well the stage probabilities were calibrated (rule MP-3). One prediction is a pair of a closed opportunity and
 * a stage it entered: the probability that stage gave (the policy's default, or the model's rate with basis `model`)
 * against the outcome, won 1 or lost 0. Entering a stage again adds no prediction and a skipped stage gives none, so
 * an opportunity that went lead → proposal → won contributes two predictions, 10% and 60%, both right to be high.
 * Reports the Brier score with the base rate's Brier score and the skill score; equal-width bins of
 * `policy.calibration.bins` with the mean prediction, the observed win rate and its Wilson interval at
 * `policy.calibration.z`; the weighted mean gap; and in words each bin whose prediction lies outside its interval
 * ("predictions too high in 60-70%: observed 41%"). Outcomes are those in effect at the table's `asOf`.
 *
 * Calibrating a model on the outcomes it was fitted on is in-sample and looks better than it is: a warning says how
 * many outcomes closed at or before the model's `asOf`.
 *
 * @param table - a pipeline table computed with `policy`
 * @param policy - the opportunity policy the table was computed with
 * @param options - `basis` and, with basis `model`, the `model`
 * @throws KehuValidationError at `['options', …]` for a bad basis or a missing or bad model, at `['table', …]` when the
 *   table does not fit the policy
 */
export function probabilityCalibration(
  table: PipelineTable,
  policy: OpportunityPolicy,
  options: ProbabilityCalibrationOptions = {},
): ProbabilityCalibration {
  const basis = options?.basis ?? 'stage-default';
  if (basis !== 'stage-default' && basis !== 'model')
    throw invalidInput(['options', 'basis'], `basis must be 'stage-default' or 'model', got ${String(basis)}`);
  const model = options.model;
  if (basis === 'model' && (model === undefined || model === null || typeof model.stages !== 'object'))
    throw invalidInput(['options', 'model'], "basis 'model' needs the model (from fitStageModel)", 'invalid_type');
  checkPipelineTable(table, policy);
  const S = policy.stages.length;
  // The predicted whole percent per stage and its source.
  const percent = new Float64Array(S);
  const fromModel: boolean[] = [];
  policy.stages.forEach((stage, s) => {
    const entry = basis === 'model' ? model!.stages[stage.id] : undefined;
    if (entry !== undefined) {
      const p = entry.probability;
      if (!Number.isInteger(p) || p < 0 || p > 100)
        throw invalidInput(['options', 'model', 'stages', stage.id, 'probability'], `expected 0..100, got ${p}`);
    }
    const useModel = entry !== undefined && entry.closed >= policy.probability.minClosed;
    percent[s] = useModel ? entry.probability : stage.probability;
    fromModel.push(useModel);
  });

  const counts = stageOutcomeCounts(table);
  const bins = policy.calibration.bins;
  const z = policy.calibration.z;
  const binN = new Float64Array(bins);
  const binWon = new Float64Array(bins);
  const binSum = new Float64Array(bins);
  let n = 0;
  let won = 0;
  let squares = 0;
  const stages: StageCalibration[] = policy.stages.map((stage, s) => {
    const ns = counts.closed[s]!;
    const ws = counts.won[s]!;
    const q = percent[s]! / 100;
    n += ns;
    won += ws;
    squares += ws * (1 - q) ** 2 + (ns - ws) * q * q;
    const b = Math.min(bins - 1, Math.floor((percent[s]! * bins) / 100));
    binN[b]! += ns;
    binWon[b]! += ws;
    binSum[b]! += ns * q;
    return {
      stage: stage.id,
      name: stage.name,
      predicted: q,
      source: fromModel[s] ? 'model' : 'stage-default',
      n: ns,
      won: ws,
      observed: ns === 0 ? Number.NaN : ws / ns,
    };
  });
  const baseRate = n === 0 ? Number.NaN : won / n;
  const brier = n === 0 ? Number.NaN : squares / n;
  const baseRateBrier = baseRate * (1 - baseRate);
  let gapSum = 0;
  const off: Array<{ en: string; zh: string }> = [];
  const binRows: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const nb = binN[b]!;
    const wb = binWon[b]!;
    const w = wilsonInterval(wb, nb, z);
    const predicted = nb === 0 ? Number.NaN : binSum[b]! / nb;
    const from = (100 * b) / bins;
    const to = (100 * (b + 1)) / bins;
    const range = `${round1(from)}-${round1(to)}%`;
    const verdict = nb === 0 ? 'ok' : predicted > w.upper ? 'too-high' : predicted < w.lower ? 'too-low' : 'ok';
    if (nb > 0) gapSum += nb * Math.abs(w.rate - predicted);
    const said = {
      en: `predictions too ${verdict === 'too-high' ? 'high' : 'low'} in ${range}: observed ${percentText(w.rate)}`,
      zh: `${range} 区间的预测${verdict === 'too-high' ? '偏高' : '偏低'}：实际 ${percentText(w.rate)}`,
    };
    if (verdict !== 'ok') off.push(said);
    binRows.push({
      from,
      to,
      n: nb,
      won: wb,
      predicted,
      observed: w.rate,
      lower: w.lower,
      upper: w.upper,
      gap: w.rate - predicted,
      verdict,
      explanation:
        nb === 0
          ? { en: `${range}: no predictions`, zh: `${range}：无预测` }
          : verdict === 'ok'
            ? {
                en:
                  `${range}: predicted ${percentText(predicted)}, observed ${percentText(w.rate)} ` +
                  `(interval ${percentText(w.lower)} to ${percentText(w.upper)}), consistent`,
                zh:
                  `${range}：预测 ${percentText(predicted)}，实际 ${percentText(w.rate)}` +
                  `（区间 ${percentText(w.lower)} 至 ${percentText(w.upper)}），一致`,
              }
            : {
                en: `${said.en} (predicted ${percentText(predicted)}, ${nb} predictions)`,
                zh: `${said.zh}（预测 ${percentText(predicted)}，${nb} 次预测）`,
              },
    });
  }
  const gap = n === 0 ? Number.NaN : gapSum / n;
  const warnings: string[] = [];
  if (n === 0) warnings.push('no closed opportunities: no predictions to calibrate, every figure is NaN');
  if (basis === 'model' && model!.asOf instanceof Date) {
    const until = model!.asOf.getTime();
    const { status, closedAt } = table.columns;
    let inSample = 0;
    for (let i = 0; i < status.length; i++) if (status[i] !== 0 && closedAt[i]! <= until) inSample++;
    if (inSample > 0)
      warnings.push(
        `${inSample} of ${counts.closedTotal} outcomes closed at or before the model's asOf and may be the ones it ` +
          'was fitted on: in-sample calibration looks better than it is',
      );
  }
  const kind = basis === 'model' ? { en: 'model', zh: '模型' } : { en: 'stage default', zh: '阶段默认' };
  const head = {
    en:
      `Calibration of the ${kind.en} probabilities (rule MP-3) over ${n} predictions: Brier ${round3(brier)} ` +
      `against ${round3(baseRateBrier)} for the base rate ${percentText(baseRate)}`,
    zh:
      `${kind.zh}概率的校准（规则 MP-3），共 ${n} 次预测：Brier 分数 ${round3(brier)}，` +
      `以基准赢单率 ${percentText(baseRate)} 预测为 ${round3(baseRateBrier)}`,
  };
  const tail =
    n === 0
      ? { en: '', zh: '' }
      : off.length === 0
        ? { en: '; every bin within its interval', zh: '；各区间均在置信区间内' }
        : { en: `; ${off.map((o) => o.en).join('; ')}`, zh: `；${off.map((o) => o.zh).join('；')}` };
  return {
    rule: MP3,
    basis,
    n,
    won,
    baseRate,
    brier,
    baseRateBrier,
    skill: baseRateBrier === 0 || Number.isNaN(baseRateBrier) ? Number.NaN : 1 - brier / baseRateBrier,
    gap,
    bins: binRows,
    stages,
    prediction: PREDICTION,
    explanation: { en: head.en + tail.en, zh: head.zh + tail.zh },
    warnings,
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round3(x: number): string {
  return Number.isNaN(x) ? 'n/a' : (Math.round(x * 1000) / 1000).toFixed(3);
}
