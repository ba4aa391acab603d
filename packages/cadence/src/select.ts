/**
 * Whom to call when not every customer can be called (rule CA-4): a seeded random sample, the least satisfied, those
 * needing further service, those contacted least recently ("for the relationship's sake"), or a weighted mix. Every
 * chosen customer says why, with the numbers.
 */
import {
  compareCodePoints,
  DAY_MS,
  type ErrorPath,
  invalidInput,
  KehuValidationError,
  type Label,
  requireAsOf,
  seededRandom,
  sortIndexesByCodePoints,
  type Tier,
  TIERS,
  toValidationIssues,
} from '@kehu/core';
import * as z from 'zod';

const seedSchema = z
  .number()
  .int('must be a whole number')
  .refine(Number.isSafeInteger, { message: 'must be a safe integer' });
const weightSchema = z.number().min(0, 'must not be negative').max(1000, 'at most 1000').optional();

/**
 * How to choose (rule CA-4), as data:
 * - `random`: a uniform sample without replacement, reproducible from `seed`;
 * - `lowest-satisfaction`: the least satisfied first (customers without a score after every scored one);
 * - `needs-service`: the most open requests and promised follow-ups first;
 * - `least-recent-contact`: never contacted first, then the oldest last contact;
 * - `weighted`: a weighted mean of the four factors, each normalised to 0..1 (at least one weight above 0; a
 *   `random` weight above 0 needs a `seed`).
 */
export const selectStrategySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('random'), seed: seedSchema }),
  z.strictObject({ kind: z.literal('lowest-satisfaction') }),
  z.strictObject({ kind: z.literal('needs-service') }),
  z.strictObject({ kind: z.literal('least-recent-contact') }),
  z
    .strictObject({
      kind: z.literal('weighted'),
      weights: z.strictObject({
        satisfaction: weightSchema,
        needsService: weightSchema,
        recency: weightSchema,
        random: weightSchema,
      }),
      seed: seedSchema.optional(),
    })
    .refine(
      (s) =>
        (s.weights.satisfaction ?? 0) +
          (s.weights.needsService ?? 0) +
          (s.weights.recency ?? 0) +
          (s.weights.random ?? 0) >
        0,
      { message: 'at least one weight must be above 0', path: ['weights'] },
    )
    .refine((s) => (s.weights.random ?? 0) === 0 || s.seed !== undefined, {
      message: 'a random weight above 0 needs a seed',
      path: ['seed'],
    }),
]);

/** A selection strategy (rule CA-4), validated by {@link selectStrategySchema}. */
export type SelectStrategy = z.output<typeof selectStrategySchema>;

/** A customer who might be called (rule CA-4). Extra fields are allowed and ignored. */
export interface SelectCandidate {
  /** The customer's id (unique among the candidates). */
  readonly id: string;
  /**
   * How satisfied the customer is, on a 0..1 scale where 0 is the least satisfied and 1 the most (for example a
   * CSAT share, or a 1-5 score mapped by `(score - 1) / 4`). Absent or `null`: not known.
   */
  readonly satisfaction?: number | null | undefined;
  /**
   * Need for further or continued service: `true` / `false`, or the number of open requests and promised
   * follow-ups (a whole number of at least 0). Absent or `null`: none known (0).
   */
  readonly needsService?: boolean | number | null | undefined;
  /** The last completed contact. Absent or `null`: no contact on record (never contacted). */
  readonly lastContactAt?: Date | null | undefined;
  /** The customer's grade (rule GR-1); carried for the caller, not scored. */
  readonly tier?: Tier | undefined;
}

/** What a selection factor measures. */
export type SelectFactorName = 'satisfaction' | 'needs-service' | 'recency' | 'random';

/** One factor of a choice, raw and normalised. */
export interface SelectFactor {
  readonly factor: SelectFactorName;
  /**
   * The raw value: satisfaction 0..1 (`null` when not known), open service items, whole days since the last
   * contact as of `asOf` (`null` when never contacted), or the random draw in [0, 1).
   */
  readonly value: number | null;
  /**
   * 0..1, higher is chosen sooner: `1 - satisfaction` (`null` when not known); open items divided by the most any
   * candidate has; days since the last contact divided by the most any contacted candidate has (1 when never
   * contacted); the draw itself.
   */
  readonly normalised: number | null;
  /** The factor's share of the score (1 for a single-factor strategy; weights divided by their sum). */
  readonly weight: number;
}

