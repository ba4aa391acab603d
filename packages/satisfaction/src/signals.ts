import { invalidInput, requireAsOf, type SurveyResponse } from '@kehu/core';
import { checkResponseShape } from './response-shape.js';

/** The part of a survey response a signal needs. */
export type SignalResponse = Pick<SurveyResponse, 'id' | 'customerId' | 'answeredAt' | 'answers'>;

/** One answered score of a customer. */
export interface SatisfactionPoint {
  /** The response. */
  responseId: string;
  /** When it was answered. */
  answeredAt: Date;
  /** The score on the question's scale. */
  score: number;
}

/**
 * A customer's satisfaction as a signal for other modules (rules CH-1, CH-2: churn risk draws
 * on satisfaction surveys; CA-4: revisits chosen by low satisfaction): the latest score on one
 * question and its change against the previous one. Plain data.
 */
export interface SatisfactionSignal {
  /** The customer. */
  customerId: string;
  /** The question the scores answer. */
  question: string;
  /** The question's scale. */
  scale: { min: number; max: number };
  /** The latest answered score at `asOf`. */
  latest: SatisfactionPoint;
  /** The answered score before it, or `null` when the customer answered once. */
  previous: SatisfactionPoint | null;
  /** `latest.score − previous.score` (negative: satisfaction fell), or `null` without a previous score. */
  change: number | null;
  /** The latest score mapped to 0-1: `(score − min) / (max − min)`, comparable across scales. */
  normalized: number;
  /** How many of the customer's responses up to `asOf` answered the question. */
  responses: number;
  /** The rule ids the signal serves. */
  rules: string[];
}

/** Options of {@link satisfactionSignals}. */
export interface SatisfactionSignalOptions {
  /** The moment of the signals (required): responses answered later are not yet known. */
  asOf: Date;
  /** The question id in `answers` whose score is followed (e.g. the overall satisfaction question). */
  question: string;
  /** The question's integer scale, e.g. `{ min: 1, max: 5 }`. */
  scale: { min: number; max: number };
}

