/**
 * The quarterly service-quality evaluation (rule SA-4 over the seven indicators of rule SA-3), columnar: one row
 * per quarter, source and team and per quarter, source and agent, with the mean of each indicator, the weighted
 * index, the change against the same group's previous quarter and the indicators that moved most. Sources
 * (customer feedback, internal surveys, self-assessment) are kept apart: no index mixes them.
 */
import { invalidInput, requireAsOf } from '@kehu/core';
import { SERVICE_QUALITY_INDICATORS, type ServiceQualityIndicator } from './dimensions.js';
import { tQuantile } from './distributions.js';
import { type Estimate, SMALL_SAMPLE, type SatisfactionWarning, type SatisfactionWarningCode } from './estimate.js';
import {
  type Quarter,
  quarterBounds,
  quarterLabel,
  quarterLocator,
  quarterOf,
  quarterOfSerial,
  quarterSerial,
} from './quarter.js';
import {
  checkServiceQualityColumns,
  NO_GROUP,
  SERVICE_QUALITY_SOURCES,
  type ServiceQualityColumns,
  type ServiceQualityResponse,
  type ServiceQualitySource,
  toServiceQualityColumns,
} from './service-quality-columns.js';
import {
  parseServiceQualityPolicy,
  type ServiceQualityPolicy,
  type ServiceQualityPolicyInput,
} from './service-quality-policy.js';

/** The number of indicators (rule SA-3). */
const K = SERVICE_QUALITY_INDICATORS.length;
/** The largest magnitude of an epoch-millisecond instant a `Date` can hold. */
const MAX_INSTANT = 8.64e15;
/** The mover code of "no indicator". */
const NO_MOVER = 255;
const DAY_MS = 86_400_000;

/** Whether a row evaluates a team or an agent. */
export const QUARTER_LEVELS = ['team', 'agent'] as const;

/** One of {@link QUARTER_LEVELS}. */
export type QuarterLevel = (typeof QUARTER_LEVELS)[number];

/** Options of {@link quarterTable} and {@link evaluateQuarter}. */
export interface QuarterTableOptions {
  /** The moment of the evaluation: its quarter is the last one evaluated; later responses are left out. */
  asOf: Date;
  /** How many quarters to evaluate, ending with the quarter of `asOf` (default 4, a year of trend). */
  quarters?: number;
  /** Row sizes under this carry a `SMALL_SAMPLE` warning (default {@link SMALL_SAMPLE}). */
  smallSample?: number;
  /** How many of the indicators that moved most each row names (default 3). */
  movers?: number;
  /** The confidence level of the indicator means' intervals in {@link quarterAt} (default 0.95). */
  level?: number;
}

/** What a {@link QuarterTable} was computed from, so that {@link quarterAt} can explain any row. */
export interface QuarterTableSource {
  /** The policy, parsed, with defaults applied. */
  policy: ServiceQualityPolicy;
  /** The small-sample threshold. */
  smallSample: number;
  /** The confidence level of the indicator intervals. */
  level: number;
  /** The names of the teams, indexed by `groups` of team rows. */
  teamNames: readonly string[];
  /** The names of the agents, indexed by `groups` of agent rows. */
  agentNames: readonly string[];
}

/**
 * The quarterly service-quality evaluation in columns (rule SA-4): one row per quarter, source and team and per
 * quarter, source and agent that has responses, ordered by quarter, source (customer, internal, self), level
 * (teams, then agents) and name (by Unicode code points). Per-indicator columns hold `K = 7` entries per row, in
 * the order of `SERVICE_QUALITY_INDICATORS` (entry `row × 7 + k`). {@link quarterAt} explains any row.
 */