/** A chosen customer with its rank and why. */
export interface SelectedCustomer {
  readonly customerId: string;
  /** 1 for the first chosen. */
  readonly rank: number;
  /** 0..1, higher is chosen sooner; `null` when the strategy's factor is not known for the customer. */
  readonly score: number | null;
  /** Why, with the numbers (English and Simplified Chinese). */
  readonly why: Label;
  /** The factors the strategy used. */
  readonly factors: readonly SelectFactor[];
}

/** Why a selection deserves a second look. */
export type SelectWarningCode = 'EMPTY' | 'FEWER_THAN_N' | 'MISSING_SATISFACTION';

/** A warning on a selection: it qualifies the result, never replaces it. */
export interface SelectWarning {
  readonly code: SelectWarningCode;
  readonly message: string;
}

/** What {@link selectForRevisit} returns. */
export interface RevisitSelection {
  /** The strategy as validated. */
  readonly strategy: SelectStrategy;
  /** The chosen customers, best first: `min(n, considered)` of them. */
  readonly selected: readonly SelectedCustomer[];
  /** How many candidates there were. */
  readonly considered: number;
  /** `EMPTY` (no candidates), `FEWER_THAN_N` (all taken), `MISSING_SATISFACTION` (some ranked last for it). */
  readonly warnings: readonly SelectWarning[];
}

/** Options of {@link selectForRevisit}. */
export interface SelectOptions {
  /** The moment of the selection: days since the last contact count up to it. */
  readonly asOf: Date;
}

function parseStrategy(strategy: unknown): SelectStrategy {
  const r = selectStrategySchema.safeParse(strategy);
  if (r.success) return r.data;
  const issues = toValidationIssues(r.error.issues).map((i) => ({ ...i, path: ['strategy', ...i.path] }));
  const first = issues[0];
  throw new KehuValidationError(
    `invalid selection strategy at ${first?.path.join('.') ?? 'strategy'}: ${first?.message ?? 'invalid input'}`,
    issues,
    { cause: r.error },
  );
}

const TIER_SET: ReadonlySet<string> = new Set(TIERS);

/** The candidates as columns: satisfaction NaN when not known, days -1 when never contacted. */
interface Columns {
  readonly ids: string[];
  readonly satisfaction: number[];
  readonly service: number[];
  readonly days: number[];
}

