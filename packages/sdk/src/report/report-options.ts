import type { BusinessCalendar } from '@kehu/calendar';
import { invalidInput, isKehuError, KehuPolicyError, KehuValidationError, type ErrorPath } from '@kehu/core';
import { contributionPolicySchema, parsePolicy } from '@kehu/grading';
import { parseRfmPolicy, segmentMapSchema, type SegmentMap } from '@kehu/rfm';
import { parseSlaPolicy } from '@kehu/sla';
import { describeValue, requireObject } from '../arguments.js';
import type { ChurnScoreOptions } from '../churn.js';
import type { CadencePlanOptions } from '../cadence.js';
import { toInstant, toOptionalInstant, type InstantInput } from '../instant.js';
import type { PipelineOptions } from '../opportunities.js';
import type { SatisfactionReportOptions } from '../satisfaction.js';
import type { SlaOptions } from '../sla.js';
import type { RegradeAllOptions, ScoreRfmOptions } from '../value.js';
import { addLocalMonths } from './local-months.js';
import { REPORT_SECTION_IDS, type ReportInputs, type ReportSectionId } from './section.js';

/**
 * The policies the report's sections read with, per module: exactly what the module's own use case takes, each
 * optional (absent: the module's documented default).
 */
export interface ReportPolicies {
  /** Contribution grading (GR-2, GR-6): `policy` of `kehu.value.regradeAll`; its `windowDays` sets the window. */
  readonly grading?: RegradeAllOptions['policy'];
  /**
   * RFM scoring (RF-1, RF-2): the options of `kehu.value.scoreRfm` without the instants the report sets, and the
   * segment map of the migration (default `RFM_11_SEGMENTS` of `@kehu/rfm`; its `bins` must be the policy's).
   */
  readonly rfm?: Omit<ScoreRfmOptions, 'asOf' | 'from'> & { segments?: SegmentMap };
  /** Complaint SLAs (SL-2 to SL-4): `policy` of the SLA use cases. */
  readonly sla?: SlaOptions['policy'];
  /**
   * Satisfaction (SA-1 to SA-5): the options of `kehu.satisfaction.report` without `asOf` and `zone` (the report's);
   * without a survey the section says so.
   */
  readonly satisfaction?: Partial<Omit<SatisfactionReportOptions, 'asOf' | 'zone'>>;
  /** Churn risk (CH-1 to CH-4): `policy` of `kehu.churn.score`. */
  readonly churn?: ChurnScoreOptions['policy'];
  /** Revisit planning (CA-1 to CA-9): `policy` of `kehu.cadence.plan`. */
  readonly cadence?: CadencePlanOptions['policy'];
  /** Sales opportunities (MP-3): `policy` of `kehu.opportunities.pipeline`. */
  readonly opportunity?: PipelineOptions['policy'];
}

/** The module names of {@link ReportPolicies}, in the order of the report's sections. */
export const REPORT_POLICY_KEYS = ['grading', 'rfm', 'sla', 'satisfaction', 'churn', 'cadence', 'opportunity'] as const;

/** Options of `kehu.report.model`. */
export interface ReportOptions {
  /** The moment reported on: a `Date` or ISO-8601 text with `Z` or an offset. */
  asOf: InstantInput;
  /** The business calendar (SLA clocks, revisit days, stage times); its zone is the zone of the report's dates. */
  calendar: BusinessCalendar;
  /** The moment compared with (RFM migration); default three calendar months before `asOf` in the calendar's zone. */
  previousAsOf?: InstantInput;
  /** The start of the trends (monthly and quarterly series); default twelve calendar months before `asOf`. */
  from?: InstantInput;
  /** The sections, shown in the order of `REPORT_SECTION_IDS` whatever the order given; default all of them. */
  sections?: readonly ReportSectionId[];
  /** The policies per module; each absent one is the module's default. */
  policies?: ReportPolicies;
}

/** The months `previousAsOf` lies before `asOf` by default. */
export const DEFAULT_PREVIOUS_MONTHS = 3;
/** The months the trends reach back from `asOf` by default. */
export const DEFAULT_TREND_MONTHS = 12;

/** Report options after they were checked: the inputs every section gets and the sections to build, in order. */
export interface CheckedReportOptions {
  /** What every section builder gets. */
  readonly inputs: ReportInputs;
  /** The sections to build, in the order of `REPORT_SECTION_IDS`. */
  readonly sections: readonly ReportSectionId[];
}

const OPTION_KEYS: ReadonlySet<string> = new Set(['asOf', 'calendar', 'previousAsOf', 'from', 'sections', 'policies']);
const POLICY_KEYS: ReadonlySet<string> = new Set(REPORT_POLICY_KEYS);
const SECTION_IDS: ReadonlySet<string> = new Set(REPORT_SECTION_IDS);

/** Refuses the keys of `value` not in `known`, at `path` + key. */
function refuseUnknownKeys(value: object, known: ReadonlySet<string>, path: ErrorPath, what: string): void {
  for (const key of Object.keys(value))
    if (!known.has(key))
      throw invalidInput(
        [...path, key],
        `${[...path, key].join('.')}: unknown ${what}; expected one of ${[...known].join(', ')}`,
        'unrecognized_keys',
      );
}

