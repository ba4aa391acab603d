/**
 * Service-quality responses in columns (rules SA-3, SA-4): the input of `quarterTable`, one entry per response,
 * with typed arrays for the numbers so that ten million responses take no object each. A store streaming its rows
 * fills them directly; {@link toServiceQualityColumns} builds them from response objects.
 */
import { invalidInput } from '@kehu/core';
import { SERVICE_QUALITY_INDICATORS, type ServiceQualityIndicator } from './dimensions.js';

/**
 * Where a service-quality evaluation comes from (rule SA-4): customer feedback, internal surveys and
 * self-assessment. They are evaluated apart and never mixed into one index.
 */
export const SERVICE_QUALITY_SOURCES = ['customer', 'internal', 'self'] as const;

/** One of {@link SERVICE_QUALITY_SOURCES}. */
export type ServiceQualitySource = (typeof SERVICE_QUALITY_SOURCES)[number];

/** The code of "no team" or "no agent" in a coded group column. */
export const NO_GROUP = 0xffff_ffff;

/**
 * A team or agent column: per response, a name (`null`: none), or codes into a list of names (`NO_GROUP`: none).
 * Names are compared exactly; each distinct name is one group.
 */
export type GroupColumn = readonly (string | null)[] | { codes: Uint32Array; names: readonly string[] };

/** Service-quality responses in columns, one entry per response (rules SA-3, SA-4). */
export interface ServiceQualityColumns {
  /** Per response: its id. */
  ids: readonly string[];
  /** Per response: when it was answered (epoch milliseconds). */
  answeredAt: Float64Array;
  /** Per response: the team evaluated. */
  teams: GroupColumn;
  /** Per response: the agent evaluated. */
  agents: GroupColumn;
  /** Per response: the source, as an index into {@link SERVICE_QUALITY_SOURCES}. */
  sources: Uint8Array;
  /**
   * Per indicator, per response: the score on the policy's scale, `NaN` when not answered. An indicator left out
   * was not asked (every response counts as not answering it).
   */
  scores: Partial<Record<ServiceQualityIndicator, Float64Array>>;
}

/** A group column as codes into names, with the names' order by Unicode code points (the order rows come in). */
export interface CodedGroups {
  /** Per response: the group's code (`NO_GROUP`: none). */
  codes: Uint32Array;
  /** Per code: the group's name. */
  names: readonly string[];
  /** Per code: its rank among the names by code points. */
  rank: Uint32Array;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Checks the shape of {@link ServiceQualityColumns} (every column present, of its type and of the same length;
 * no unknown indicator; group names distinct strings) and turns both group columns into codes. Values are checked
 * by `quarterTable` as it reads them.
 *
 * @throws KehuValidationError with the path of the bad column
 */
export function checkServiceQualityColumns(c: ServiceQualityColumns): { teams: CodedGroups; agents: CodedGroups } {
  if (typeof c !== 'object' || c === null) throw invalidInput([], 'expected service-quality columns');
  if (!Array.isArray(c.ids)) throw invalidInput(['ids'], 'expected an array of response ids', 'invalid_type');
  const n = c.ids.length;
  const typed = (key: 'answeredAt' | 'sources', type: Float64ArrayConstructor | Uint8ArrayConstructor) => {
    if (!(c[key] instanceof type)) throw invalidInput([key], `expected a ${type.name}`, 'invalid_type');
    if (c[key].length !== n) throw invalidInput([key], `expected ${n} entries (one per id), got ${c[key].length}`);
  };
  typed('answeredAt', Float64Array);
  typed('sources', Uint8Array);
  if (typeof c.scores !== 'object' || c.scores === null)
    throw invalidInput(['scores'], 'expected a record of score columns', 'invalid_type');
  for (const [key, column] of Object.entries(c.scores)) {
    if (!(SERVICE_QUALITY_INDICATORS as readonly string[]).includes(key))
      throw invalidInput(
        ['scores', key],
        `unknown indicator; expected one of ${SERVICE_QUALITY_INDICATORS.join(', ')}`,
      );
    if (column === undefined) continue;
    if (!(column instanceof Float64Array)) throw invalidInput(['scores', key], 'expected a Float64Array');
    if (column.length !== n) throw invalidInput(['scores', key], `expected ${n} entries, got ${column.length}`);
  }
  return { teams: coded(c.teams, n, 'teams'), agents: coded(c.agents, n, 'agents') };
}

function coded(column: GroupColumn, n: number, key: string): CodedGroups {
  let codes: Uint32Array;
  let names: readonly string[];
  if (Array.isArray(column)) {
    const list = column as readonly (string | null)[];
    if (list.length !== n) throw invalidInput([key], `expected ${n} entries (one per id), got ${list.length}`);
    const distinct = new Set<string>();
    for (let i = 0; i < n; i++) {
      const name = list[i];
      if (name === null) continue;
      if (typeof name !== 'string') throw invalidInput([key, i], 'expected a name or null', 'invalid_type');
      distinct.add(name);
    }
    names = [...distinct].sort(byCodePoint);
    const index = new Map(names.map((name, k) => [name, k]));
    codes = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const name = list[i];
      codes[i] = name === null ? NO_GROUP : index.get(name as string)!;
    }
  } else {
    const g = column as { codes: unknown; names: unknown };
    if (typeof g !== 'object' || g === null || !(g.codes instanceof Uint32Array) || !Array.isArray(g.names))
      throw invalidInput([key], 'expected names per response or { codes: Uint32Array, names }', 'invalid_type');
    if (g.codes.length !== n) throw invalidInput([key, 'codes'], `expected ${n} entries, got ${g.codes.length}`);
    const seen = new Set<string>();
    for (const [k, name] of (g.names as unknown[]).entries()) {
      if (typeof name !== 'string') throw invalidInput([key, 'names', k], 'expected a name', 'invalid_type');
      if (seen.has(name)) throw invalidInput([key, 'names', k], `duplicate name ${JSON.stringify(name)}`);
      seen.add(name);
    }
    codes = g.codes;
    names = g.names as string[];
    const none = NO_GROUP;
    for (let i = 0; i < n; i++) {
      const code = codes[i]!;
      if (code >= names.length && code !== none)
        throw invalidInput([key, 'codes', i], `code ${code} names no ${key.slice(0, -1)} (${names.length} names)`);
    }
  }
  const order = names.map((_, k) => k).sort((a, b) => byCodePoint(names[a]!, names[b]!));
  const rank = new Uint32Array(names.length);
  for (const [r, k] of order.entries()) rank[k] = r;
  return { codes, names, rank };
}

