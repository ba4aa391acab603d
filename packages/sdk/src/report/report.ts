import type { ReportModel } from '@kehu/core';
import { cadenceSection } from './cadence-section.js';
import { churnSection } from './churn-section.js';
import { pipelineSection } from './pipeline-section.js';
import { checkReportOptions, type ReportOptions } from './report-options.js';
import { rfmSection } from './rfm-section.js';
import { satisfactionSection } from './satisfaction-section.js';
import type { ReportReaders, ReportSectionBuilder, ReportSectionId } from './section.js';
import { slaSection } from './sla-section.js';
import { valueSection } from './value-section.js';

/** The builder of each section. */
const BUILDERS: Readonly<Record<ReportSectionId, ReportSectionBuilder>> = {
  value: valueSection,
  rfm: rfmSection,
  sla: slaSection,
  satisfaction: satisfactionSection,
  churn: churnSection,
  cadence: cadenceSection,
  pipeline: pipelineSection,
};

/** The report's title. */
const TITLE = { en: 'Customer management report', zh: '客户管理报告' };

/** The report use cases: the whole practice as charts, read from the store (never written). */
export interface ReportUseCases {
  /**
   * The report model of the store as of `asOf` (core's `ReportModel`): the sections asked for, in the order of
   * `REPORT_SECTION_IDS`, each built from the store by the module's read use cases. Bad options are refused with the
   * path of the bad field before anything is read; a section that fails rejects the whole call. `renderReport` of
   * `@kehu/report` turns the model into one self-contained HTML file (the SDK does not depend on the charting
   * library, so apps that never draw do not install it).
   */
  model(options: ReportOptions): Promise<ReportModel>;
}

/**
 * Builds the report use cases over `readers`, the SDK's own use cases (validated, not authorised again: the report
 * is authorised as `report.model`). Sections are built one after another, since the store may be
 * one connection.
 */
export function reportUseCases(readers: ReportReaders): ReportUseCases {
  const model = async (input: unknown): Promise<ReportModel> => {
    const { inputs, sections } = checkReportOptions(input);
    const built = [];
    for (const id of sections) built.push(await BUILDERS[id](readers, inputs));
    return {
      title: TITLE,
      asOf: inputs.asOf.toISOString(),
      previousAsOf: inputs.previousAsOf.toISOString(),
      timeZone: inputs.timeZone,
      sections: built,
    };
  };
  return { model: (options) => model(options) };
}
