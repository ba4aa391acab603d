// Satisfaction benchmark (rules SA-3, SA-4): the quarterly service-quality evaluation over N responses (default
// 10,000,000; KEHU_BENCH_SATISFACTION_RESPONSES) in columns, target under 2 s, beside DuckDB doing the same
// aggregation in the same run from the same columns loaded into a table: quarters in Asia/Shanghai, one row per
// quarter, source and team and per quarter, source and agent with n and the count, mean and standard deviation of
// each of the seven indicators, the weighted 0-100 index, its change against the group's previous quarter and the
// three indicators that moved most. Both are timed in this process (best of two runs, after a warm-up), with the
// data already in memory: Kehu's columns, DuckDB's table (loading it is timed apart and printed).
import { DOUBLE, DuckDBDataChunk, DuckDBInstance, UINTEGER, UTINYINT } from '@duckdb/node-api';
import { sampleServiceQualityColumns } from '../../packages/sample-data/dist/index.js';
import {
  DEFAULT_SERVICE_QUALITY_POLICY,
  quarterTable,
  SERVICE_QUALITY_INDICATORS,
} from '../../packages/satisfaction/dist/index.js';

const N = Number(process.env.KEHU_BENCH_SATISFACTION_RESPONSES || 10_000_000);
const fmt = (n) => n.toLocaleString('en-US');
const asOf = new Date('2026-06-30T23:59:59.999+08:00');
const policy = DEFAULT_SERVICE_QUALITY_POLICY;
const K = SERVICE_QUALITY_INDICATORS.length;

/** The responses: @kehu/sample-data's service-quality columns of seed 42 (20 teams of 10 agents, five quarters). */
const columnsOf = (n) => sampleServiceQualityColumns({ seed: 42, responses: n });

