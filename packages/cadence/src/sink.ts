import type { PlanContext } from './context.js';
import type { Demand, SkippedEntry } from './types.js';
import { type ClosedWindow, type WindowOutcome, windowFate } from './window.js';

/** Where the demand generators of one customer put their demands and skipped entries. */
export interface DemandSink {
  /** The open windows, as demands. */
  demands: Demand[];
  /** Windows open at the start that a contact already satisfied, and customers without demands. */
  skipped: SkippedEntry[];
  /** Windows that closed before the plan's start, counted by how they ended (history, not plan items). */
  readonly closed: Record<ClosedWindow, number>;
}

/** An empty sink. */
export function newSink(): DemandSink {
  return { demands: [], skipped: [], closed: { 'satisfied-by-contact': 0, 'window-passed': 0 } };
}

/** Empties a sink for the next customer (the planner keeps one sink for all its customers). */
export function clearSink(sink: DemandSink): void {
  // Fresh arrays: truncating a used array costs more than a new empty one.
  sink.demands = [];
  sink.skipped = [];
  sink.closed['satisfied-by-contact'] = 0;
  sink.closed['window-passed'] = 0;
}

/** Counts a closed window (each counter by its own name: a store to a known property). */
function countClosed(why: ClosedWindow, sink: DemandSink): void {
  if (why === 'window-passed') sink.closed['window-passed']++;
  else sink.closed['satisfied-by-contact']++;
}

/** Puts a window's outcome into the sink (a demand, a skipped entry, a closed window counted, or nothing). */
export function emit(outcome: WindowOutcome, sink: DemandSink): WindowOutcome {
  if (outcome !== null) {
    if ('demand' in outcome) sink.demands.push(outcome.demand);
    else if ('skipped' in outcome) sink.skipped.push(outcome.skipped);
    else countClosed(outcome.closed, sink);
  }
  return outcome;
}

/**
 * The fast path of the plan's common rules ({@link windowFate}) for the window `[earliest, latest]`: counts it in
 * the sink when it closed before the plan's start, ignores it after the plan, and returns `true` only when it is
 * open, so that the generator builds its key and reason (and calls `windowDemand`) for open windows alone.
 */
export function admit(
  earliest: number,
  latest: number,
  ctx: PlanContext,
  contactDays: readonly number[],
  sink: DemandSink,
  neverPasses = false,
): boolean {
  const fate = windowFate(earliest, latest, ctx, contactDays, neverPasses);
  if (fate === 'open') return true;
  if (fate !== null) countClosed(fate, sink);
  return false;
}
