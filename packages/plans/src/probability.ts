import type { Label } from '@kehu/core';
import type { OpportunityPolicy } from './opportunity-policy.js';
import { PROBABILITY_SOURCES, type ProbabilityResult, type ProbabilitySource, type StageModel } from './types.js';

/** Index of each source in {@link PROBABILITY_SOURCES}, as the `probabilitySource` column stores it. */
const SOURCE_STAGE = PROBABILITY_SOURCES.indexOf('stage');
const SOURCE_MANUAL = PROBABILITY_SOURCES.indexOf('manual');
const SOURCE_MODEL = PROBABILITY_SOURCES.indexOf('model');
const SOURCE_WON = PROBABILITY_SOURCES.indexOf('won');
const SOURCE_LOST = PROBABILITY_SOURCES.indexOf('lost');

/** The opportunity status codes of the columns: 0 open, 1 won, 2 lost. */
export const STATUS_OPEN = 0;
/** Status code of a won opportunity. */
export const STATUS_WON = 1;
/** Status code of a lost opportunity. */
export const STATUS_LOST = 2;

/**
 * What an open opportunity's probability is when nobody set one by hand, per stage of the policy (in its order):
 * the model's win rate where the policy's source is `model` and the model saw at least `minClosed` closed
 * opportunities that reached the stage, else the stage's default. Built once per computation by
 * {@link probabilityBasis}, then read by {@link resolveProbability} for every row.
 */
export interface ProbabilityBasis {
  /** Whole percent per stage index. */
  readonly value: Uint8Array;
  /** Index into `PROBABILITY_SOURCES` per stage index (`stage` or `model`). */
  readonly source: Uint8Array;
}

/**
 * The per-stage basis of {@link resolveProbability} (rule MP-3): the stage's default probability, or the model's win
 * rate when `policy.probability.source` is `model`, a `model` is given and it saw at least
 * `policy.probability.minClosed` closed opportunities that reached the stage.
 */
export function probabilityBasis(policy: OpportunityPolicy, model?: StageModel): ProbabilityBasis {
  const n = policy.stages.length;
  const value = new Uint8Array(n);
  const source = new Uint8Array(n);
  const useModel = policy.probability.source === 'model' && model !== undefined;
  for (let s = 0; s < n; s++) {
    const stage = policy.stages[s]!;
    const learnt = useModel && Object.hasOwn(model.stages, stage.id) ? model.stages[stage.id] : undefined;
    if (
      learnt !== undefined &&
      learnt.closed >= policy.probability.minClosed &&
      Number.isInteger(learnt.probability) &&
      learnt.probability >= 0 &&
      learnt.probability <= 100
    ) {
      value[s] = learnt.probability;
      source[s] = SOURCE_MODEL;
    } else {
      value[s] = stage.probability;
      source[s] = SOURCE_STAGE;
    }
  }
  return { value, source };
}

/**
 * THE probability rule of an opportunity (rule MP-3), shared by the pipeline table, its rows and the object path so
 * that they never drift: won is 100 (source `won`) and lost 0 (source `lost`), always; else a manual value while one
 * is set (source `manual`; it stays through stage changes and reopening until set again by hand); else the basis of
 * the stage (`model` or `stage`, see {@link probabilityBasis}).
 *
 * Returns `source × 256 + value` (no object, for the bulk path): `code & 255` is the whole percent and `code >> 8`
 * the index into `PROBABILITY_SOURCES`. {@link explainProbability} turns a code into a `ProbabilityResult`.
 *
 * @param status - 0 open, 1 won, 2 lost
 * @param stage - the current stage's index in the policy
 * @param manual - the manual probability in effect (0..100), or -1 when none is set
 * @param basis - from {@link probabilityBasis}
 */
export function resolveProbability(status: number, stage: number, manual: number, basis: ProbabilityBasis): number {
  if (status === STATUS_WON) return (SOURCE_WON << 8) | 100;
  if (status === STATUS_LOST) return SOURCE_LOST << 8;
  if (manual >= 0) return (SOURCE_MANUAL << 8) | manual;
  return (basis.source[stage]! << 8) | basis.value[stage]!;
}

/**
 * The explained probability of a code from {@link resolveProbability}: value, source and why, in English and
 * Chinese (the stage's name, the default or the model's rate, or the manual lock).
 */
export function explainProbability(code: number, stage: number, policy: OpportunityPolicy): ProbabilityResult {
  const value = code & 255;
  const source: ProbabilitySource = PROBABILITY_SOURCES[code >> 8]!;
  const s = policy.stages[stage];
  const name: Label = s?.name ?? { en: 'unknown stage', zh: '未知阶段' };
  let explanation: Label;
  switch (source) {
    case 'won':
      explanation = { en: 'won: always 100% (MP-3)', zh: '赢单：恒为 100%（MP-3）' };
      break;
    case 'lost':
      explanation = { en: 'lost: always 0% (MP-3)', zh: '输单：恒为 0%（MP-3）' };
      break;
    case 'manual':
      explanation = {
        en: `set by hand to ${value}%; locked until changed by hand (MP-3)`,
        zh: `手工设定为 ${value}%；在手工修改前保持不变（MP-3）`,
      };
      break;
    case 'model':
      explanation = {
        en: `model: win rate ${value}% of closed opportunities that reached stage ${name.en} (MP-3)`,
        zh: `模型：到达「${name.zh}」阶段的已关闭商机赢单率 ${value}%（MP-3）`,
      };
      break;
    default: {
      const fallback = policy.probability.source === 'model';
      explanation = {
        en:
          `stage ${name.en} default ${value}%` +
          (fallback ? ` (no model estimate from at least ${policy.probability.minClosed} closed opportunities)` : '') +
          ' (MP-3)',
        zh:
          `「${name.zh}」阶段默认 ${value}%` +
          (fallback ? `（模型样本不足 ${policy.probability.minClosed} 个已关闭商机）` : '') +
          '（MP-3）',
      };
    }
  }
  return { value, source, explanation };
}