/** Loads the columns into DuckDB table `responses` (scores NULL when not answered), 2,048 rows per data chunk. */
async function load(connection, c) {
  const s = SERVICE_QUALITY_INDICATORS.map((_, k) => `s${k}`);
  await connection.run(
    `CREATE TABLE staged (answered_at DOUBLE, source UTINYINT, team UINTEGER, agent UINTEGER, ` +
      `${s.map((x) => `${x} DOUBLE`).join(', ')})`,
  );
  const appender = await connection.createAppender('staged');
  const types = [DOUBLE, UTINYINT, UINTEGER, UINTEGER, ...s.map(() => DOUBLE)];
  const sources = [
    c.answeredAt,
    c.sources,
    c.teams.codes,
    c.agents.codes,
    ...SERVICE_QUALITY_INDICATORS.map((k) => c.scores[k]),
  ];
  for (let from = 0; from < N; from += 2048) {
    const to = Math.min(N, from + 2048);
    const chunk = DuckDBDataChunk.create(types, to - from);
    for (const [j, column] of sources.entries()) chunk.setColumnValues(j, column.subarray(from, to));
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
  await connection.run(
    `CREATE TABLE responses AS SELECT answered_at, source, team, agent, ` +
      `${s.map((x) => `CASE WHEN isnan(${x}) THEN NULL ELSE ${x} END AS ${x}`).join(', ')} FROM staged`,
  );
  await connection.run('DROP TABLE staged');
}

/** The same aggregation as quarterTable in SQL, into table `result`. */
function aggregation() {
  const s = SERVICE_QUALITY_INDICATORS.map((_, k) => k);
  const { min, max } = policy.scale;
  const w = SERVICE_QUALITY_INDICATORS.map((key) => policy.weights[key]);
  const stats = s.map((k) => `count(s${k}) AS c${k}, avg(s${k}) AS m${k}, stddev_samp(s${k}) AS sd${k}`).join(', ');
  const index = (m) =>
    `100 * (${s.map((k) => `coalesce(${w[k]} * (${m}${k} - ${min}) / ${max - min}, 0)`).join(' + ')}) / ` +
    `nullif(${s.map((k) => `(CASE WHEN ${m}${k} IS NULL THEN 0 ELSE ${w[k]} END)`).join(' + ')}, 0)`;
  const moved = s.map((k) => `{'d': abs(m${k} - pm${k}), 'k': ${-k}, 'c': m${k} - pm${k}}`).join(', ');
  return `
CREATE OR REPLACE TABLE result AS
WITH r AS (
  SELECT date_trunc('quarter', timezone('Asia/Shanghai', to_timestamp(answered_at / 1000))) AS q, source, team, agent,
         ${s.map((k) => `s${k}`).join(', ')}
    FROM responses
   WHERE answered_at <= ${asOf.getTime()}
     AND answered_at >= epoch_ms(TIMESTAMPTZ '2025-04-01 00:00:00+08')
     AND NOT (${s.map((k) => `s${k} IS NULL`).join(' AND ')})
), g AS (
  SELECT q, source, 0 AS level, team AS grp, count(*) AS n, ${stats} FROM r GROUP BY q, source, team
  UNION ALL
  SELECT q, source, 1 AS level, agent AS grp, count(*) AS n, ${stats} FROM r GROUP BY q, source, agent
), i AS (
  SELECT *, ${index('m')} AS idx FROM g
), p AS (
  SELECT *, lag(q) OVER w = q - INTERVAL 3 MONTH AS has_previous, lag(idx) OVER w AS pidx,
         ${s.map((k) => `lag(m${k}) OVER w AS pm${k}`).join(', ')}
    FROM i WINDOW w AS (PARTITION BY source, level, grp ORDER BY q)
)
SELECT q, source, level, grp, n, ${s.map((k) => `c${k}, m${k}, sd${k}`).join(', ')}, idx,
       CASE WHEN has_previous THEN idx - pidx END AS change,
       CASE WHEN has_previous THEN
         list_slice(list_reverse_sort(list_filter([${moved}], x -> x.d > 0)), 1, 3) END AS movers
  FROM p WHERE q >= TIMESTAMP '2025-07-01'`;
}

export async function runSatisfactionBench() {
  console.log(`generating ${fmt(N)} service-quality responses in columns …`);
  quarterTable(columnsOf(20_000), policy, { asOf });
  let t = performance.now();
  const columns = columnsOf(N);
  console.log(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  let table;
  const kehu = [];
  for (let run = 0; run < 2; run++) {
    t = performance.now();
    table = quarterTable(columns, policy, { asOf });
    kehu.push((performance.now() - t) / 1000);
  }
  const kehuBest = Math.min(...kehu);
  const runs = kehu.map((x) => x.toFixed(2)).join(', ');
  console.log(
    `quarterTable: ${fmt(N)} responses → ${fmt(table.ids.length)} rows (${table.quarters.join(', ')}; ` +
      `teams and agents × 3 sources) in ${kehuBest.toFixed(2)} s (runs ${runs} s; ` +
      `target < 2 s: ${kehuBest < 2 ? 'met' : 'NOT met'})`,
  );
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const threads = (await connection.runAndReadAll(`SELECT current_setting('threads')`)).getRows()[0][0];
  t = performance.now();
  await load(connection, columns);
  console.log(
    `  DuckDB: the columns loaded into a table in ${((performance.now() - t) / 1000).toFixed(1)} s (not timed)`,
  );
  const sql = aggregation();
  const duck = [];
  for (let run = 0; run < 3; run++) {
    t = performance.now();
    await connection.run(sql);
    if (run > 0) duck.push((performance.now() - t) / 1000);
  }
  const duckBest = Math.min(...duck);
  // The same figures? Each DuckDB row against Kehu's row of the same quarter, source, level and group.
  const reader = await connection.runAndReadAll(
    `SELECT year(q) * 4 + quarter(q) - 1 AS serial, source, level, grp, n, idx, change,
            ${SERVICE_QUALITY_INDICATORS.map((_, k) => `m${k}`).join(', ')} FROM result`,
  );
  const byKey = new Map();
  for (let r = 0; r < table.ids.length; r++)
    byKey.set(`${table.quarterSerials[r]}/${table.sources[r]}/${table.levels[r]}/${table.groups[r]}`, r);
  let worst = 0;
  let matched = 0;
  const diff = (a, b) => (Number.isNaN(a) && (b === null || Number.isNaN(b)) ? 0 : Math.abs(a - (b ?? Number.NaN)));
  for (const row of reader.getRows()) {
    const [serial, source, level, grp, n, idx, change, ...means] = row.map((v) =>
      typeof v === 'bigint' ? Number(v) : v,
    );
    const r = byKey.get(`${serial}/${source}/${level}/${grp}`);
    if (r === undefined || table.n[r] !== n) continue;
    matched++;
    worst = Math.max(worst, diff(table.index[r], idx), diff(table.change[r], change));
    for (let k = 0; k < K; k++) worst = Math.max(worst, diff(table.means[r * K + k], means[k]));
  }
  const same = matched === table.ids.length && reader.currentRowCount === table.ids.length && !(worst > 1e-9);
  console.log(
    `DuckDB (${threads} threads), the same aggregation in SQL from its table: ${duckBest.toFixed(2)} s ` +
      `(runs ${duck.map((x) => x.toFixed(2)).join(', ')} s) · same rows and figures: ${same ? 'yes' : 'NO'} ` +
      `(${fmt(matched)} of ${fmt(table.ids.length)} rows matched, largest difference ${worst.toExponential(1)})`,
  );
  console.log(`quarterTable at ${(kehuBest / duckBest).toFixed(2)}× DuckDB's time`);
  connection.closeSync();
}
