/**
 * What happened under a plan, as numbers per metric with where each came from (rule MP-1: evaluate): the input of
 * `evaluatePlan`, built by hand or from other modules' results with {@link observationsFrom}.
 */
import { type ErrorPath, invalidInput, type Label, type PlanMetric } from '@kehu/core';
import type { PlanResults } from './plan-results.js';

/** One observed value of a metric and its source. */
export interface PlanObservation {
  /** The value in the metric's unit (a count, a share 0..1, a score change, an amount); NaN counts as unobserved. */
  readonly value: number;
  /** Where the number came from (module and rule), in English and Chinese. */
  readonly source: Label;
  /** The sample size behind it, when it is a share or a mean. */
  readonly n?: number | undefined;
}

/**
 * The observations a plan is evaluated on: one per metric, and for `custom` measures a value per measure id given
 * by the host.
 */
export type PlanObservations = Partial<Record<Exclude<PlanMetric, 'custom'>, PlanObservation>> & {
  /** Values of `custom` measures by measure id. */
  readonly custom?: Readonly<Record<string, number>> | undefined;
};

/** Revisit counts from `@kehu/cadence`'s `revisitAnalysis` (rule CA-9). */
export interface ContactsSource {
  /** Revisits done (on time or late). */
  readonly done: number;
  /** Revisits done on time. */
  readonly onTime?: number | undefined;
  /** Revisits planned that were due: done + overdue. */
  readonly planned?: number | undefined;
}

/** The mean satisfaction score before and after the plan (rule SA-4). */
export interface SatisfactionSource {
  /** The mean score before (e.g. the quarter before the plan). */
  readonly before: number;
  /** The mean score after. */
  readonly after: number;
  /** Responses behind `after`. */
  readonly n?: number | undefined;
}

/** Re-grades of the group's customers (rule GR-4). */
export interface GradesSource {
  /** Customers moved to a higher tier. */
  readonly upgrades: number;
  /** Customers moved to a lower tier. */
  readonly downgrades: number;
}

/** What {@link observationsFrom} turns into observations; each part is optional. */
export interface ObservationSources {
  /**
   * Revisits (rule CA-9, `@kehu/cadence`'s `revisitAnalysis`): contacts done, those done on time, and those planned
   * (done + overdue in the analysis).
   */
  readonly contacts?: ContactsSource | undefined;
  /** Mean satisfaction score before and after the plan (rule SA-4, `@kehu/satisfaction`), with the sample size. */
  readonly satisfaction?: SatisfactionSource | undefined;
  /** Re-grades of the group's customers in the period (rule GR-4, `@kehu/grading`). */
  readonly grades?: GradesSource | undefined;
  /** Customers of the group who left in the period (rule CH-4, `@kehu/churn`'s report). */
  readonly churned?: number | undefined;
  /** The group's results (rule MP-2, {@link PlanResults}): new customers, repurchase, revenue, campaigns. */
  readonly results?: PlanResults | undefined;
  /** Events held for the group, as recorded (rule CA-7). */
  readonly events?: number | undefined;
  /** Gifts given to the group, as recorded (rule CA-7). */
  readonly gifts?: number | undefined;
}

function count(value: unknown, path: ErrorPath): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw invalidInput(path, `${path.join('.')} must be an integer, 0 or more`, 'invalid_type');
  return value;
}

function finite(value: unknown, path: ErrorPath): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalidInput(path, `${path.join('.')} must be a finite number`, 'invalid_type');
  return value;
}

function object(value: unknown, path: ErrorPath): void {
  if (value === null || typeof value !== 'object') throw invalidInput(path, 'expected an object', 'invalid_type');
}

/**
 * Observations from other modules' results, each with a source naming the module and the rule:
 * - `contacts` (CA-9): `contacts-done` = `done`; with `planned`, `contact-completion-rate` = `onTime / planned`
 *   (the share of planned revisits done on time) or `done / planned` without `onTime` (NaN when nothing was
 *   planned, which the evaluation reports as unobserved);
 * - `satisfaction` (SA-4): `satisfaction-change` = `after - before`;
 * - `grades` (GR-4): `upgrades`, `downgrades`; `churned` (CH-4): `churned-customers`;
 * - `results` (MP-2): the total of all reported periods: `new-customers`, `repurchase-rate`, `revenue`,
 *   `campaign-response-rate`;
 * - `events`, `gifts` (CA-7): `events-held`, `gifts-given`.
 *
 * @throws KehuValidationError naming the bad field (`['contacts', 'done']`, …)
 */
