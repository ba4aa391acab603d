// DuckDB doing what `kehu rfm` does, from the same CSV and with the same output columns:
// read_csv + GROUP BY + NTILE windows for R, F and M; the 11-segment map as a CASE
// generated from Kehu's own preset; and the grade by contribution over the trailing 365
// days (diamond = top 10, gold = ranks 11–50, silver = while the customers ahead make up
// less than 80% of contribution, GR-1, GR-2, GR-6), written to a CSV. Run as its own
// process by rfm.mjs so both are timed the same way. With a fourth argument `rfm-only` it
// writes only the RFM columns (no segment, no grade): a lower bound printed for reference.
import { DuckDBInstance } from '@duckdb/node-api';
import { RFM_11_SEGMENTS } from '../../packages/rfm/dist/index.js';

const [file, asOf, out, mode] = process.argv.slice(2);
const full = mode !== 'rfm-only';
const end = `TIMESTAMPTZ '${asOf} 23:59:59.999+00'`;
const range = (column, [lo, hi]) => (lo === hi ? `${column} = ${lo}` : `${column} BETWEEN ${lo} AND ${hi}`);
const condition = (c) =>
  Object.entries(c)
    .map(([k, v]) => range(k === 'fm' ? '((f + m + 1) // 2)' : k === 'sum' ? '(r + f + m)' : k, v))
    .join(' AND ');
const whens = RFM_11_SEGMENTS.rules.map(
  (rule) => `WHEN ${rule.when.map((c) => `(${condition(c)})`).join(' OR ')} THEN '${rule.segment}'`,
);
const segment = `CASE ${whens.join(' ')} END`;
const grade = `CASE WHEN g.rank <= 10 THEN 'diamond' WHEN g.rank <= 50 THEN 'gold'
  WHEN g.before < 0.8 * g.total THEN 'silver' ELSE 'regular' END`;
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(`
COPY (
  WITH t AS (
    SELECT * FROM read_csv('${file}', header = true,
      columns = {'customer_id': 'VARCHAR', 'occurred_at': 'TIMESTAMPTZ', 'amount': 'DECIMAL(18,4)',
                 'kind': 'VARCHAR', 'currency': 'VARCHAR'})
    WHERE occurred_at <= ${end}
  ), s AS (
    SELECT customer_id,
           max(occurred_at) FILTER (WHERE kind = 'purchase') AS last_purchase,
           count(*) FILTER (WHERE kind = 'purchase') AS frequency,
           sum(CASE WHEN kind = 'purchase' THEN amount ELSE -amount END) AS monetary,
           sum(CASE WHEN kind = 'purchase' THEN amount ELSE -amount END)
             FILTER (WHERE occurred_at > ${end} - INTERVAL 365 DAY) AS contribution
      FROM t GROUP BY customer_id
  ), g AS (
    SELECT customer_id, contribution,
           rank() OVER (ORDER BY contribution DESC) AS rank,
           coalesce(sum(contribution) OVER (ORDER BY contribution DESC
                                            RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
           sum(contribution) OVER () AS total
      FROM s WHERE contribution > 0
  ), scored AS (
    SELECT s.customer_id,
           date_diff('day', last_purchase, ${end}) AS recency_days,
           frequency, monetary,
           NTILE(5) OVER (ORDER BY last_purchase) AS r,
           NTILE(5) OVER (ORDER BY frequency) AS f,
           NTILE(5) OVER (ORDER BY monetary) AS m,
           ${full ? grade : 'NULL'} AS grade
      FROM s ${full ? 'LEFT JOIN g USING (customer_id)' : ''} WHERE last_purchase IS NOT NULL
  )
  SELECT customer_id, recency_days, frequency, monetary, r, f, m${full ? `, ${segment} AS segment, grade` : ''}
    FROM scored
) TO '${out}' (HEADER, DELIMITER ',')`);