export interface QuarterTable {
  /** The moment evaluated. */
  asOf: Date;
  /** The policy used. */
  policy: { id: string; version: string };
  /** The zone of the quarters. */
  zone: string;
  /** The quarters evaluated, oldest first, as labels (`2026-Q2`). */
  quarters: string[];
  /** Per row: its id, `<quarter>/<source>/<level>/<name>`. */
  ids: string[];
  /** Per row: the quarter's serial (`year × 4 + quarter − 1`, see `quarterSerial`). */
  quarterSerials: Int32Array;
  /** Per row: the source, as an index into `SERVICE_QUALITY_SOURCES`. */
  sources: Uint8Array;
  /** Per row: the level, as an index into {@link QUARTER_LEVELS}. */
  levels: Uint8Array;
  /** Per row: the group, as an index into the team or agent names of `source`. */
  groups: Uint32Array;
  /** Per row: the responses counted (those answering at least one indicator). */
  n: Uint32Array;
  /** Per row: 1 when the quarter had ended by `asOf`. */
  complete: Uint8Array;
  /** Per row and indicator: the responses answering it. */
  counts: Uint32Array;
  /** Per row and indicator: the mean score (NaN when nobody answered). */
  means: Float64Array;
  /** Per row and indicator: the sample standard deviation (NaN under two answers). */
  sds: Float64Array;
  /** Per row: the weighted index on 0-100 (NaN when no weighted indicator was answered). */
  index: Float64Array;
  /** Per row: the responses of the same group in the previous quarter (0: none). */
  previousN: Uint32Array;
  /** Per row and indicator: the mean score of the previous quarter (NaN: none). */
  previousMeans: Float64Array;
  /** Per row: the index of the previous quarter (NaN: none). */
  previousIndex: Float64Array;
  /** Per row: `index − previousIndex`, in index points (NaN without a previous quarter). */
  change: Float64Array;
  /** How many movers each row names (the `movers` option). */
  moverCount: number;
  /** Per row, `moverCount` entries: the indicators that moved most, as indexes (255: none), largest move first. */
  movers: Uint8Array;
  /** Per row, `moverCount` entries: the change of each mover's mean (NaN: none). */
  moverChanges: Float64Array;
  /** Responses left out because they were answered before the first quarter evaluated or after `asOf`. */
  outside: number;
  /** Responses in the span that answered no indicator. */
  unanswered: number;
  /** What the table was computed from. */
  source: QuarterTableSource;
}

function positiveInteger(value: unknown, fallback: number, path: string, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    throw invalidInput([path], `expected an integer from 1 to ${max}`);
  return value;
}

/**
 * The weighted service-quality index on 0-100 (rule SA-4): each indicator mean rescaled to 0-100 by
 * `(mean − min) / (max − min) × 100`, then averaged with the policy's weights over the indicators answered; an
 * unanswered indicator's weight goes to the others (the row warns). NaN when no weighted indicator was answered.
 * The rescaling to 0-100 is the one of the ACSI (Fornell et al., "The American Customer Satisfaction Index",
 * Journal of Marketing 60(4), 1996), with the weights taken from the policy instead of estimated.
 */
function weightedIndex(means: Float64Array, at: number, weights: Float64Array, min: number, span: number): number {
  let sum = 0;
  let total = 0;
  for (let k = 0; k < K; k++) {
    const m = means[at + k]!;
    const w = weights[k]!;
    if (w === 0 || Number.isNaN(m)) continue;
    sum += w * ((m - min) / span) * 100;
    total += w;
  }
  return total > 0 ? sum / total : Number.NaN;
}