export function observationsFrom(sources: ObservationSources): PlanObservations {
  object(sources, []);
  const out: { -readonly [K in Exclude<PlanMetric, 'custom'>]?: PlanObservation } = {};
  const { contacts, satisfaction, grades, churned, results, events, gifts } = sources;
  if (contacts !== undefined) {
    object(contacts, ['contacts']);
    const done = count(contacts.done, ['contacts', 'done']);
    out['contacts-done'] = {
      value: done,
      source: { en: 'revisits done (CA-9, @kehu/cadence)', zh: '已完成回访（CA-9，@kehu/cadence）' },
    };
    const onTime = contacts.onTime === undefined ? undefined : count(contacts.onTime, ['contacts', 'onTime']);
    if (onTime !== undefined && onTime > done)
      throw invalidInput(['contacts', 'onTime'], `onTime (${onTime}) exceeds done (${done})`);
    if (contacts.planned !== undefined) {
      const planned = count(contacts.planned, ['contacts', 'planned']);
      if (done > planned) throw invalidInput(['contacts', 'done'], `done (${done}) exceeds planned (${planned})`);
      const numerator = onTime ?? done;
      out['contact-completion-rate'] = {
        value: planned === 0 ? Number.NaN : numerator / planned,
        n: planned,
        source:
          onTime === undefined
            ? {
                en: 'revisits done / planned (CA-9, @kehu/cadence)',
                zh: '已完成回访 / 计划回访（CA-9，@kehu/cadence）',
              }
            : {
                en: 'revisits done on time / planned (CA-9, @kehu/cadence)',
                zh: '按时完成回访 / 计划回访（CA-9，@kehu/cadence）',
              },
      };
    }
  }
  if (satisfaction !== undefined) {
    object(satisfaction, ['satisfaction']);
    const before = finite(satisfaction.before, ['satisfaction', 'before']);
    const after = finite(satisfaction.after, ['satisfaction', 'after']);
    const n = satisfaction.n === undefined ? undefined : count(satisfaction.n, ['satisfaction', 'n']);
    out['satisfaction-change'] = {
      value: after - before,
      ...(n === undefined ? {} : { n }),
      source: {
        en: `mean satisfaction ${before} → ${after} (SA-4, @kehu/satisfaction)`,
        zh: `平均满意度 ${before} → ${after}（SA-4，@kehu/satisfaction）`,
      },
    };
  }
  if (grades !== undefined) {
    object(grades, ['grades']);
    out.upgrades = {
      value: count(grades.upgrades, ['grades', 'upgrades']),
      source: { en: 'customers re-graded up (GR-4, @kehu/grading)', zh: '升级客户（GR-4，@kehu/grading）' },
    };
    out.downgrades = {
      value: count(grades.downgrades, ['grades', 'downgrades']),
      source: { en: 'customers re-graded down (GR-4, @kehu/grading)', zh: '降级客户（GR-4，@kehu/grading）' },
    };
  }
  if (churned !== undefined)
    out['churned-customers'] = {
      value: count(churned, ['churned']),
      source: { en: 'customers who left (CH-4, @kehu/churn)', zh: '流失客户（CH-4，@kehu/churn）' },
    };
  if (results !== undefined) {
    object(results, ['results']);
    const total = results.total;
    object(total, ['results', 'total']);
    const span = `${total.from}..${total.to}`;
    const src = (en: string, zh: string): Label => ({
      en: `${en} ${span} (MP-2, planResults)`,
      zh: `${zh} ${span}（MP-2，planResults）`,
    });
    out['new-customers'] = { value: total.newCustomers, source: src('new customers', '新增客户') };
    out['repurchase-rate'] = {
      value: total.repurchase.rate,
      n: total.repurchase.n,
      source: src('repurchase rate', '复购率'),
    };
    out.revenue = {
      value: total.revenue.toNumber(),
      source: src(`revenue in ${results.currency}`, `销售收入（${results.currency}）`),
    };
    out['campaign-response-rate'] = {
      value: total.campaignResponse.rate,
      n: total.campaignResponse.n,
      source: src('campaign response rate', '活动响应率'),
    };
  }
  if (events !== undefined)
    out['events-held'] = {
      value: count(events, ['events']),
      source: { en: 'events held, as recorded (CA-7)', zh: '已举办活动（记录，CA-7）' },
    };
  if (gifts !== undefined)
    out['gifts-given'] = {
      value: count(gifts, ['gifts']),
      source: { en: 'gifts given, as recorded (CA-7)', zh: '已赠送礼品（记录，CA-7）' },
    };
  return out;
}
