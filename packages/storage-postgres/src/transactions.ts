import { Decimal, KehuConflictError, validateSummaryWindow, type Transaction, type TransactionSummary } from '@kehu/core';
import { decodeCursor, encodeCursor, pageLimit, streamPages, type TransactionFilter, type TransactionRepository } from '@kehu/storage';
import type { Runner } from './runner.js';
import type { Row } from './sql-client.js';
import type { TableNames } from './tables.js';
import { fromJsonb, iso, toDate, toNumber } from './values.js';

const COLUMNS = 'id, customer_id, occurred_at, kind, amount, currency, product, quantity, payment_method, channel, relates_to, attributes';
const RECORDSET = `id text, customer_id text, occurred_at timestamptz, kind text, amount numeric, currency text, product text, quantity integer, payment_method text, channel text, relates_to text, attributes jsonb`;
const SELECT = `id, customer_id, occurred_at, kind, amount::text AS amount, currency, product, quantity, payment_method, channel, relates_to, attributes`;

/** Rows of summaries fetched per round trip by `summarizeTransactions`. */
const SUMMARY_PAGE = 5000;

/** A transaction as one element of the `jsonb_to_recordset` batch. */
function toRow(t: Transaction): Record<string, unknown> {
  return {
    id: t.id,
    customer_id: t.customerId,
    occurred_at: iso(t.occurredAt),
    kind: t.kind,
    amount: t.amount.toString(),
    currency: t.currency,
    product: t.product ?? null,
    quantity: t.quantity ?? null,
    payment_method: t.paymentMethod ?? null,
    channel: t.channel ?? null,
    relates_to: t.relatesTo ?? null,
    attributes: t.attributes,
  };
}

/** A row read back (the store holds validated records, so it is rebuilt without re-validation). */
function fromRow(row: Row): Transaction {
  const t: Transaction = {
    id: row['id'] as string,
    customerId: row['customer_id'] as string,
    occurredAt: toDate(row['occurred_at']),
    kind: row['kind'] as Transaction['kind'],
    amount: new Decimal(row['amount'] as string),
    currency: row['currency'] as string,
    attributes: fromJsonb(row['attributes']) as Transaction['attributes'],
  };
  if (row['product'] !== null) t.product = row['product'] as string;
  if (row['quantity'] !== null) t.quantity = toNumber(row['quantity']);
  if (row['payment_method'] !== null) t.paymentMethod = row['payment_method'] as Transaction['paymentMethod'];
  if (row['channel'] !== null) t.channel = row['channel'] as string;
  if (row['relates_to'] !== null) t.relatesTo = row['relates_to'] as string;
  return t;
}

function filterSql(filter: TransactionFilter, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter.customerId !== undefined) where.push(`customer_id = $${params.push(filter.customerId)}`);
  if (filter.from !== undefined) where.push(`occurred_at >= $${params.push(iso(filter.from))}::timestamptz`);
  if (filter.to !== undefined) where.push(`occurred_at < $${params.push(iso(filter.to))}::timestamptz`);
  return where;
}

