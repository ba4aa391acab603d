// DuckDB doing what `kehu rfm` does, from the same CSV: read_csv + GROUP BY + NTILE windows,
// written to a CSV. Run as its own process by rfm.mjs so both are timed the same way.
import { DuckDBInstance } from '@duckdb/node-api';

const [file, asOf, out] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(`
COPY (
  WITH t AS (
    SELECT * FROM read_csv('${file}', header = true,
      columns = {'customer_id': 'VARCHAR', 'occurred_at': 'TIMESTAMPTZ', 'amount': 'DECIMAL(18,4)', 'kind': 'VARCHAR', 'currency': 'VARCHAR'})
    WHERE occurred_at <= TIMESTAMPTZ '${asOf} 23:59:59.999+00'
  ), s AS (
    SELECT customer_id,
           max(occurred_at) FILTER (WHERE kind = 'purchase') AS last_purchase,
           count(*) FILTER (WHERE kind = 'purchase') AS frequency,
           sum(CASE WHEN kind = 'purchase' THEN amount ELSE -amount END) AS monetary
      FROM t GROUP BY customer_id
  )
  SELECT customer_id,
         date_diff('day', last_purchase, TIMESTAMPTZ '${asOf} 23:59:59.999+00') AS recency_days,
         frequency, monetary,
         NTILE(5) OVER (ORDER BY last_purchase) AS r,
         NTILE(5) OVER (ORDER BY frequency) AS f,
         NTILE(5) OVER (ORDER BY monetary) AS m
    FROM s WHERE last_purchase IS NOT NULL
) TO '${out}' (HEADER, DELIMITER ',')`);
