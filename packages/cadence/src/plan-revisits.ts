import { requireAsOf } from '@kehu/core';
import { checkPlanInput } from './check-input.js';
import type { PlanWindowOptions } from './plan-context.js';
import type { PlanReport } from './plan-report.js';
import { createRevisitPlanner, revisitTaskRows } from './plan-table.js';
import type { CadencePolicy, CadencePolicyInput } from './policy.js';
import type { PlanInput, RevisitTask, SkippedEntry } from './types.js';

/** A revisit plan as objects: the tasks (explained), what got no task and why, and the report. */
export interface RevisitPlan {
  /** Ordered by due date, then owner id, then priority descending, then customer id. */
  readonly tasks: RevisitTask[];
  /** Customers and rules that got no task, and why. */
  readonly skipped: readonly SkippedEntry[];
  /** Counts, late work and each owner's load per day. */
  readonly report: PlanReport;
}

/**
 * Plans revisits (rules CA-1 to CA-9, CH-7, SA-5) for the days `from`..`to` of `calendar` as of `asOf`: checks
 * and groups the input per customer, generates every rule's demands, applies snoozes and skips, merges
 * overlapping windows of one customer, and places each task on a working day (调休 included) within its owner's
 * capacity and off their leave, explaining every date. The convenience path over {@link createRevisitPlanner};
 * the policy may be written (defaults applied) or parsed. Throws `KehuValidationError` naming the bad field
 * (`['owners', 2, 'dailyCapacity']`, `['contacts', 9, 'at']`, `['asOf']`, `['to']`), `KehuPolicyError` for a bad
 * policy; customers missing what a rule needs are listed in `skipped`, never dropped silently.
 */
export function planRevisits(
  input: PlanInput,
  policy: CadencePolicyInput | CadencePolicy | undefined,
  options: PlanWindowOptions,
): RevisitPlan {
  requireAsOf(options);
  const checked = checkPlanInput(input);
  const planner = createRevisitPlanner(policy, {
    ...options,
    owners: checked.owners,
    rounds: checked.rounds,
    actions: checked.actions,
  });
  for (const history of checked.histories) planner.add(history);
  const table = planner.finish();
  return { tasks: revisitTaskRows(table), skipped: table.skipped, report: table.report };
}