/** One service-quality response as an object: the input of the convenience path `evaluateQuarter`. */
export interface ServiceQualityResponse {
  /** The response id (unique). */
  id: string;
  /** When it was answered. */
  answeredAt: Date;
  /** Where it comes from: customer feedback, an internal survey or a self-assessment (rule SA-4). */
  source: ServiceQualitySource;
  /** The team evaluated (`null` or left out: none). */
  team?: string | null;
  /** The agent evaluated (`null` or left out: none). */
  agent?: string | null;
  /** Per indicator: the score on the policy's scale (`null` or left out: not answered). */
  scores: Partial<Record<ServiceQualityIndicator, number | null>>;
}

/**
 * Response objects as {@link ServiceQualityColumns} (rules SA-3, SA-4). Only indicators some response answers get
 * a column.
 *
 * @throws KehuValidationError with the response's index first in the path: a duplicate id, an invalid date, an
 * unknown source or indicator, a score that is not a number or `null`
 */
export function toServiceQualityColumns(responses: Iterable<ServiceQualityResponse>): ServiceQualityColumns {
  const list = [...responses];
  const n = list.length;
  const ids: string[] = [];
  const answeredAt = new Float64Array(n);
  const sources = new Uint8Array(n);
  const teams: (string | null)[] = [];
  const agents: (string | null)[] = [];
  const scores: Partial<Record<ServiceQualityIndicator, Float64Array>> = {};
  const seen = new Set<string>();
  for (const [i, r] of list.entries()) {
    if (typeof r !== 'object' || r === null) throw invalidInput([i], 'expected a response object', 'invalid_type');
    if (typeof r.id !== 'string' || r.id === '') throw invalidInput([i, 'id'], 'expected a non-empty id');
    if (seen.has(r.id)) throw invalidInput([i, 'id'], `duplicate response id ${JSON.stringify(r.id)}`);
    seen.add(r.id);
    ids.push(r.id);
    if (!(r.answeredAt instanceof Date) || Number.isNaN(r.answeredAt.getTime()))
      throw invalidInput([i, 'answeredAt'], 'expected a valid Date', 'invalid_type');
    answeredAt[i] = r.answeredAt.getTime();
    const source = SERVICE_QUALITY_SOURCES.indexOf(r.source);
    if (source < 0)
      throw invalidInput([i, 'source'], `expected one of ${SERVICE_QUALITY_SOURCES.join(', ')}`, 'invalid_value');
    sources[i] = source;
    for (const [key, out] of [
      ['team', teams],
      ['agent', agents],
    ] as const) {
      const name = r[key] ?? null;
      if (name !== null && typeof name !== 'string')
        throw invalidInput([i, key], 'expected a name or null', 'invalid_type');
      out.push(name);
    }
    if (typeof r.scores !== 'object' || r.scores === null)
      throw invalidInput([i, 'scores'], 'expected a record of scores', 'invalid_type');
    for (const [key, value] of Object.entries(r.scores)) {
      if (!(SERVICE_QUALITY_INDICATORS as readonly string[]).includes(key))
        throw invalidInput([i, 'scores', key], 'unknown indicator');
      if (value === null || value === undefined) continue;
      if (typeof value !== 'number' || Number.isNaN(value))
        throw invalidInput([i, 'scores', key], 'expected a number or null', 'invalid_type');
      const k = key as ServiceQualityIndicator;
      const column = (scores[k] ??= new Float64Array(n).fill(Number.NaN));
      column[i] = value;
    }
  }
  return { ids, answeredAt, teams, agents, sources, scores };
}