/**
 * Evaluates service quality per quarter, source, team and agent (rules SA-3, SA-4) from responses in columns.
 * Responses answered in the `quarters` quarters ending with the quarter of `asOf` (in the policy's zone) and not
 * after `asOf` are counted, and the quarter before them serves as the first quarter's previous quarter. Each
 * row's index is the weighted mean of the indicator means rescaled to 0-100; its change is against the same
 * source and group in the previous quarter. Ten million responses take about a second on two cores (`pnpm bench
 * satisfaction`). Pure; the columns are not changed. Integer scores are counted per value, so their sums are
 * exact and the result does not depend on response order; other scores are summed in input order (equal up to
 * rounding in any order). Memory beyond the input: 5 bytes per response, and per (team, agent) pair met, quarter
 * and source a histogram of the scale's values.
 *
 * @throws KehuValidationError with the path of the first bad column or value (`['scores', indicator, i]` for a
 * score off the scale, `['answeredAt', i]`, `['sources', i]`, `['teams', 'codes', i]`), of a bad option, or of the
 * policy
 */
export function quarterTable(
  columns: ServiceQualityColumns,
  policyInput: ServiceQualityPolicy | ServiceQualityPolicyInput,
  options: QuarterTableOptions,
): QuarterTable {
  const asOf = requireAsOf(options);
  const policy = parseServiceQualityPolicy(policyInput);
  const quarterCount = positiveInteger(options.quarters, 4, 'quarters', 400);
  const smallSample = positiveInteger(options.smallSample, SMALL_SAMPLE, 'smallSample', Number.MAX_SAFE_INTEGER);
  const moverCount = Math.min(positiveInteger(options.movers, 3, 'movers', K), K);
  const level = options.level ?? 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1))
    throw invalidInput(['level'], 'expected a confidence level between 0 and 1');
  const { teams, agents } = checkServiceQualityColumns(columns);
  const zone = policy.zone;
  const { min, max } = policy.scale;
  const span = max - min;
  const weights = Float64Array.from(SERVICE_QUALITY_INDICATORS, (k) => policy.weights[k]);

  // The quarters: Q = quarterCount + 1 serials, the first only as the previous quarter of the second.
  const asOfMs = asOf.getTime();
  const last = quarterSerial(quarterOf(asOf, zone));
  const first = last - quarterCount;
  const Q = quarterCount + 1;
  const { year, quarter } = quarterOfSerial(first);
  const roughStart = Date.UTC(year, (quarter - 1) * 3, 1) - 2 * DAY_MS;
  const locator = quarterLocator(zone, roughStart, asOfMs);
  const spanStart = locator.firstInstantOf(first);
  const breaks = locator.at;
  const breakSerials = locator.serial;
  const lastBreak = breaks.length - 1;

  // Per slot, dense: slot = (quarter × 3 + source) × G + group, teams first, then agents.
  const T = teams.names.length;
  const A = agents.names.length;
  const G = T + A;
  const Q3 = Q * SERVICE_QUALITY_SOURCES.length;
  const slots = Q3 * G;
  const sums = new Float64Array(slots * K);
  const squares = new Float64Array(slots * K);
  const counts = new Uint32Array(slots * K);
  const sizes = new Uint32Array(slots);
  const at = columns.answeredAt;
  const src = columns.sources;
  const teamCodes = teams.codes;
  const agentCodes = agents.codes;
  const n = columns.ids.length;
  const none = NO_GROUP;
  // Pass 1, per response: its cell, (team, agent) pair × Q3 + quarter × 3 + source, so that each score is added
  // once per cell, not once per team and once per agent; flag 1 when in the span. Team T and agent A stand for none.
  const flags = new Uint8Array(n);
  const cells = new Int32Array(n);
  const pairKeys = (T + 1) * (A + 1);
  const densePairs = pairKeys <= 1 << 22 ? new Int32Array(pairKeys).fill(-1) : null;
  const sparsePairs = new Map<number, number>();
  const pairTeam: number[] = [];
  const pairAgent: number[] = [];
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const t = at[i]!;
    if (!(t >= -MAX_INSTANT && t <= MAX_INSTANT)) throw invalidInput(['answeredAt', i], 'expected an instant');
    const s = src[i]!;
    if (s > 2) throw invalidInput(['sources', i], 'expected a source code 0 to 2 (customer, internal, self)');
    if (t < spanStart || t > asOfMs) {
      outside++;
      continue;
    }
    let lo = 0;
    while (lo < lastBreak && breaks[lo + 1]! <= t) lo++;
    const tc = teamCodes[i]!;
    const ac = agentCodes[i]!;
    const key = (tc === none ? T : tc) * (A + 1) + (ac === none ? A : ac);
    let pair = densePairs === null ? (sparsePairs.get(key) ?? -1) : densePairs[key]!;
    if (pair < 0) {
      pair = pairTeam.length;
      pairTeam.push(tc === none ? T : tc);
      pairAgent.push(ac === none ? A : ac);
      if (densePairs === null) sparsePairs.set(key, pair);
      else densePairs[key] = pair;
    }
    flags[i] = 1;
    cells[i] = pair * Q3 + (breakSerials[lo]! - first) * 3 + s;
  }
  const C = pairTeam.length * Q3;
  /** Adds a cell's total (count, sum, sum of squares) of indicator k into its team's and its agent's slot. */
  const fold = (cell: number, k: number, c: number, sum: number, square: number): void => {
    const pair = Math.floor(cell / Q3);
    const base = (cell - pair * Q3) * G;
    const team = pairTeam[pair]!;
    const agent = pairAgent[pair]!;
    for (const slot of [team < T ? base + team : -1, agent < A ? base + T + agent : -1]) {
      if (slot < 0) continue;
      counts[slot * K + k]! += c;
      sums[slot * K + k]! += sum;
      squares[slot * K + k]! += square;
    }
  };
  // Pass 2, one indicator column at a time: every score checked against the scale and counted in its cell's
  // histogram (integer scores: exact sums in any order) or added to its cell's sums (other scores); flag 2 when
  // the response answers something.
  const B = max - min + 1;
  const histogram = C * B <= 1 << 25 ? new Uint32Array(C * B) : null;
  for (const [k, key] of SERVICE_QUALITY_INDICATORS.entries()) {
    const column = columns.scores[key];
    if (column === undefined) continue;
    const other = accumulate(column, key, cells, flags, histogram, C, min, max);
    if (histogram !== null)
      for (let cell = 0; cell < C; cell++) {
        let c = 0;
        let sum = 0;
        let square = 0;
        for (let b = 0; b < B; b++) {
          const h = histogram[cell * B + b]!;
          if (h === 0) continue;
          const v = min + b;
          c += h;
          sum += h * v;
          square += h * v * v;
        }
        if (c > 0) fold(cell, k, c, sum, square);
      }
    if (other !== null)
      for (let cell = 0; cell < C; cell++)
        if (other.counts[cell]! > 0) fold(cell, k, other.counts[cell]!, other.sums[cell]!, other.squares[cell]!);
    histogram?.fill(0);
  }
  // Pass 3: the responses counted per slot (in the span and answering at least one indicator).
  let unanswered = 0;
  const cellSizes = new Uint32Array(C);
  for (let i = 0; i < n; i++) {
    const f = flags[i]!;
    if (f === 1) unanswered++;
    else if (f === 3) cellSizes[cells[i]!]!++;
  }
  for (let cell = 0; cell < C; cell++) {
    const size = cellSizes[cell]!;
    if (size === 0) continue;
    const pair = Math.floor(cell / Q3);
    const base = (cell - pair * Q3) * G;
    if (pairTeam[pair]! < T) sizes[base + pairTeam[pair]!]! += size;
    if (pairAgent[pair]! < A) sizes[base + T + pairAgent[pair]!]! += size;
  }

  // Rows, in order: quarter, source, level, name.
  const teamOrder = orderOf(teams.rank);
  const agentOrder = orderOf(agents.rank);
  const rowSlots: number[] = [];
  for (let q = 1; q < Q; q++)
    for (let s = 0; s < SERVICE_QUALITY_SOURCES.length; s++) {
      const base = (q * 3 + s) * G;
      for (const g of teamOrder) if (sizes[base + g]! > 0) rowSlots.push(base + g);
      for (const g of agentOrder) if (sizes[base + T + g]! > 0) rowSlots.push(base + T + g);
    }
  const R = rowSlots.length;
  const table: QuarterTable = {
    asOf,
    policy: { id: policy.id, version: policy.version },
    zone,
    quarters: Array.from({ length: quarterCount }, (_, q) => quarterLabel(quarterOfSerial(first + 1 + q))),
    ids: [],
    quarterSerials: new Int32Array(R),
    sources: new Uint8Array(R),
    levels: new Uint8Array(R),
    groups: new Uint32Array(R),
    n: new Uint32Array(R),
    complete: new Uint8Array(R),
    counts: new Uint32Array(R * K),
    means: new Float64Array(R * K),
    sds: new Float64Array(R * K),
    index: new Float64Array(R),
    previousN: new Uint32Array(R),
    previousMeans: new Float64Array(R * K),
    previousIndex: new Float64Array(R),
    change: new Float64Array(R),
    moverCount,
    movers: new Uint8Array(R * moverCount).fill(NO_MOVER),
    moverChanges: new Float64Array(R * moverCount).fill(Number.NaN),
    outside,
    unanswered,
    source: { policy, smallSample, level, teamNames: teams.names, agentNames: agents.names },
  };
  const fill = (slot: number, means: Float64Array, sds: Float64Array | null, out: number): void => {
    for (let k = 0; k < K; k++) {
      const c = counts[slot * K + k]!;
      const sum = sums[slot * K + k]!;
      const mean = c > 0 ? sum / c : Number.NaN;
      means[out * K + k] = mean;
      if (sds !== null)
        sds[out * K + k] = c > 1 ? Math.sqrt(Math.max(0, (squares[slot * K + k]! - sum * mean) / (c - 1))) : Number.NaN;
    }
  };
  // The quarter of asOf is complete when asOf is its last millisecond.
  const lastComplete = asOfMs + 1 >= quarterBounds(quarterOfSerial(last), zone).end.getTime();
  const moved = new Float64Array(K);
  const order = Array.from({ length: K }, (_, k) => k);
  for (let r = 0; r < R; r++) {
    const slot = rowSlots[r]!;
    const g = slot % G;
    const qs = Math.floor(slot / G);
    const s = qs % 3;
    const q = (qs - s) / 3;
    const isAgent = g >= T;
    const group = isAgent ? g - T : g;
    const serial = first + q;
    table.quarterSerials[r] = serial;
    table.sources[r] = s;
    table.levels[r] = isAgent ? 1 : 0;
    table.groups[r] = group;
    table.n[r] = sizes[slot]!;
    table.complete[r] = serial < last || lastComplete ? 1 : 0;
    for (let k = 0; k < K; k++) table.counts[r * K + k] = counts[slot * K + k]!;
    fill(slot, table.means, table.sds, r);
    table.index[r] = weightedIndex(table.means, r * K, weights, min, span);
    const previous = slot - 3 * G;
    table.previousN[r] = sizes[previous]!;
    fill(previous, table.previousMeans, null, r);
    table.previousIndex[r] = sizes[previous]! > 0 ? weightedIndex(table.previousMeans, r * K, weights, min, span) : NaN;
    table.change[r] = table.index[r]! - table.previousIndex[r]!;
    for (let k = 0; k < K; k++) moved[k] = table.means[r * K + k]! - table.previousMeans[r * K + k]!;
    order.sort((a, b) => {
      const da = Math.abs(moved[a]!);
      const db = Math.abs(moved[b]!);
      const xa = Number.isNaN(da) ? -1 : da;
      const xb = Number.isNaN(db) ? -1 : db;
      return xb - xa || a - b;
    });
    for (let m = 0, j = 0; m < K && j < moverCount; m++) {
      const k = order[m]!;
      const d = moved[k]!;
      if (Number.isNaN(d) || d === 0) break;
      table.movers[r * moverCount + j] = k;
      table.moverChanges[r * moverCount + j] = d;
      j++;
    }
    const names = isAgent ? agents.names : teams.names;
    table.ids.push(
      `${quarterLabel(quarterOfSerial(serial))}/${SERVICE_QUALITY_SOURCES[s]}/${QUARTER_LEVELS[table.levels[r]!]}/` +
        names[group],
    );
  }
  return table;
}