/** Runs a policy parser; its error is thrown again with its path under `policies.<key>`. */
function underPolicies<T>(key: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof KehuPolicyError)
      throw new KehuPolicyError(`policies.${key}: ${error.message}`, {
        code: error.code,
        path: ['policies', key, ...error.path],
        details: error.details,
        cause: error,
      });
    if (error instanceof KehuValidationError)
      throw new KehuValidationError(
        `policies.${key}: ${error.message}`,
        error.issues.map((i) => ({ ...i, path: ['policies', key, ...i.path] })),
        { code: error.code, details: error.details, cause: error },
      );
    if (isKehuError(error)) throw error;
    throw invalidInput(['policies', key], `policies.${key} is not a valid policy`, 'invalid_value', { cause: error });
  }
}

/**
 * Checks the policies the report's own sections parse (grading, RFM with its segment map, SLA) so that a bad one
 * is refused before anything is read, with its path under `policies`; the other modules' policies are checked by
 * their use cases when their section runs.
 */
function checkPolicies(input: unknown): ReportPolicies {
  if (input === undefined) return {};
  const policies = requireObject<Record<string, unknown>>(input, ['policies'], 'policies');
  refuseUnknownKeys(policies, POLICY_KEYS, ['policies'], 'module');
  for (const key of REPORT_POLICY_KEYS) {
    const value = policies[key];
    if (value !== undefined) requireObject(value, ['policies', key], `policies.${key}`);
  }
  if (policies.grading !== undefined)
    underPolicies('grading', () => parsePolicy(contributionPolicySchema, policies.grading, 'contribution policy'));
  if (policies.rfm !== undefined) {
    const { segments, currency, ...rfm } = policies.rfm as Record<string, unknown>;
    const parsed = underPolicies('rfm', () => parseRfmPolicy(rfm));
    if (currency !== undefined && typeof currency !== 'string')
      throw invalidInput(
        ['policies', 'rfm', 'currency'],
        `policies.rfm.currency must be a currency code, got ${describeValue(currency)}`,
        'invalid_type',
      );
    if (segments !== undefined) {
      const map = underPolicies('rfm', () => parsePolicy(segmentMapSchema, segments, 'segment map'));
      if (map.bins !== parsed.bins)
        throw new KehuPolicyError(
          `policies.rfm.segments: the segment map is written for ${map.bins} bins, the RFM policy has ${parsed.bins}`,
          { path: ['policies', 'rfm', 'segments', 'bins'] },
        );
    }
  }
  if (policies.sla !== undefined) underPolicies('sla', () => parseSlaPolicy(policies.sla));
  return policies as ReportPolicies;
}

/** The sections asked for, in report order; unknown or repeated ids are refused with their index. */
function checkSections(input: unknown): ReportSectionId[] {
  if (input === undefined) return [...REPORT_SECTION_IDS];
  if (!Array.isArray(input))
    throw invalidInput(
      ['sections'],
      `sections must be an array of section ids, got ${describeValue(input)}`,
      'invalid_type',
    );
  if (input.length === 0)
    throw invalidInput(['sections'], 'sections must name at least one section (omit it for all)', 'too_small');
  const seen = new Set<string>();
  for (const [i, id] of input.entries()) {
    if (typeof id !== 'string' || !SECTION_IDS.has(id))
      throw invalidInput(
        ['sections', i],
        `sections.${i}: unknown section ${describeValue(id)}; expected one of ${REPORT_SECTION_IDS.join(', ')}`,
      );
    if (seen.has(id)) throw invalidInput(['sections', i], `sections.${i}: section ${id} is listed twice`);
    seen.add(id);
  }
  return REPORT_SECTION_IDS.filter((id) => seen.has(id));
}

/** The business calendar of the options, checked to be one (it carries the report's zone). */
function checkCalendar(input: unknown): BusinessCalendar {
  const zone = (input as { spec?: { timeZone?: unknown } } | null | undefined)?.spec?.timeZone;
  if (typeof input !== 'object' || input === null || typeof zone !== 'string')
    throw invalidInput(
      ['calendar'],
      `calendar: expected a business calendar (e.g. chinaCalendar() of @kehu/calendar), got ${describeValue(input)}`,
      'invalid_type',
    );
  return input as BusinessCalendar;
}

/**
 * Checks the options of `kehu.report.model` and applies the defaults: `previousAsOf` three calendar months and
 * `from` twelve calendar months before `asOf`, in the calendar's zone at the same wall time (the day clamped to
 * the month's end); both must be before `asOf`. Unknown options are refused; every error is a `KehuError` with
 * the path of the bad field.
 *
 * @param input - the options as given
 */
export function checkReportOptions(input: unknown): CheckedReportOptions {
  const options = requireObject<Record<string, unknown>>(input, [], 'report options');
  refuseUnknownKeys(options, OPTION_KEYS, [], 'option');
  const asOf = toInstant(options.asOf, ['asOf']);
  const calendar = checkCalendar(options.calendar);
  const timeZone = calendar.spec.timeZone;
  const before = (key: 'previousAsOf' | 'from', months: number): Date => {
    const given = toOptionalInstant(options[key], [key]);
    const value = given ?? addLocalMonths(asOf, -months, timeZone);
    if (value.getTime() >= asOf.getTime())
      throw invalidInput(
        [key],
        `${key} must be before asOf (${asOf.toISOString()}), got ${value.toISOString()}`,
        'too_big',
      );
    return value;
  };
  const previousAsOf = before('previousAsOf', DEFAULT_PREVIOUS_MONTHS);
  const from = before('from', DEFAULT_TREND_MONTHS);
  const sections = checkSections(options.sections);
  const policies = checkPolicies(options.policies);
  return { inputs: { asOf, previousAsOf, from, calendar, timeZone, policies }, sections };
}