function readCandidates(customers: Iterable<SelectCandidate>, asOfMs: number): Columns {
  if (customers === null || typeof customers !== 'object' || !(Symbol.iterator in customers))
    throw invalidInput(['customers'], 'customers must be an iterable of candidates', 'invalid_type');
  const cols: Columns = { ids: [], satisfaction: [], service: [], days: [] };
  const seen = new Set<string>();
  let i = 0;
  for (const c of customers) {
    const at = (field: string): ErrorPath => ['customers', i, field];
    if (c === null || typeof c !== 'object') throw invalidInput(['customers', i], 'a candidate must be an object');
    if (typeof c.id !== 'string' || c.id.length === 0)
      throw invalidInput(at('id'), 'id must be a non-empty string', 'invalid_type');
    if (seen.has(c.id)) throw invalidInput(at('id'), `customer ${JSON.stringify(c.id)} is a candidate twice`);
    seen.add(c.id);
    const s = c.satisfaction;
    if (s !== undefined && s !== null && (typeof s !== 'number' || !(s >= 0 && s <= 1)))
      throw invalidInput(at('satisfaction'), `satisfaction must be a number from 0 to 1, got ${String(s)}`);
    const n = c.needsService;
    if (
      n !== undefined &&
      n !== null &&
      typeof n !== 'boolean' &&
      (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    )
      throw invalidInput(
        at('needsService'),
        `needsService must be true, false or a whole number >= 0, got ${String(n)}`,
      );
    const last = c.lastContactAt;
    let days = -1;
    if (last !== undefined && last !== null) {
      if (!(last instanceof Date) || Number.isNaN(last.getTime()))
        throw invalidInput(at('lastContactAt'), 'lastContactAt must be a valid Date or null', 'invalid_type');
      if (last.getTime() > asOfMs)
        throw invalidInput(at('lastContactAt'), `lastContactAt ${last.toISOString()} is after asOf`);
      days = Math.floor((asOfMs - last.getTime()) / DAY_MS);
    }
    if (c.tier !== undefined && !TIER_SET.has(c.tier))
      throw invalidInput(at('tier'), `unknown tier ${JSON.stringify(c.tier)}; expected one of ${TIERS.join(', ')}`);
    cols.ids.push(c.id);
    cols.satisfaction.push(s === undefined || s === null ? Number.NaN : s);
    cols.service.push(n === true ? 1 : typeof n === 'number' ? n : 0);
    cols.days.push(days);
    i += 1;
  }
  return cols;
}

/** Uniform draws in [0, 1), one per candidate, in code-point order of the ids: independent of the input's order. */
function draws(ids: readonly string[], seed: number): Float64Array {
  const random = seededRandom(seed, ['strategy', 'seed']);
  const out = new Float64Array(ids.length);
  for (const i of sortIndexesByCodePoints(ids)) out[i] = random.next();
  return out;
}

/**
 * The `n` best positions by (group ascending, score descending, id in code-point order), best first: a bounded
 * heap keeps the n best seen so far, so a large candidate list costs O(N log n).
 */
function topN(ids: readonly string[], group: Uint8Array, score: Float64Array, n: number): number[] {
  const better = (a: number, b: number): boolean => {
    if (group[a] !== group[b]) return (group[a] as number) < (group[b] as number);
    if (score[a] !== score[b]) return (score[a] as number) > (score[b] as number);
    return compareCodePoints(ids[a] as string, ids[b] as string) < 0;
  };
  const heap: number[] = [];
  // The heap's root is the worst of the kept positions.
  const up = (k: number): void => {
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!better(heap[p] as number, heap[k] as number)) break;
      [heap[p], heap[k]] = [heap[k] as number, heap[p] as number];
      k = p;
    }
  };
  const down = (k: number): void => {
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let worst = k;
      if (l < heap.length && better(heap[worst] as number, heap[l] as number)) worst = l;
      if (r < heap.length && better(heap[worst] as number, heap[r] as number)) worst = r;
      if (worst === k) return;
      [heap[k], heap[worst]] = [heap[worst] as number, heap[k] as number];
      k = worst;
    }
  };
  if (n === 0) return [];
  for (let i = 0; i < ids.length; i++) {
    if (heap.length < n) {
      heap.push(i);
      up(heap.length - 1);
    } else if (better(i, heap[0] as number)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}

const fixed = (x: number, digits = 2): string => x.toFixed(digits);
/** A draw in [0, 1) to 4 places, truncated so that it never reads 1.0000. */
const draw = (x: number): string => (Math.floor(x * 10_000) / 10_000).toFixed(4);

/**
 * Chooses `n` customers to call when not everyone can be called (rule CA-4). Ranks by the strategy's score,
 * higher first, ties by customer id in code-point order; every chosen customer says why, with the numbers.
 *
 * - `random`: each candidate draws a uniform number from the seeded generator (in code-point order of the ids, so
 *   the input's order does not matter) and the `n` highest draws are taken: a uniform sample without replacement,
 *   the same for the same seed and candidates.
 * - `lowest-satisfaction`: score `1 - satisfaction`; candidates without a score come after every scored one (by id),
 *   with a `MISSING_SATISFACTION` warning.
 * - `needs-service`: score = open items / the most any candidate has; candidates with none fill the rest by id.
 * - `least-recent-contact`: never contacted first (by id), then by whole days since the last contact as of `asOf`,
 *   most first; score = days / the most any contacted candidate has (1 when never contacted).
 * - `weighted`: score = the weighted mean of the normalised factors (see {@link SelectFactor}); a missing
 *   satisfaction adds 0 to it.
 *
 * `n` larger than the candidates takes them all (`FEWER_THAN_N`).
 *
 * @param customers - the candidates (ids unique)
 * @param strategy - how to choose, validated by {@link selectStrategySchema}
 * @param n - how many to choose, a whole number of at least 0
 * @param options - `asOf`
 * @throws KehuValidationError naming the bad field (`['strategy', 'seed']`, `['customers', 3, 'satisfaction']`,
 *   `['n']`, `['asOf']`)
 */
export function selectForRevisit(
  customers: Iterable<SelectCandidate>,
  strategy: SelectStrategy,
  n: number,
  options: SelectOptions,
): RevisitSelection {
  const asOf = requireAsOf(options);
  const parsed = parseStrategy(strategy);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw invalidInput(['n'], `n must be a whole number of at least 0, got ${String(n)}`);
  const cols = readCandidates(customers, asOf.getTime());
  const count = cols.ids.length;
  const warnings: SelectWarning[] = [];
  if (count === 0) warnings.push({ code: 'EMPTY', message: 'no candidates: nobody was selected' });
  else if (n > count)
    warnings.push({ code: 'FEWER_THAN_N', message: `asked for ${n} but there are ${count} candidates: all taken` });

  const { ids, satisfaction, service, days } = cols;
  let maxService = 0;
  let maxDays = 0;
  let missingSatisfaction = 0;
  for (let i = 0; i < count; i++) {
    maxService = Math.max(maxService, service[i] as number);
    maxDays = Math.max(maxDays, days[i] as number);
    if (Number.isNaN(satisfaction[i])) missingSatisfaction += 1;
  }
  const weights = weightsOf(parsed);
  const random = weights.random > 0 ? draws(ids, (parsed as { seed: number }).seed) : undefined;
  if (weights.satisfaction > 0 && missingSatisfaction > 0)
    warnings.push({
      code: 'MISSING_SATISFACTION',
      message:
        parsed.kind === 'weighted'
          ? `${missingSatisfaction} of ${count} candidates have no satisfaction score: that factor adds 0 for them`
          : `${missingSatisfaction} of ${count} candidates have no satisfaction score: ranked after every scored one`,
    });

  const factorsOf = (i: number): SelectFactor[] => {
    const out: SelectFactor[] = [];
    if (weights.satisfaction > 0) {
      const s = satisfaction[i] as number;
      out.push({
        factor: 'satisfaction',
        value: Number.isNaN(s) ? null : s,
        normalised: Number.isNaN(s) ? null : 1 - s,
        weight: weights.satisfaction,
      });
    }
    if (weights.needsService > 0)
      out.push({
        factor: 'needs-service',
        value: service[i] as number,
        normalised: maxService === 0 ? 0 : (service[i] as number) / maxService,
        weight: weights.needsService,
      });
    if (weights.recency > 0) {
      const d = days[i] as number;
      out.push({
        factor: 'recency',
        value: d < 0 ? null : d,
        normalised: d < 0 ? 1 : maxDays === 0 ? 0 : d / maxDays,
        weight: weights.recency,
      });
    }
    if (random !== undefined)
      out.push({
        factor: 'random',
        value: random[i] as number,
        normalised: random[i] as number,
        weight: weights.random,
      });
    return out;
  };

  const group = new Uint8Array(count);
  const score = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const s = satisfaction[i] as number;
    const d = days[i] as number;
    let total = 0;
    if (weights.satisfaction > 0 && !Number.isNaN(s)) total += weights.satisfaction * (1 - s);
    if (weights.needsService > 0 && maxService > 0)
      total += weights.needsService * ((service[i] as number) / maxService);
    if (weights.recency > 0) total += weights.recency * (d < 0 ? 1 : maxDays === 0 ? 0 : d / maxDays);
    if (random !== undefined) total += weights.random * (random[i] as number);
    score[i] = total;
    if (parsed.kind === 'lowest-satisfaction' && Number.isNaN(s)) group[i] = 1;
    if (parsed.kind === 'least-recent-contact' && d >= 0) group[i] = 1;
  }

  const chosen = topN(ids, group, score, Math.min(n, count));
  const selected = chosen.map((i, k): SelectedCustomer => {
    const factors = factorsOf(i);
    const missing = parsed.kind === 'lowest-satisfaction' && group[i] === 1;
    return {
      customerId: ids[i] as string,
      rank: k + 1,
      score: missing ? null : (score[i] as number),
      why: explain(parsed, factors, k + 1, count, maxService, maxDays),
      factors,
    };
  });
  return { strategy: parsed, selected, considered: count, warnings };
}

