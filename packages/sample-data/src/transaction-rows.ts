import { DAY_MS } from '@kehu/core';
import { createLcg } from './lcg.js';
import { instantOption, integerOption, numberOption, optionsObject } from './options.js';

/** Options of {@link sampleTransactionRows}, {@link sampleTransactionCsv} and {@link sampleTransactionColumns}. */
export interface SampleTransactionRowsOptions {
  /** Seed of the draws; the same seed gives the same rows. Default 42. */
  seed?: number;
  /** Number of rows, 0 to 2^32 − 1. */
  rows: number;
  /** Number of customers, 1 to 2^32 − 1; default a tenth of `rows` (at least 1). */
  customers?: number;
  /**
   * Start of the span the rows fall in: a date `YYYY-MM-DD` (midnight UTC) or an ISO-8601 instant with an offset.
   * Default `2024-07-01`.
   */
  from?: string;
  /** Length of the span in days, above 0 and at most 100,000; default 730 (two years). */
  days?: number;
  /** Share of rows that are refunds, 0 to 1; default 0.03. */
  refundShare?: number;
}

/**
 * One generated sales record: valid input for `@kehu/core`'s `parseTransaction`, the amount an exact decimal
 * string in yuan.
 */
export interface SampleTransactionRow {
  /** `t-<row index>`. */
  id: string;
  /** `c-<customer index>`. */
  customerId: string;
  /** When it happened. */
  occurredAt: Date;
  /** A purchase, or a refund with probability `refundShare`. */
  kind: 'purchase' | 'refund';
  /** Amount in yuan with two decimals, 1.00 to 20,000.99. */
  amount: string;
  /** Always `CNY`. */
  currency: 'CNY';
}

/** The options of the transaction stream, checked and with defaults filled in. */
export interface TransactionStreamSettings {
  /** Seed of the draws. */
  seed: number;
  /** Number of rows. */
  rows: number;
  /** Number of customers. */
  customers: number;
  /** Start of the span, epoch milliseconds. */
  start: number;
  /** Length of the span in milliseconds. */
  span: number;
  /** Share of refunds. */
  refundShare: number;
}

/** One row's draws: customer index, instant (epoch ms), amount in cents, whether it is a refund. */
export interface TransactionDraw {
  /** Customer index. */
  customer: number;
  /** Instant, epoch milliseconds. */
  at: number;
  /** Amount in cents. */
  cents: number;
  /** Whether the row is a refund. */
  refund: boolean;
}

const MAX_UINT32 = 4_294_967_295;

/** Checks the options of the transaction stream; throws `KehuValidationError` with the bad option's path. */
export function transactionStreamSettings(options: SampleTransactionRowsOptions): TransactionStreamSettings {
  optionsObject(options);
  const rows = integerOption(options.rows, 'rows', Number.NaN, 0, MAX_UINT32);
  return {
    seed: integerOption(options.seed, 'seed', 42, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    rows,
    customers: integerOption(options.customers, 'customers', Math.max(1, Math.floor(rows / 10)), 1, MAX_UINT32),
    start: instantOption(options.from, 'from', '2024-07-01'),
    span: numberOption(options.days, 'days', 730, Number.MIN_VALUE, 100_000) * DAY_MS,
    refundShare: numberOption(options.refundShare, 'refundShare', 0.03, 0, 1),
  };
}

/**
 * The draws of the transaction stream, one row per call into a reused `draw`: the customer skewed towards low
 * indexes (`u^1.6`: the first customers buy most often), the instant uniform over the span to the millisecond, the
 * amount heavy-tailed (`u^3` of up to 20,000 yuan, plus 1 yuan), four draws per row in that order.
 */
export function createTransactionDrawer(s: TransactionStreamSettings): (draw: TransactionDraw) => void {
  const next = createLcg(s.seed);
  return (draw) => {
    draw.customer = Math.floor(next() ** 1.6 * s.customers);
    draw.at = s.start + Math.floor(next() * s.span);
    draw.cents = 100 + Math.floor(next() ** 3 * 2_000_000);
    draw.refund = next() < s.refundShare;
  };
}

/** Integer cents as an exact decimal string in yuan (`12345` → `123.45`). */
export function centsToYuan(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/**
 * A seeded stream of `rows` sales records in yuan for bulk work (benchmarks, load tests): customers `c-0` to
 * `c-<customers − 1>` with a skew towards the first, instants uniform over `days` from `from`, heavy-tailed amounts,
 * about `refundShare` refunds. Lazy, so ten million rows never sit in memory; the same options give the same rows
 * on every platform. Throws `KehuValidationError` with the path of a bad option when called.
 *
 * @example
 * ```ts
 * for (const row of sampleTransactionRows({ seed: 1, rows: 3 })) console.log(row.customerId, row.amount);
 * ```
 */
export function sampleTransactionRows(options: SampleTransactionRowsOptions): IterableIterator<SampleTransactionRow> {
  const s = transactionStreamSettings(options);
  const drawNext = createTransactionDrawer(s);
  return (function* rows() {
    const draw: TransactionDraw = { customer: 0, at: 0, cents: 0, refund: false };
    for (let i = 0; i < s.rows; i++) {
      drawNext(draw);
      yield {
        id: `t-${i}`,
        customerId: `c-${draw.customer}`,
        occurredAt: new Date(draw.at),
        kind: draw.refund ? 'refund' : 'purchase',
        amount: centsToYuan(draw.cents),
        currency: 'CNY',
      };
    }
  })();
}
