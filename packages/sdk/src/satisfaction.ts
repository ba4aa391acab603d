import type { BusinessCalendar } from '@kehu/calendar';
import { invalidInput, type AuditContextInput, type ContactRecord, type SurveyResponse } from '@kehu/core';
import {
  averageScore,
  compareMeans,
  compareNps,
  compareProportions,
  csat,
  DEFAULT_METRICS,
  dueForInterview,
  evaluateQuarter,
  followUpRequests,
  improvementItems,
  keyDrivers,
  mayBeSurveyed,
  nps,
  parseInterviewNote,
  parseServiceQualityPolicy,
  parseSurveyDefinition,
  quarterBounds,
  quarterLabel,
  quarterOf,
  quarterOfSerial,
  quarterSerial,
  scoresOf,
  SERVICE_QUALITY_INDICATORS,
  validateResponses,
  type Comparison,
  type CoolDownDecision,
  type CoolDownPolicyInput,
  type FollowUpPolicyInput,
  type FollowUpQuestion,
  type FollowUpRequest,
  type ImprovementPolicyInput,
  type ImprovementReport,
  type InterviewDue,
  type InterviewNoteInput,
  type InterviewPolicyInput,
  type KeyDriversResult,
  type MeanEstimate,
  type NpsEstimate,
  type QuarterEvaluation,
  type ServiceQualityIndicator,
  type ServiceQualityPolicyInput,
  type ServiceQualityResponse,
  type ShareEstimate,
  type SurveyDefinition,
  type SurveyDefinitionInput,
} from '@kehu/satisfaction';
import { streamPages, type Versioned } from '@kehu/storage';
import { requireId, requireObject } from './arguments.js';
import { auditContextOf, type UseCaseContext } from './context.js';
import { toInstant, type InstantInput } from './instant.js';

/** Options of {@link SatisfactionUseCases.report}. */
export interface SatisfactionReportOptions {
  /** The survey (versioned data the host keeps); its stored responses are validated against it. */
  survey: SurveyDefinitionInput;
  /** The report's moment: its quarter is reported and compared with the one before. */
  asOf: InstantInput;
  /** The IANA zone quarters are counted in; default `Asia/Shanghai`. */
  zone?: string;
  /** The overall-satisfaction question (1-5: CSAT and the average score); default `csat`. */
  overall?: string;
  /** The likelihood-to-recommend question (0-10: NPS); default `nps`. */
  recommend?: string;
  /** Confidence level of every interval; default 0.95. */
  level?: number;
  /** Bootstrap resamples and seed of the key drivers; defaults 500 and 1. */
  bootstrap?: number;
  /** Seed of the key drivers' bootstrap; default 1. */
  seed?: number;
  /** Weights, targets and scale of the service-quality index (rule SA-4). */
  serviceQuality?: ServiceQualityPolicyInput;
  /** Departments and priorities of improvement items (rule SA-5); targets default to the service-quality policy's. */
  improvement?: ImprovementPolicyInput;
}

/** One quarter's headline figures. */
export interface QuarterFigures {
  /** The quarter, e.g. `2026-Q2`. */
  quarter: string;
  /** Responses of the quarter. */
  responses: number;
  /** Share satisfied (top-2-box of the overall question), percent, Wilson interval (SA-1). */
  csat: ShareEstimate;
  /** Mean of the overall question, t interval (SA-1). */
  average: MeanEstimate;
  /** Net Promoter Score, adjusted-Wald interval. */
  nps: NpsEstimate;
}

/** The quarter's satisfaction report (rules SA-1, SA-3, SA-4, SA-5), every figure with n, interval and warnings. */
export interface SatisfactionReport {
  /** The survey and its version. */
  survey: { id: string; version: string | number };
  /** The metric definitions used, with their versions. */
  metrics: { csat: string; nps: string; average: string };
  /** The zone quarters were counted in. */
  zone: string;
  /** This quarter's figures. */
  current: QuarterFigures;
  /** The previous quarter's figures. */
  previous: QuarterFigures;
  /** This quarter against the previous one: signed differences, intervals, p-values, verdicts. */
  change: { csat: Comparison; average: Comparison; nps: Comparison };
  /** Mean per dimension of the survey this quarter (SA-1 product, service, price; SA-3 indicators). */
  dimensions: Record<string, MeanEstimate>;
  /** Which SA-3 indicators move overall satisfaction this quarter; `null` when the survey asks none. */
  keyDrivers: KeyDriversResult | null;
  /** The service-quality evaluation of this quarter per account manager (customer feedback, SA-4). */
  serviceQuality: QuarterEvaluation[];
  /** Improvement items for indicators below target (SA-5). */
  improvement: ImprovementReport;
}

/** Options of {@link SatisfactionUseCases.followUps}. */
export interface SatisfactionFollowUpOptions {
  /** The survey whose responses are checked. */
  survey: SurveyDefinitionInput;
  /** The questions to check, each with its scale. */
  questions: readonly FollowUpQuestion[];
  /** Responses answered from this instant on are checked. */
  from: InstantInput;
  /** The moment of the check. */
  asOf: InstantInput;
  /** The business calendar the deadlines are counted on. */
  calendar: BusinessCalendar;
  /** Triggers and deadline (rule SA-5). */
  policy?: FollowUpPolicyInput;
}