/** The factors' shares of the score: a single-factor strategy gives its factor 1; weights are divided by their sum. */
function weightsOf(s: SelectStrategy): Record<'satisfaction' | 'needsService' | 'recency' | 'random', number> {
  const w = { satisfaction: 0, needsService: 0, recency: 0, random: 0 };
  if (s.kind === 'random') w.random = 1;
  else if (s.kind === 'lowest-satisfaction') w.satisfaction = 1;
  else if (s.kind === 'needs-service') w.needsService = 1;
  else if (s.kind === 'least-recent-contact') w.recency = 1;
  else {
    const raw = {
      satisfaction: s.weights.satisfaction ?? 0,
      needsService: s.weights.needsService ?? 0,
      recency: s.weights.recency ?? 0,
      random: s.weights.random ?? 0,
    };
    const sum = raw.satisfaction + raw.needsService + raw.recency + raw.random;
    w.satisfaction = raw.satisfaction / sum;
    w.needsService = raw.needsService / sum;
    w.recency = raw.recency / sum;
    w.random = raw.random / sum;
  }
  return w;
}

/** One factor in words. */
function factorText(f: SelectFactor, maxService: number, maxDays: number): Label {
  switch (f.factor) {
    case 'satisfaction':
      return f.value === null
        ? { en: 'no satisfaction score', zh: '无满意度得分' }
        : {
            en: `satisfaction ${fixed(f.value)} (0 least, 1 most satisfied)`,
            zh: `满意度 ${fixed(f.value)}（0 最不满意，1 最满意）`,
          };
    case 'needs-service':
      return f.value === 0
        ? { en: 'no open service items', zh: '无待办服务事项' }
        : {
            en: `${f.value} open service item${f.value === 1 ? '' : 's'} (most among candidates: ${maxService})`,
            zh: `${f.value} 项待办服务事项（候选客户中最多 ${maxService} 项）`,
          };
    case 'recency':
      return f.value === null
        ? { en: 'never contacted', zh: '从未联系' }
        : {
            en: `last contact ${f.value} days before asOf (longest among contacted candidates: ${maxDays})`,
            zh: `距上次联系 ${f.value} 天（已联系客户中最长 ${maxDays} 天）`,
          };
    case 'random':
      return { en: `random draw ${draw(f.value ?? 0)}`, zh: `随机抽签值 ${draw(f.value ?? 0)}` };
  }
}