/** Sums of the scores that are not integers, per cell. */
interface CellSums {
  counts: Float64Array;
  sums: Float64Array;
  squares: Float64Array;
}

/**
 * Counts one indicator column into the cells' histogram (integer scores; all scores when `histogram` is null go
 * to the sums instead), checking each score against the scale; returns the sums of the other scores, or null.
 */
function accumulate(
  column: Float64Array,
  key: ServiceQualityIndicator,
  cells: Int32Array,
  flags: Uint8Array,
  histogram: Uint32Array | null,
  C: number,
  min: number,
  max: number,
): CellSums | null {
  const n = column.length;
  const B = max - min + 1;
  let other: CellSums | null = null;
  for (let i = 0; i < n; i++) {
    const v = column[i]!;
    if (!(v >= min && v <= max)) {
      if (Number.isNaN(v)) continue;
      throw invalidInput(['scores', key, i], `score ${v} is off the scale ${min}-${max}`);
    }
    const f = flags[i]!;
    if (f === 0) continue;
    flags[i] = 3;
    const b = v - min;
    if (histogram !== null && (b | 0) === b) histogram[cells[i]! * B + b]!++;
    else {
      other ??= { counts: new Float64Array(C), sums: new Float64Array(C), squares: new Float64Array(C) };
      const cell = cells[i]!;
      other.counts[cell]!++;
      other.sums[cell]! += v;
      other.squares[cell]! += v * v;
    }
  }
  return other;
}

