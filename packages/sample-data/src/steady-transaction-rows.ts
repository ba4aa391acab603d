import { invalidInput } from '@kehu/core';
import { mulMod } from './mul-mod.js';
import { instantOption, integerOption, optionsObject } from './options.js';
import { centsToYuan } from './transaction-rows.js';

/** Options of {@link sampleSteadyTransactionRows} and {@link sampleSteadyTransactionCsv}. */
export interface SampleSteadyTransactionRowsOptions {
  /** Number of rows, 0 to 2^32 − 1. */
  rows: number;
  /** Number of customers, 1 to 2^32 − 1; default a tenth of `rows` (at least 1). */
  customers?: number;
  /**
   * The instant of row 0: a date `YYYY-MM-DD` (midnight UTC) or an ISO-8601 instant with an offset. Default
   * `2024-01-01`.
   */
  from?: string;
  /** Seconds between consecutive rows, 0 to 86,400; default 30. */
  intervalSeconds?: number;
  /** Every `refundEvery`-th row, starting with row 0, is a refund; 1 to 2^32 − 1, default 40. */
  refundEvery?: number;
}

/** One row of {@link sampleSteadyTransactionRows}: valid input for `@kehu/core`'s `parseTransaction`. */
export interface SampleSteadyTransactionRow {
  /** `t-<row index>`, zero-padded to 8 digits, so ids sort as the rows do. */
  id: string;
  /** `c-<customer index>`, zero-padded to 7 digits. */
  customerId: string;
  /** `from` plus `intervalSeconds` per row. */
  occurredAt: Date;
  /** A refund for every `refundEvery`-th row, else a purchase. */
  kind: 'purchase' | 'refund';
  /** Amount in yuan with two decimals, 1.00 to 5,000.99. */
  amount: string;
  /** Always `CNY`. */
  currency: 'CNY';
}

/** The columns of {@link sampleSteadyTransactionCsv}'s lines, in order: a `transactions` table's own columns. */
export const SAMPLE_STEADY_TRANSACTION_CSV_COLUMNS = Object.freeze([
  'id',
  'customer_id',
  'occurred_at',
  'kind',
  'amount',
  'currency',
  'attributes',
] as const);

const MAX_UINT32 = 4_294_967_295;
/** The multiplier that spreads rows over customers (Knuth's multiplicative hash constant). */
const SPREAD = 2_654_435_761;
const MAX_DATE_MS = 8.64e15;
/** The last row index whose product with {@link SPREAD} is a safe integer. */
const EXACT_PRODUCT_ROWS = Math.floor(Number.MAX_SAFE_INTEGER / SPREAD);

/** The options of the steady stream, checked, with defaults filled in and the interval in milliseconds. */
interface SteadySettings {
  rows: number;
  customers: number;
  start: number;
  interval: number;
  refundEvery: number;
}

function steadySettings(options: SampleSteadyTransactionRowsOptions): SteadySettings {
  optionsObject(options);
  const rows = integerOption(options.rows, 'rows', Number.NaN, 0, MAX_UINT32);
  const settings = {
    rows,
    customers: integerOption(options.customers, 'customers', Math.max(1, Math.floor(rows / 10)), 1, MAX_UINT32),
    start: instantOption(options.from, 'from', '2024-01-01'),
    interval: integerOption(options.intervalSeconds, 'intervalSeconds', 30, 0, 86_400) * 1000,
    refundEvery: integerOption(options.refundEvery, 'refundEvery', 40, 1, MAX_UINT32),
  };
  if (Math.abs(settings.start + rows * settings.interval) > MAX_DATE_MS)
    throw invalidInput(['rows'], 'the last row would fall after the latest instant a Date can hold');
  return settings;
}

/** Row `i`'s customer index (the plain product while it is exact, the cheaper path for the first 3.39e6 rows). */
function customerOf(i: number, s: SteadySettings): number {
  return i <= EXACT_PRODUCT_ROWS ? (i * SPREAD) % s.customers : mulMod(i, SPREAD, s.customers);
}

/** Row `i`'s amount in cents. */
function centsOf(i: number): number {
  return 100 + (((i % 500_000) * 7919) % 500_000);
}

/**
 * A steady, evenly spread stream of `rows` sales records, the same for every consumer and with no randomness: row
 * `i` happens `i × intervalSeconds` after `from`, belongs to customer `i × 2654435761 mod customers` (so
 * consecutive rows go to far-apart customers and every customer buys about as often), costs
 * `1 + (i × 7919 mod 500,000) / 100` yuan and is a refund when `i` is a multiple of `refundEvery`. For ingest and
 * storage benchmarks that feed several contenders the same rows. Lazy; throws `KehuValidationError` with the path
 * of a bad option when called.
 *
 * @example
 * ```ts
 * const [first] = sampleSteadyTransactionRows({ rows: 1 });
 * console.log(first.id, first.kind); // t-00000000 refund
 * ```
 */
export function sampleSteadyTransactionRows(
  options: SampleSteadyTransactionRowsOptions,
): IterableIterator<SampleSteadyTransactionRow> {
  const s = steadySettings(options);
  return (function* rows() {
    for (let i = 0; i < s.rows; i++)
      yield {
        id: `t-${String(i).padStart(8, '0')}`,
        customerId: `c-${String(customerOf(i, s)).padStart(7, '0')}`,
        occurredAt: new Date(s.start + i * s.interval),
        kind: i % s.refundEvery === 0 ? 'refund' : 'purchase',
        amount: centsToYuan(centsOf(i)),
        currency: 'CNY',
      };
  })();
}

/**
 * {@link sampleSteadyTransactionRows} as CSV lines, one per row, each ending in `\n`, without a header (the columns
 * are {@link SAMPLE_STEADY_TRANSACTION_CSV_COLUMNS}, attributes the empty JSON object), ready for PostgreSQL's
 * `COPY … FROM STDIN WITH (FORMAT csv)`; row 1 of 1,000 is
 * `t-00000001,c-0000061,2024-01-01T00:00:30.000Z,purchase,80.19,CNY,{}`. No field needs quoting. Throws
 * `KehuValidationError` with the path of a bad option when called.
 */
export function sampleSteadyTransactionCsv(options: SampleSteadyTransactionRowsOptions): IterableIterator<string> {
  const s = steadySettings(options);
  return (function* lines() {
    for (let i = 0; i < s.rows; i++)
      yield `t-${String(i).padStart(8, '0')},c-${String(customerOf(i, s)).padStart(7, '0')},` +
        `${new Date(s.start + i * s.interval).toISOString()},${i % s.refundEvery === 0 ? 'refund' : 'purchase'},` +
        `${centsToYuan(centsOf(i))},CNY,{}\n`;
  })();
}