function explain(
  s: SelectStrategy,
  factors: readonly SelectFactor[],
  rank: number,
  count: number,
  maxService: number,
  maxDays: number,
): Label {
  const place = { en: `rank ${rank} of ${count}`, zh: `${count} 位中排第 ${rank}` };
  const texts = factors.map((f) => factorText(f, maxService, maxDays));
  const first = texts[0] as Label;
  switch (s.kind) {
    case 'random':
      return {
        en: `CA-4: random sample with seed ${s.seed}: ${first.en}, ${place.en}`,
        zh: `CA-4：随机抽样（种子 ${s.seed}）：${first.zh}，${place.zh}`,
      };
    case 'lowest-satisfaction':
      return factors[0]?.value === null
        ? {
            en: `CA-4: lowest satisfaction: no satisfaction score, ranked after every scored customer, ${place.en}`,
            zh: `CA-4：满意度最低优先：无满意度得分，排在所有有得分的客户之后，${place.zh}`,
          }
        : {
            en: `CA-4: lowest satisfaction: ${first.en}, ${place.en}`,
            zh: `CA-4：满意度最低优先：${first.zh}，${place.zh}`,
          };
    case 'needs-service':
      return {
        en: `CA-4: needs further service: ${first.en}, ${place.en}`,
        zh: `CA-4：需要继续服务：${first.zh}，${place.zh}`,
      };
    case 'least-recent-contact':
      return {
        en: `CA-4: for the relationship's sake, least recently contacted first: ${first.en}, ${place.en}`,
        zh: `CA-4：情感维系，最久未联系优先：${first.zh}，${place.zh}`,
      };
    case 'weighted': {
      const total = factors.reduce((sum, f) => sum + f.weight * (f.normalised ?? 0), 0);
      const terms = factors.map((f) => `${fixed(f.normalised ?? 0)}×${fixed(f.weight)}`).join(' + ');
      return {
        en: `CA-4: weighted score ${fixed(total)} = ${terms} (${texts.map((t) => t.en).join('; ')}), ${place.en}`,
        zh: `CA-4：加权得分 ${fixed(total)} = ${terms}（${texts.map((t) => t.zh).join('；')}），${place.zh}`,
      };
    }
  }
}