function orderOf(rank: Uint32Array): Uint32Array {
  const order = new Uint32Array(rank.length);
  for (let k = 0; k < rank.length; k++) order[rank[k]!] = k;
  return order;
}

/** Why a quarterly row must be read with care: the codes of {@link SatisfactionWarning} and three of its own. */
export type QuarterWarningCode =
  | SatisfactionWarningCode
  /** A weighted indicator was answered by nobody in the row; its weight went to the others. */
  | 'MISSING_INDICATOR'
  /** The group has no responses in the previous quarter: no change, no movers. */
  | 'NO_PREVIOUS_QUARTER'
  /** The quarter had not ended at `asOf`: the figures can still change. */
  | 'PARTIAL_QUARTER';

/** A warning on a quarterly row; hosts switch on `code`, the message is for people. */
export interface QuarterWarning {
  /** Stable machine-readable code. */
  code: QuarterWarningCode;
  /** What the reader should know, in English. */
  message: string;
}

/** One indicator of a quarterly row (rule SA-3). */
export interface QuarterIndicator extends Estimate {
  /** The indicator. */
  indicator: ServiceQualityIndicator;
  /** Its weight in the index, as the policy gives it. */
  weight: number;
  /** Its target mean (policy). */
  target: number;
  /** True when the mean is below the target (feeds rule SA-5's improvement items). */
  belowTarget: boolean;
  /** The previous quarter's mean (NaN: none). */
  previous: number;
  /** `estimate − previous` (NaN: no previous quarter or no answers). */
  change: number;
}

