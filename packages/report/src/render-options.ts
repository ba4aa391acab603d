import { parserFor } from '@kehu/core';
import * as z from 'zod';
import { REPORT_LANGUAGES, type ReportLanguage } from './text.js';

/** The width of a chart in CSS pixels when none is given; the SVG scales to the page (it has a `viewBox`). */
export const DEFAULT_CHART_WIDTH = 760;

/** How a report or a figure is rendered. */
export interface RenderOptions {
  /** The language of the texts: both side by side (default), English only or Simplified Chinese only. */
  language?: ReportLanguage;
  /**
   * The width each chart is laid out for, in CSS pixels (240..4096, default {@link DEFAULT_CHART_WIDTH}). The SVG
   * scales to its container, so this sets the proportions and the text size relative to the chart.
   */
  width?: number;
}

const renderOptionsSchema = z.strictObject({
  language: z.enum(REPORT_LANGUAGES).optional(),
  width: z.int().min(240).max(4096).optional(),
});

const parseOptions = parserFor(renderOptionsSchema, 'render options');

/** {@link RenderOptions} with every default filled in. */
export interface ResolvedRenderOptions {
  /** The language of the texts. */
  language: ReportLanguage;
  /** The chart width in CSS pixels. */
  width: number;
}

/**
 * Validates render options and fills in the defaults.
 *
 * @throws KehuValidationError with the path of a bad option (e.g. `['width']`)
 */
export function resolveRenderOptions(options: RenderOptions | undefined): ResolvedRenderOptions {
  const parsed = parseOptions(options ?? {});
  return { language: parsed.language ?? 'bilingual', width: parsed.width ?? DEFAULT_CHART_WIDTH };
}
