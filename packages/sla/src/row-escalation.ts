import type { SlaTable } from './table.js';

/**
 * The escalation level one row of an {@link SlaTable} is at (rule SL-4), `null` when none: the highest of the level
 * the complaint's severity in effect reaches at intake, the warning level once the row passed the policy's warning
 * escalation point (`escalation.atWarning`) and the breach level once it is breached. An SLA board shows it per
 * line; `slaAt` gives the escalations themselves, with their stable ids.
 */
export function rowEscalationLevel(table: SlaTable, row: number): number | null {
  const { atIntake, atWarning, atBreach } = table.source.policy.escalation;
  // The warning point is a share of the target on the metric's clock, as the evaluation places it.
  const target = table.rowTargetMs[row]!;
  const warned =
    atWarning !== undefined &&
    !Number.isNaN(target) &&
    Math.floor((target * atWarning.percent) / 100) <= table.rowElapsedMs[row]!;
  const level = Math.max(
    atIntake[table.severities[table.rowComplaint[row]!]!] ?? 0,
    warned ? atWarning.level : 0,
    Number.isNaN(table.rowBreached[row]!) ? 0 : (atBreach ?? 0),
  );
  return level === 0 ? null : level;
}