/** An indicator that moved, with its change against the previous quarter. */
export interface QuarterMover {
  /** The indicator. */
  indicator: ServiceQualityIndicator;
  /** The mean of the previous quarter. */
  from: number;
  /** The mean of this quarter. */
  to: number;
  /** `to − from`. */
  change: number;
}

/** One explained row of a {@link QuarterTable} (rule SA-4): what {@link quarterAt} and {@link evaluateQuarter} give. */
export interface QuarterEvaluation {
  /** The row id, `<quarter>/<source>/<level>/<name>`. */
  id: string;
  /** The rules the row serves. */
  rules: ['SA-3', 'SA-4'];
  /** The quarter. */
  quarter: Quarter;
  /** Its label, e.g. `2026-Q2`. */
  label: string;
  /** Whether the quarter had ended at `asOf`. */
  complete: boolean;
  /** Where the responses come from (never mixed). */
  source: ServiceQualitySource;
  /** Whether the row evaluates a team or an agent. */
  level: QuarterLevel;
  /** The team's or agent's name. */
  group: string;
  /** The responses counted (those answering at least one indicator). */
  n: number;
  /** Per indicator, in the order of `SERVICE_QUALITY_INDICATORS`: mean, t interval, weight, target, change. */
  indicators: QuarterIndicator[];
  /** The weighted index. */
  index: {
    /** The value on 0-100 (NaN when no weighted indicator was answered). */
    value: number;
    /** Its scale. */
    scale: '0-100';
    /** How it is computed. */
    formula: string;
    /** The weights as the policy gives them, per indicator. */
    weights: Record<ServiceQualityIndicator, number>;
  };
  /** The same group and source in the previous quarter, or `null` when it has no responses. */
  previous: { label: string; n: number; index: number } | null;
  /** `index.value − previous.index` in index points (NaN without a previous quarter). */
  change: number;
  /** The indicators that moved most, largest absolute change first. */
  movers: QuarterMover[];
  /** The policy used. */
  policy: { id: string; version: string };
  /** What the reader must know (small sample, missing indicators, no previous quarter, partial quarter). */
  warnings: QuarterWarning[];
}