function checkScale(scale: unknown): { min: number; max: number } {
  const s = scale as { min?: unknown; max?: unknown } | null | undefined;
  if (typeof s !== 'object' || s === null) throw invalidInput(['scale'], 'scale must be { min, max }', 'invalid_type');
  if (typeof s.min !== 'number' || !Number.isSafeInteger(s.min))
    throw invalidInput(['scale', 'min'], 'min must be a whole number', 'invalid_type');
  if (typeof s.max !== 'number' || !Number.isSafeInteger(s.max) || s.max <= s.min)
    throw invalidInput(['scale', 'max'], 'max must be a whole number above min', 'invalid_type');
  return { min: s.min, max: s.max };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Orders points by time, then by response id, so that "latest" is the same whatever the input order. */
const later = (a: SatisfactionPoint, b: SatisfactionPoint) =>
  a.answeredAt.getTime() - b.answeredAt.getTime() || byCodePoint(a.responseId, b.responseId);

/**
 * Each customer's latest satisfaction score on one question at `asOf` and its change against
 * the previous score (rules CH-1, CH-2: satisfaction as an input of churn risk; CA-4: the
 * low-satisfaction list, see {@link lowSatisfactionList}).
 *
 * Responses answered after `asOf`, and those that leave the question unanswered (`null` or
 * absent), are skipped. Two responses of one customer at the same instant are ordered by
 * response id. One signal per customer who answered, sorted by customer id, so the result
 * does not depend on the input order; the input is not mutated.
 *
 * @param responses - validated survey responses (only `id`, `customerId`, `answeredAt`, `answers` are read)
 * @param options - `asOf`, `question`, `scale`
 * @throws KehuValidationError for a response id listed twice, a malformed response, an answer that is not a
 *   whole number on the scale (path `[index, 'answers', question]`), a bad scale, question or `asOf`
 */
export function satisfactionSignals(
  responses: readonly SignalResponse[],
  options: SatisfactionSignalOptions,
): SatisfactionSignal[] {
  const asOf = requireAsOf(options).getTime();
  const { question } = options;
  if (typeof question !== 'string' || question === '')
    throw invalidInput(['question'], 'question must be a non-empty question id', 'invalid_type');
  const scale = checkScale(options.scale);
  if (!Array.isArray(responses)) throw invalidInput([], 'responses must be an array', 'invalid_type');
  const seen = new Set<string>();
  const byCustomer = new Map<string, SatisfactionPoint[]>();
  responses.forEach((r: unknown, i) => {
    const { id, customerId, answeredAt, answers } = checkResponseShape(r, i);
    if (seen.has(id)) throw invalidInput([i, 'id'], `response ${JSON.stringify(id)} is listed twice`);
    seen.add(id);
    const score = Object.hasOwn(answers, question) ? (answers as Record<string, unknown>)[question] : undefined;
    if (score === undefined || score === null) return;
    if (typeof score !== 'number' || !Number.isInteger(score) || score < scale.min || score > scale.max)
      throw invalidInput(
        [i, 'answers', question],
        `the answer to ${JSON.stringify(question)} must be a whole number from ${scale.min} to ${scale.max}`,
      );
    if (answeredAt.getTime() > asOf) return;
    const point = { responseId: id, answeredAt: new Date(answeredAt.getTime()), score };
    const list = byCustomer.get(customerId);
    if (list === undefined) byCustomer.set(customerId, [point]);
    else list.push(point);
  });
  const signals: SatisfactionSignal[] = [];
  for (const customerId of [...byCustomer.keys()].sort(byCodePoint)) {
    const points = (byCustomer.get(customerId) as SatisfactionPoint[]).sort(later);
    const latest = points[points.length - 1] as SatisfactionPoint;
    const previous = points[points.length - 2] ?? null;
    signals.push({
      customerId,
      question,
      scale: { ...scale },
      latest,
      previous,
      change: previous === null ? null : latest.score - previous.score,
      normalized: (latest.score - scale.min) / (scale.max - scale.min),
      responses: points.length,
      rules: ['CH-1', 'CH-2', 'CA-4'],
    });
  }
  return signals;
}

/** A customer on the low-satisfaction list (rule CA-4), with the threshold that put them there. */
export interface LowSatisfactionEntry extends SatisfactionSignal {
  /** The threshold: the latest score is at or below it. */
  threshold: number;
  /** Why the customer is on the list, in English, with the numbers. */
  explanation: string;
}

/** Options of {@link lowSatisfactionList}. */
export interface LowSatisfactionOptions {
  /** Customers whose latest score is at or below this (on the signals' scale) are listed. */
  threshold: number;
}

/**
 * The low-satisfaction list for revisit selection (rule CA-4: when not every customer can be
 * called, choose by low satisfaction): the signals whose latest score is at or below
 * `threshold`, lowest score first, then the largest fall (customers without a previous score
 * after those with one), then the customer id and the question. The rules give no threshold: the caller
 * states it (2 on a 1-5 scale is "dissatisfied" or worse).
 *
 * @param signals - from {@link satisfactionSignals}; not mutated
 * @param options - `threshold`
 * @throws KehuValidationError for a threshold that is not a finite number, or a malformed signal (path `[index]`)
 */
export function lowSatisfactionList(
  signals: readonly SatisfactionSignal[],
  options: LowSatisfactionOptions,
): LowSatisfactionEntry[] {
  const threshold = options?.threshold;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold))
    throw invalidInput(['threshold'], 'threshold must be a finite number', 'invalid_type');
  if (!Array.isArray(signals)) throw invalidInput([], 'signals must be an array', 'invalid_type');
  const out: LowSatisfactionEntry[] = [];
  signals.forEach((s: unknown, i) => {
    const sig = s as SatisfactionSignal | null;
    if (typeof sig !== 'object' || sig === null || typeof sig.customerId !== 'string')
      throw invalidInput([i], 'expected a satisfaction signal', 'invalid_type');
    if (typeof sig.latest?.score !== 'number' || !Number.isFinite(sig.latest.score))
      throw invalidInput([i, 'latest', 'score'], 'the latest score must be a finite number', 'invalid_type');
    if (sig.latest.score > threshold) return;
    const fell = sig.change !== null && sig.change < 0 ? `, down ${-sig.change} from ${sig.previous?.score}` : '';
    out.push({
      ...sig,
      threshold,
      explanation: `latest ${sig.question} score ${sig.latest.score}${fell}, at or below ${threshold}`,
      rules: ['CA-4'],
    });
  });
  const change = (e: LowSatisfactionEntry) => e.change ?? Number.POSITIVE_INFINITY;
  return out.sort(
    (a, b) =>
      a.latest.score - b.latest.score ||
      change(a) - change(b) ||
      byCodePoint(a.customerId, b.customerId) ||
      byCodePoint(a.question, b.question),
  );
}