/** Satisfaction use cases over the store (rules SA-1 to SA-5). */
export interface SatisfactionUseCases {
  /** The quarter's report of one survey from its stored responses, with the quarter-on-quarter comparison. */
  report(options: SatisfactionReportOptions): Promise<SatisfactionReport>;
  /**
   * The customers due for an in-depth interview (SA-2): current tiers from the stored grades, last interviews
   * from contact records of purpose `in-depth-interview`.
   */
  dueForInterview(options: { asOf: InstantInput; policy?: InterviewPolicyInput }): Promise<InterviewDue[]>;
  /** Records an in-depth interview (SA-2) as a contact record of purpose `in-depth-interview` with its themes. */
  recordInterview(id: string, note: InterviewNoteInput, context: AuditContextInput): Promise<Versioned<ContactRecord>>;
  /** Whether a customer may be asked for a survey now, from their stored responses (the survey cool-down). */
  mayBeSurveyed(
    customerId: string,
    options: { asOf: InstantInput; policy?: CoolDownPolicyInput },
  ): Promise<CoolDownDecision>;
  /** Follow-up requests for detractors and low scores answered since `from` (SA-5). */
  followUps(options: SatisfactionFollowUpOptions): Promise<FollowUpRequest[]>;
}

/** Every response of `surveyId` answered in [from, to), validated against the survey. */
async function responsesOf(
  ctx: UseCaseContext,
  survey: SurveyDefinition,
  from: Date,
  to: Date,
): Promise<readonly SurveyResponse[]> {
  const out: SurveyResponse[] = [];
  for await (const r of ctx.repos.surveyResponses.stream({ surveyId: survey.id, from, to })) out.push(r);
  return validateResponses(out, survey);
}

/** The headline figures of one quarter's responses. */
export function figures(
  label: string,
  responses: readonly SurveyResponse[],
  survey: SurveyDefinition,
  questions: { overall: string; recommend: string },
  level: number,
) {
  const overall = scoresOf(responses, survey, { question: questions.overall });
  const recommend = scoresOf(responses, survey, { question: questions.recommend });
  return {
    figures: {
      quarter: label,
      responses: responses.length,
      csat: csat(overall, { level }),
      average: averageScore(overall, { level }),
      nps: nps(recommend, { level }),
    } satisfies QuarterFigures,
    overall,
    recommend,
  };
}