const INDEX_FORMULA =
  'index = 100 × Σ w_k (mean_k − min) / (max − min) / Σ w_k over the answered indicators k (weights from the policy)';

/**
 * Explains row `i` of a {@link QuarterTable} (rule SA-4): the indicator means with their t intervals, the index
 * with its formula and weights, the previous quarter, the change and the movers, and the warnings.
 *
 * @throws KehuValidationError at `['i']` when `i` is not a row of the table
 */
export function quarterAt(table: QuarterTable, i: number): QuarterEvaluation {
  if (!Number.isInteger(i) || i < 0 || i >= table.ids.length)
    throw invalidInput(['i'], `expected a row index from 0 to ${table.ids.length - 1}`);
  const { policy, smallSample, level, teamNames, agentNames } = table.source;
  const serial = table.quarterSerials[i]!;
  const quarter = quarterOfSerial(serial);
  const lvl = QUARTER_LEVELS[table.levels[i]!]!;
  const n = table.n[i]!;
  const complete = table.complete[i] === 1;
  const warnings: QuarterWarning[] = [];
  if (n < smallSample)
    warnings.push({ code: 'SMALL_SAMPLE', message: `${n} responses, fewer than ${smallSample}: read with care` });
  const indicators = SERVICE_QUALITY_INDICATORS.map((indicator, k) =>
    indicatorOf(table, i, k, indicator, policy, level, smallSample),
  );
  const missing = indicators.filter((x) => x.n === 0 && x.weight > 0).map((x) => x.indicator);
  if (missing.length > 0)
    warnings.push({
      code: 'MISSING_INDICATOR',
      message: `nobody answered ${missing.join(', ')}; the index weighs the other indicators`,
    });
  const previousN = table.previousN[i]!;
  const previousLabel = quarterLabel(quarterOfSerial(serial - 1));
  if (previousN === 0)
    warnings.push({ code: 'NO_PREVIOUS_QUARTER', message: `no responses for this group in ${previousLabel}` });
  if (!complete)
    warnings.push({ code: 'PARTIAL_QUARTER', message: `the quarter had not ended at ${table.asOf.toISOString()}` });
  if (Number.isNaN(table.index[i]!))
    warnings.push({ code: 'EMPTY', message: 'no weighted indicator was answered: the index is NaN' });
  const movers: QuarterMover[] = [];
  for (let m = 0; m < table.moverCount; m++) {
    const k = table.movers[i * table.moverCount + m]!;
    if (k === NO_MOVER) break;
    const to = table.means[i * K + k]!;
    const from = table.previousMeans[i * K + k]!;
    movers.push({
      indicator: SERVICE_QUALITY_INDICATORS[k]!,
      from,
      to,
      change: table.moverChanges[i * table.moverCount + m]!,
    });
  }
  return {
    id: table.ids[i]!,
    rules: ['SA-3', 'SA-4'],
    quarter,
    label: quarterLabel(quarter),
    complete,
    source: SERVICE_QUALITY_SOURCES[table.sources[i]!]!,
    level: lvl,
    group: (lvl === 'team' ? teamNames : agentNames)[table.groups[i]!]!,
    n,
    indicators,
    index: { value: table.index[i]!, scale: '0-100', formula: INDEX_FORMULA, weights: { ...policy.weights } },
    previous: previousN === 0 ? null : { label: previousLabel, n: previousN, index: table.previousIndex[i]! },
    change: table.change[i]!,
    movers,
    policy: { ...table.policy },
    warnings,
  };
}

