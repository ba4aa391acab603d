import { createLcg } from './lcg.js';
import { instantOption, integerOption, optionsObject } from './options.js';

/**
 * The seven service-quality indicators (rule SA-3), in the order of `@kehu/satisfaction`'s
 * `SERVICE_QUALITY_INDICATORS` (sample-data depends on core only, so the ids are repeated here).
 */
export const SAMPLE_SERVICE_QUALITY_INDICATORS = [
  'response-speed',
  'attitude',
  'problem-solving',
  'expertise',
  'communication',
  'continuity',
  'innovation',
] as const;

/** Options of {@link sampleServiceQualityColumns}. */
export interface SampleServiceQualityColumnsOptions {
  /** Seed of the draws; the same seed gives the same columns. Default 42. */
  seed?: number;
  /** Number of responses, 0 to 100,000,000. */
  responses: number;
  /** Number of teams, 1 to 10,000; default 20. */
  teams?: number;
  /** Agents in each team, 1 to 1,000; default 10. */
  agentsPerTeam?: number;
  /**
   * The earliest answer: a date `YYYY-MM-DD` (midnight UTC) or an ISO-8601 instant with an offset. Default
   * `2025-04-01T00:00:00+08:00` (five quarters to 2026-06-30 in Shanghai with the default `days`).
   */
  from?: string;
  /** Answers fall within this many days from `from`, 1 to 100,000; default 456. */
  days?: number;
}

/**
 * Service-quality responses in columns: the shape of `@kehu/satisfaction`'s `ServiceQualityColumns` (teams and
 * agents as codes into names, sources as codes 0 customer, 1 internal, 2 self, scores on 1-5 with `NaN` for not
 * answered).
 */
export interface SampleServiceQualityColumns {
  /** Per response: `s-<index>`. */
  ids: string[];
  /** Per response: when it was answered (epoch ms). */
  answeredAt: Float64Array;
  /** Per response: the team, as a code into `names` (`team-<t>`). */
  teams: { codes: Uint32Array; names: string[] };
  /** Per response: the agent, as a code into `names` (`agent-<t>-<k>`, agent k of team t). */
  agents: { codes: Uint32Array; names: string[] };
  /** Per response: 0 customer feedback (80%), 1 internal survey (12%), 2 self-assessment (8%). */
  sources: Uint8Array;
  /** Per indicator, per response: an integer score 1 to 5, `NaN` when not answered (about 8%). */
  scores: Record<(typeof SAMPLE_SERVICE_QUALITY_INDICATORS)[number], Float64Array>;
}

/**
 * Seeded service-quality responses in columns (rules SA-3, SA-4) for the quarterly evaluation's benchmark and
 * tests: each team has a level (a mean from 3.0 to 4.4 on 1-5) and a trend over the span (−0.5 to +0.5), each
 * agent an offset (−0.4 to +0.4) and each indicator one per team (−0.3 to +0.3); self-assessments are 0.3 higher.
 * A score is that mean plus noise (the sum of three uniform draws, standard deviation 0.75), rounded and clipped to
 * 1-5. Answers fall uniformly within `days` of `from`. The same options give the same columns; no object is made
 * per response but its id. Throws `KehuValidationError` with the path of a bad option.
 *
 * @example
 * ```ts
 * const columns = sampleServiceQualityColumns({ seed: 7, responses: 100_000 });
 * ```
 */
export function sampleServiceQualityColumns(options: SampleServiceQualityColumnsOptions): SampleServiceQualityColumns {
  optionsObject(options);
  const seed = integerOption(options.seed, 'seed', 42, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const n = integerOption(options.responses, 'responses', Number.NaN, 0, 100_000_000);
  const teamCount = integerOption(options.teams, 'teams', 20, 1, 10_000);
  const perTeam = integerOption(options.agentsPerTeam, 'agentsPerTeam', 10, 1, 1_000);
  const from = instantOption(options.from, 'from', '2025-04-01T00:00:00+08:00');
  const days = integerOption(options.days, 'days', 456, 1, 100_000);
  const next = createLcg(seed);
  const K = SAMPLE_SERVICE_QUALITY_INDICATORS.length;
  const level = Float64Array.from({ length: teamCount }, () => 3 + 1.4 * next());
  const trend = Float64Array.from({ length: teamCount }, () => next() - 0.5);
  const indicatorOffset = Float64Array.from({ length: teamCount * K }, () => 0.6 * next() - 0.3);
  const agentOffset = Float64Array.from({ length: teamCount * perTeam }, () => 0.8 * next() - 0.4);
  const teamNames = Array.from({ length: teamCount }, (_, t) => `team-${t}`);
  const agentNames: string[] = [];
  for (let t = 0; t < teamCount; t++) for (let k = 0; k < perTeam; k++) agentNames.push(`agent-${t}-${k}`);
  const span = days * 86_400_000;
  const ids: string[] = new Array(n);
  const answeredAt = new Float64Array(n);
  const teams = new Uint32Array(n);
  const agents = new Uint32Array(n);
  const sources = new Uint8Array(n);
  const columns = SAMPLE_SERVICE_QUALITY_INDICATORS.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    ids[i] = `s-${i}`;
    const f = next();
    answeredAt[i] = from + Math.floor(f * span);
    const agent = Math.floor(next() * agentNames.length);
    const team = Math.floor(agent / perTeam);
    agents[i] = agent;
    teams[i] = team;
    const u = next();
    const source = u < 0.8 ? 0 : u < 0.92 ? 1 : 2;
    sources[i] = source;
    const mean = level[team]! + trend[team]! * f + agentOffset[agent]! + (source === 2 ? 0.3 : 0);
    for (let k = 0; k < K; k++) {
      if (next() < 0.08) {
        columns[k]![i] = Number.NaN;
        continue;
      }
      // The sum of three uniforms on [-0.75, 0.75] has standard deviation 0.75.
      const noise = 1.5 * (next() + next() + next() - 1.5);
      const score = Math.round(mean + indicatorOffset[team * K + k]! + noise);
      columns[k]![i] = Math.max(1, Math.min(5, score));
    }
  }
  return {
    ids,
    answeredAt,
    teams: { codes: teams, names: teamNames },
    agents: { codes: agents, names: agentNames },
    sources,
    scores: Object.fromEntries(
      SAMPLE_SERVICE_QUALITY_INDICATORS.map((key, k) => [key, columns[k]!]),
    ) as SampleServiceQualityColumns['scores'],
  };
}
