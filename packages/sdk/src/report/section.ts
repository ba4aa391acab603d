import type { BusinessCalendar } from '@kehu/calendar';
import type { ReportSection } from '@kehu/core';
import type { KehuUseCases } from '../kehu.js';
import type { ReportPolicies } from './report-options.js';

/** The ids of the report's sections, in the order the report shows them. */
export const REPORT_SECTION_IDS = ['value', 'rfm', 'sla', 'satisfaction', 'churn', 'cadence', 'pipeline'] as const;

/** One section of the report, by id. */
export type ReportSectionId = (typeof REPORT_SECTION_IDS)[number];

/** The report's options after they were checked, with their defaults applied: what every section builder gets. */
export interface ReportInputs {
  /** The moment reported on. */
  readonly asOf: Date;
  /** The moment compared with (RFM migration, deltas): by default three calendar months before `asOf`. */
  readonly previousAsOf: Date;
  /** The start of the trends (monthly or quarterly series): by default twelve calendar months before `asOf`. */
  readonly from: Date;
  /** The business calendar of SLA clocks, revisit days and stage times. */
  readonly calendar: BusinessCalendar;
  /** The IANA zone of the report's local dates (months, days): the calendar's zone. */
  readonly timeZone: string;
  /** The policies per module as the caller gave them (each absent one: the module's default). */
  readonly policies: ReportPolicies;
}

/** The use cases a section builder reads with (the SDK's own, already validated and authorised as the report). */
export type ReportReaders = Omit<KehuUseCases, 'report'>;

/** Builds one section of the report from the store. Sections never write. */
export type ReportSectionBuilder = (readers: ReportReaders, inputs: ReportInputs) => Promise<ReportSection>;