function indicatorOf(
  table: QuarterTable,
  i: number,
  k: number,
  indicator: ServiceQualityIndicator,
  policy: ServiceQualityPolicy,
  level: number,
  smallSample: number,
): QuarterIndicator {
  const count = table.counts[i * K + k]!;
  const mean = table.means[i * K + k]!;
  const sd = table.sds[i * K + k]!;
  const warnings: SatisfactionWarning[] = [];
  let lower = Number.NaN;
  let upper = Number.NaN;
  if (count === 0) warnings.push({ code: 'EMPTY', message: `nobody answered ${indicator}` });
  else {
    if (count < smallSample)
      warnings.push({ code: 'SMALL_SAMPLE', message: `${count} answers, fewer than ${smallSample}` });
    if (count < 2) warnings.push({ code: 'NO_INTERVAL', message: 'one answer: no interval' });
    else {
      if (sd === 0)
        warnings.push({ code: 'NO_VARIANCE', message: 'every answer is the same: the interval has no width' });
      const half = tQuantile(1 - (1 - level) / 2, count - 1) * (sd / Math.sqrt(count));
      lower = mean - half;
      upper = mean + half;
    }
  }
  const previous = table.previousMeans[i * K + k]!;
  return {
    indicator,
    estimate: mean,
    n: count,
    ci: { lower, upper, level },
    warnings,
    method: 't',
    rules: ['SA-3', 'SA-4'],
    weight: policy.weights[indicator],
    target: policy.targets[indicator],
    belowTarget: mean < policy.targets[indicator],
    previous,
    change: mean - previous,
  };
}

/** Every row of a {@link QuarterTable}, explained ({@link quarterAt} of each), in the table's order. */
export function quarterRows(table: QuarterTable): QuarterEvaluation[] {
  return table.ids.map((_, i) => quarterAt(table, i));
}

/**
 * The convenience path of the quarterly service-quality evaluation (rules SA-3, SA-4): response objects in, every
 * row explained, over the same engine as {@link quarterTable} (`toServiceQualityColumns`, `quarterTable`,
 * `quarterRows`).
 *
 * @throws KehuValidationError with the response's index first in the path, or the path of a bad option or policy
 */
export function evaluateQuarter(
  responses: Iterable<ServiceQualityResponse>,
  policy: ServiceQualityPolicy | ServiceQualityPolicyInput,
  options: QuarterTableOptions,
): QuarterEvaluation[] {
  return quarterRows(quarterTable(toServiceQualityColumns(responses), policy, options));
}
