import { invalidInput, type Label, wilsonInterval } from '@kehu/core';
import { checkPipelineTable, MP3, percentText, stageOutcomeCounts } from './opportunity-analytics.js';
import type { OpportunityPolicy } from './opportunity-policy.js';
import type { PipelineTable } from './types.js';

/** Options of {@link stageConversion}. */
export interface StageConversionOptions {
  /** The critical value of the Wilson intervals (default: the policy's `calibration.z`, 1.96 for 95%). */
  z?: number | undefined;
}

/** Stage-to-win conversion of one stage (rule MP-3). */
export interface StageConversionRow {
  stage: string;
  name: Label;
  /** Closed (won or lost) opportunities that entered the stage at least once. */
  closed: number;
  /** Of them, won. */
  won: number;
  /** won / closed; NaN when none closed. */
  rate: number;
  /** Wilson interval of the rate at `z` (NaN when none closed). */
  lower: number;
  upper: number;
  /** The stage's default probability in the policy, as a share 0..1 to compare with `rate`. */
  defaultProbability: number;
  /** The row in words. */
  explanation: Label;
}

/** Stage-to-win conversion (rule MP-3). */
export interface StageConversion {
  rule: typeof MP3;
  /** The critical value of the intervals. */
  z: number;
  /** One row per stage of the policy, in its order. */
  stages: StageConversionRow[];
  /** Closed opportunities in the table and how many were won. */
  closed: number;
  won: number;
  explanation: Label;
  /** E.g. nothing closed, a stage no closed opportunity entered. */
  warnings: string[];
}

/**
 * Stage-to-win conversion (rule MP-3): for every stage, of the closed opportunities that entered it (at least one
 * visit; a skipped stage is not reached, an opportunity moved back into a stage counts once), the share won, with its
 * Wilson score interval (core `wilsonInterval`) and the stage's default probability beside it to compare. Open
 * opportunities are left out: their outcome is unknown. A stage no closed opportunity entered has NaN and a warning.
 *
 * @param table - a pipeline table computed with `policy` (outcomes as of its `asOf`)
 * @param policy - the opportunity policy the table was computed with
 * @param options - `z` (default `policy.calibration.z`)
 * @throws KehuValidationError at `['options', 'z']` for a bad z, at `['table', …]` when the table does not fit
 */
export function stageConversion(
  table: PipelineTable,
  policy: OpportunityPolicy,
  options: StageConversionOptions = {},
): StageConversion {
  const z = options?.z ?? policy.calibration.z;
  if (typeof z !== 'number' || !Number.isFinite(z) || z < 0)
    throw invalidInput(['options', 'z'], `z must be a finite number, 0 or more, got ${String(z)}`);
  checkPipelineTable(table, policy);
  const counts = stageOutcomeCounts(table);
  const warnings: string[] = [];
  if (counts.closedTotal === 0) warnings.push('no closed opportunities: every conversion rate is NaN');
  const rows = policy.stages.map((stage, s): StageConversionRow => {
    const closed = counts.closed[s]!;
    const won = counts.won[s]!;
    const w = wilsonInterval(won, closed, z);
    const defaultProbability = stage.probability / 100;
    if (closed === 0 && counts.closedTotal > 0)
      warnings.push(`stage ${stage.id}: no closed opportunity entered it, its conversion is NaN`);
    return {
      stage: stage.id,
      name: stage.name,
      closed,
      won,
      rate: w.rate,
      lower: w.lower,
      upper: w.upper,
      defaultProbability,
      explanation:
        closed === 0
          ? {
              en: `${stage.name.en}: no closed opportunity entered it; default ${stage.probability}%`,
              zh: `${stage.name.zh}：没有已结束的商机进入该阶段；默认 ${stage.probability}%`,
            }
          : {
              en:
                `${stage.name.en}: ${won} of ${closed} closed opportunities that entered it were won ` +
                `(${percentText(w.rate)}, interval ${percentText(w.lower)} to ${percentText(w.upper)}); ` +
                `default ${stage.probability}%`,
              zh:
                `${stage.name.zh}：进入该阶段并已结束的 ${closed} 个商机中赢单 ${won} 个（${percentText(w.rate)}，` +
                `区间 ${percentText(w.lower)} 至 ${percentText(w.upper)}）；默认 ${stage.probability}%`,
            },
    };
  });
  return {
    rule: MP3,
    z,
    stages: rows,
    closed: counts.closedTotal,
    won: counts.wonTotal,
    explanation: {
      en:
        `Stage-to-win conversion (rule MP-3): of ${counts.closedTotal} closed opportunities, ${counts.wonTotal} won; ` +
        `per stage, the share won among those that entered it, with Wilson intervals at z = ${z}`,
      zh:
        `阶段赢单转化率（规则 MP-3）：已结束商机 ${counts.closedTotal} 个，赢单 ${counts.wonTotal} 个；` +
        `各阶段为进入该阶段的商机中赢单的比例，Wilson 区间 z = ${z}`,
    },
    warnings,
  };
}
