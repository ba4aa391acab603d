import type { Label } from '@kehu/core';
import type { CadencePolicy } from './policy.js';
import type { PlanRound } from './types.js';

/** A statutory holiday period of the calendar, as day numbers (inclusive). */
export interface HolidayPeriod {
  readonly from: number;
  readonly to: number;
  readonly name: Label;
}

/**
 * What every demand generator needs besides one customer's history: the policy, the plan's window and `asOf` as
 * local day numbers of the calendar's zone, a fast instant → local day conversion, the calendar's named holiday
 * periods and the rounds. Built once per plan.
 */
export interface PlanContext {
  readonly policy: CadencePolicy;
  /** The calendar's IANA zone: every local date of the plan is in it. */
  readonly zone: string;
  /** First and last day of the plan (inclusive). */
  readonly fromDay: number;
  readonly toDay: number;
  /** `asOf`'s local date. */
  readonly todayDay: number;
  /** `asOf` in epoch milliseconds. */
  readonly asOfMs: number;
  /** An instant (epoch ms) → its local day number in `zone`. */
  readonly localDay: (ms: number) => number;
  /** Named holiday periods touching the plan's window (and the holiday reminder's lead). */
  readonly holidays: readonly HolidayPeriod[];
  /** The rounds of the plan (CA-8), validated. */
  readonly rounds: readonly PlanRound[];
}