/** Sales records over SQL (rule AR-6): batched idempotent appends, keyset paging, summary pushdown. */
export function transactionRepository(run: Runner, t: TableNames): TransactionRepository {
  const list: TransactionRepository['list'] = (filter = {}, request) =>
    run.read('transactions.list', async (db) => {
      const limit = pageLimit(request);
      const params: unknown[] = [];
      const where = filterSql(filter, params);
      if (request?.cursor !== undefined) {
        const [c, at, id] = decodeCursor('transactions', request.cursor, 3);
        where.push(`(customer_id, occurred_at, id) > ($${params.push(c)}, $${params.push(iso(new Date(at as number)))}::timestamptz, $${params.push(id)})`);
      }
      const rows = await db.query(
        `SELECT ${SELECT} FROM ${t.transactions}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY customer_id, occurred_at, id LIMIT $${params.push(limit + 1)}`,
        params,
      );
      const items = rows.slice(0, limit).map(fromRow);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor('transactions', [last.customerId, last.occurredAt.getTime(), last.id]) : null };
    });

  return {
    append: (batch) =>
      run.write('transactions.append', async (db) => {
        if (batch.length === 0) return { inserted: 0, duplicates: 0 };
        const payload = JSON.stringify(batch.map(toRow));
        // One statement per batch: new ids are inserted, known ids skipped ...
        const inserted = await db.query(
          `INSERT INTO ${t.transactions} (${COLUMNS}) SELECT ${COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS b(${RECORDSET}) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [payload],
        );
        if (inserted.length < batch.length) {
          // ... and a skipped id must hold identical content, or the whole batch is refused
          // (the runner's transaction or savepoint takes back what was inserted).
          const [differs] = await db.query(
            `SELECT b.id FROM jsonb_to_recordset($1::jsonb) AS b(${RECORDSET}) JOIN ${t.transactions} x ON x.id = b.id
             WHERE (x.customer_id, x.occurred_at, x.kind, x.amount, x.currency, x.product, x.quantity, x.payment_method, x.channel, x.relates_to, x.attributes)
               IS DISTINCT FROM (b.customer_id, b.occurred_at, b.kind, b.amount, b.currency, b.product, b.quantity, b.payment_method, b.channel, b.relates_to, b.attributes)
             LIMIT 1`,
            [payload],
          );
          if (differs !== undefined) {
            const id = differs['id'] as string;
            throw new KehuConflictError('transaction', id, `transaction ${JSON.stringify(id)} is already stored with different content`);
          }
        }
        return { inserted: inserted.length, duplicates: batch.length - inserted.length };
      }),
    get: (id) =>
      run.read('transactions.get', async (db) => {
        const [row] = await db.query(`SELECT ${SELECT} FROM ${t.transactions} WHERE id = $1`, [id]);
        return row === undefined ? null : fromRow(row);
      }),
    list,
    stream: (filter) => streamPages((request) => list(filter, request)),
    count: (filter = {}) =>
      run.read('transactions.count', async (db) => {
        const params: unknown[] = [];
        const where = filterSql(filter, params);
        const [row] = await db.query(`SELECT count(*) AS n FROM ${t.transactions}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, params);
        return toNumber(row!['n']);
      }),
    summarizeTransactions: (window) =>
      (async function* () {
        validateSummaryWindow(window);
        let after: [string, string] | undefined;
        for (;;) {
          const params: unknown[] = [iso(window.asOf)];
          const where = ['occurred_at <= $1::timestamptz'];
          if (window.from !== undefined) where.push(`occurred_at >= $${params.push(iso(window.from))}::timestamptz`);
          if (window.to !== undefined) where.push(`occurred_at < $${params.push(iso(window.to))}::timestamptz`);
          if (after !== undefined) where.push(`customer_id >= $${params.push(after[0])}`);
          const having = after === undefined ? '' : ` HAVING (customer_id, currency) > ($${params.push(after[0])}, $${params.push(after[1])})`;
          // Aggregated in the database: one row per customer and currency crosses the wire.
          const rows = await run.read('transactions.summarizeTransactions', (db) =>
            db.query(
              `SELECT customer_id, currency,
                      min(occurred_at) FILTER (WHERE kind = 'purchase') AS first_purchase,
                      max(occurred_at) FILTER (WHERE kind = 'purchase') AS last_purchase,
                      count(*) FILTER (WHERE kind = 'purchase') AS purchases,
                      count(*) FILTER (WHERE kind = 'refund') AS refunds,
                      count(*) FILTER (WHERE kind = 'return') AS returns,
                      coalesce(sum(amount) FILTER (WHERE kind = 'purchase'), 0)::text AS gross,
                      coalesce(sum(amount) FILTER (WHERE kind <> 'purchase'), 0)::text AS reversed,
                      coalesce(sum(CASE WHEN kind = 'purchase' THEN amount ELSE -amount END), 0)::text AS net
                 FROM ${t.transactions}
                WHERE ${where.join(' AND ')}
                GROUP BY customer_id, currency${having}
                ORDER BY customer_id, currency
                LIMIT ${SUMMARY_PAGE}`,
              params,
            ),
          );
          for (const row of rows) {
            const summary: TransactionSummary = {
              customerId: row['customer_id'] as string,
              currency: row['currency'] as string,
              firstPurchaseAt: row['first_purchase'] === null ? null : toDate(row['first_purchase']),
              lastPurchaseAt: row['last_purchase'] === null ? null : toDate(row['last_purchase']),
              purchaseCount: toNumber(row['purchases']),
              refundCount: toNumber(row['refunds']),
              returnCount: toNumber(row['returns']),
              grossAmount: new Decimal(row['gross'] as string),
              reversedAmount: new Decimal(row['reversed'] as string),
              netAmount: new Decimal(row['net'] as string),
            };
            yield summary;
          }
          if (rows.length < SUMMARY_PAGE) return;
          const last = rows[rows.length - 1]!;
          after = [last['customer_id'] as string, last['currency'] as string];
        }
      })(),
  };
}