/** Builds the satisfaction use cases over `ctx`. */
export function satisfactionUseCases(ctx: UseCaseContext): SatisfactionUseCases {
  const { repos } = ctx;
  const auditContext = (input: AuditContextInput) => auditContextOf(ctx, input);
  return {
    report: async (input) => {
      const options = requireObject<SatisfactionReportOptions>(input, [], 'report options');
      const survey = parseSurveyDefinition(options.survey);
      const asOf = toInstant(options.asOf, ['asOf']);
      const zone = options.zone ?? 'Asia/Shanghai';
      const level = options.level ?? 0.95;
      const questions = { overall: options.overall ?? 'csat', recommend: options.recommend ?? 'nps' };
      const quarter = quarterOf(asOf, zone);
      const before = quarterOfSerial(quarterSerial(quarter) - 1);
      const now = quarterBounds(quarter, zone);
      const then = quarterBounds(before, zone);
      const end = new Date(Math.min(now.end.getTime(), asOf.getTime() + 1));
      const currentResponses = await responsesOf(ctx, survey, now.start, end);
      const current = figures(quarterLabel(quarter), currentResponses, survey, questions, level);
      const previous = figures(
        quarterLabel(before),
        await responsesOf(ctx, survey, then.start, then.end),
        survey,
        questions,
        level,
      );
      const label = (q: string) => ({ en: q, zh: q });
      const names = { a: label(previous.figures.quarter), b: label(current.figures.quarter) };
      const change = {
        csat: compareProportions({ scores: previous.overall }, { scores: current.overall }, { level, names }),
        average: compareMeans({ scores: previous.overall }, { scores: current.overall }, { level, names }),
        nps: compareNps({ scores: previous.recommend }, { scores: current.recommend }, { level, names }),
      };
      const dimensionsAsked = [
        ...new Set(survey.questions.flatMap((q) => (q.dimension === undefined ? [] : [q.dimension]))),
      ];
      const dimensions: Record<string, MeanEstimate> = {};
      for (const dimension of dimensionsAsked)
        dimensions[dimension] = averageScore(scoresOf(currentResponses, survey, { dimension }), { level });
      const indicators = dimensionsAsked.filter((d): d is ServiceQualityIndicator =>
        (SERVICE_QUALITY_INDICATORS as readonly string[]).includes(d),
      );
      // Each response's indicator scores, once: the key drivers and the service-quality evaluation both read them.
      const indicatorScores = currentResponses.map((r) => {
        const scores: Partial<Record<ServiceQualityIndicator, number | null>> = {};
        for (const indicator of indicators)
          scores[indicator] = scoresOf([r], survey, { dimension: indicator })[0] ?? null;
        return scores;
      });
      const keyDriverRows = currentResponses.flatMap((r, i) => {
        const overall = r.answers[questions.overall];
        return typeof overall === 'number' ? [{ overall, indicators: indicatorScores[i]! }] : [];
      });
      const drivers =
        indicators.length === 0
          ? null
          : keyDrivers(keyDriverRows, { level, bootstrap: options.bootstrap ?? 500, seed: options.seed ?? 1 });
      const serviceQualityPolicy = parseServiceQualityPolicy(options.serviceQuality ?? {});
      const owners = new Map<string, string | undefined>();
      for (const r of currentResponses)
        if (!owners.has(r.customerId))
          owners.set(r.customerId, (await repos.customers.get(r.customerId))?.record.owner);
      const serviceQualityResponses: ServiceQualityResponse[] = currentResponses.map((r, i) => ({
        id: r.id,
        answeredAt: r.answeredAt,
        source: 'customer',
        agent: owners.get(r.customerId) ?? null,
        scores: indicatorScores[i]!,
      }));
      const serviceQuality =
        indicators.length === 0
          ? []
          : evaluateQuarter(serviceQualityResponses, serviceQualityPolicy, { asOf, quarters: 1, level });
      const improvement = improvementItems(
        Object.fromEntries(indicators.map((i) => [i, dimensions[i]!])),
        { targets: serviceQualityPolicy.targets, scale: serviceQualityPolicy.scale, ...options.improvement },
        { asOf, quarter },
      );
      return {
        survey: { id: survey.id, version: survey.version },
        metrics: {
          csat: `${DEFAULT_METRICS.csat.id}@${DEFAULT_METRICS.csat.version}`,
          nps: `${DEFAULT_METRICS.nps.id}@${DEFAULT_METRICS.nps.version}`,
          average: `${DEFAULT_METRICS.average.id}@${DEFAULT_METRICS.average.version}`,
        },
        zone,
        current: current.figures,
        previous: previous.figures,
        change,
        dimensions,
        keyDrivers: drivers,
        serviceQuality: serviceQuality.filter((row) => row.level === 'agent'),
        improvement,
      };
    },
    dueForInterview: async (input) => {
      const options = requireObject<{ asOf: InstantInput; policy?: InterviewPolicyInput }>(input, [], 'options');
      const asOf = toInstant(options.asOf, ['asOf']);
      const last = new Map<string, Date>();
      for await (const { record } of streamPages((request) =>
        repos.contactRecords.find({ purpose: 'in-depth-interview' }, request),
      )) {
        const seen = last.get(record.customerId);
        if (record.at <= asOf && (seen === undefined || record.at > seen)) last.set(record.customerId, record.at);
      }
      const candidates = [];
      for await (const { record } of repos.grades.streamCurrent())
        candidates.push({
          customerId: record.customerId,
          tier: record.tier,
          lastInterviewAt: last.get(record.customerId),
        });
      return dueForInterview(candidates, options.policy ?? {}, { asOf });
    },
    recordInterview: async (id, input, context) => {
      requireId(id, ['id']);
      const note = parseInterviewNote(input);
      return ctx.atomic((tx) =>
        tx.contactRecords.create(
          {
            id,
            customerId: note.customerId,
            at: note.at,
            channel: 'face-to-face',
            direction: 'outbound',
            purpose: 'in-depth-interview',
            owner: note.interviewer,
            outcome: 'completed',
            summary: note.summary,
            themes: [...note.themes],
            attributes: {},
          },
          auditContext(context),
        ),
      );
    },
    mayBeSurveyed: async (customerId, input) => {
      requireId(customerId, ['customerId']);
      const options = requireObject<{ asOf: InstantInput; policy?: CoolDownPolicyInput }>(input, [], 'options');
      const asOf = toInstant(options.asOf, ['asOf']);
      const history = [];
      for await (const r of repos.surveyResponses.stream({ customerId, to: new Date(asOf.getTime() + 1) }))
        history.push({ customerId: r.customerId, surveyedAt: r.answeredAt });
      return mayBeSurveyed(customerId, history, options.policy, { asOf });
    },
    followUps: async (input) => {
      const options = requireObject<SatisfactionFollowUpOptions>(input, [], 'follow-up options');
      const survey = parseSurveyDefinition(options.survey);
      const from = toInstant(options.from, ['from']);
      const asOf = toInstant(options.asOf, ['asOf']);
      if (from > asOf) throw invalidInput(['from'], 'from must not be after asOf');
      const responses = await responsesOf(ctx, survey, from, new Date(asOf.getTime() + 1));
      return followUpRequests(responses, options.policy ?? {}, {
        asOf,
        calendar: options.calendar,
        questions: options.questions,
      });
    },
  };
}
