import { Decimal } from './decimal.js';
import { KehuValidationError, type ErrorPath } from './errors.js';
import { isSortedByCodePoints, sortIndexesByCodePoints } from './order.js';
import { decimalFromUnits, decimalToUnits, MAX_UNIT_SCALE } from './scaled.js';
import type { Transaction, TransactionKind } from './transaction.js';
import { validateSummaryWindow, type SummaryWindow, type TransactionSummary } from './transaction-summary.js';

/** The codes of {@link TransactionColumns.kind}: 0 purchase, 1 refund, 2 return. */
export const TRANSACTION_KIND_CODES: Readonly<Record<TransactionKind, number>> = Object.freeze({ purchase: 0, refund: 1, return: 2 });

/**
 * Transactions of one currency as columns, for bulk analysis of millions of rows (the
 * columnar counterpart of `Transaction[]`, like an Arrow record batch): customer ids are
 * dictionary-encoded, instants are epoch milliseconds and amounts are exact scaled
 * integers. Row `i` is customer `customerIds[customer[i]]`, at `occurredAt[i]`, of kind
 * `kind[i]` (see {@link TRANSACTION_KIND_CODES}) and amount `amount[i] × 10^-scale`.
 * Build one with {@link toTransactionColumns} or fill the arrays directly (a CSV or
 * database reader can do so without creating an object per row).
 */
export interface TransactionColumns {
  /** ISO 4217 currency of every amount. */
  currency: string;
  /** Decimal places of the amount units, 0..15 (`2`: amounts are in cents). */
  scale: number;
  /** The dictionary of customer ids (each id once). */
  customerIds: readonly string[];
  /** Per row: the index of its customer in `customerIds`. */
  customer: Uint32Array;
  /** Per row: the instant, epoch milliseconds. */
  occurredAt: Float64Array;
  /** Per row: the non-negative amount in units of `10^-scale`, a safe integer. */
  amount: Float64Array;
  /** Per row: 0 purchase, 1 refund, 2 return. */
  kind: Uint8Array;
}

function invalid(path: ErrorPath, message: string, code = 'invalid_value'): KehuValidationError {
  return new KehuValidationError(`invalid transaction columns: ${path.join('.')} ${message}`, [{ path, message, code }]);
}

/**
 * Turns transactions of one currency into {@link TransactionColumns} at `scale` decimal
 * places (default 4). Throws `KehuValidationError` when a transaction has another
 * currency (path `[i, 'currency']`) or an amount with more places than `scale` or too
 * large for exact units (path `[i, 'amount']`). Pure.
 */
export function toTransactionColumns(transactions: readonly Transaction[], options: { currency: string; scale?: number }): TransactionColumns {
  const scale = options.scale ?? 4;
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_UNIT_SCALE) throw invalid(['scale'], `must be an integer 0..${MAX_UNIT_SCALE}`);
  const r = tryTransactionColumns(transactions, options.currency, scale);
  if (r.ok) return r.columns;
  throw r.at === 'currency'
    ? invalid([r.row, 'currency'], `is ${transactions[r.row]!.currency}, expected ${options.currency}`, 'CURRENCY_MISMATCH')
    : invalid([r.row, 'amount'], `${transactions[r.row]!.amount.toString()} is not a non-negative amount with at most ${scale} decimal places within 2^53 units`);
}

/**
 * Like {@link toTransactionColumns}, but reports the first row that does not fit (another
 * currency, or an amount not exact at `scale`) instead of throwing, so a caller can fall
 * back to Decimal arithmetic.
 */
export function tryTransactionColumns(
  transactions: readonly Transaction[],
  currency: string,
  scale: number,
): { ok: true; columns: TransactionColumns } | { ok: false; row: number; at: 'currency' | 'amount' } {
  const n = transactions.length;
  const ids = new Map<string, number>();
  const customerIds: string[] = [];
  const columns: TransactionColumns = { currency, scale, customerIds, customer: new Uint32Array(n), occurredAt: new Float64Array(n), amount: new Float64Array(n), kind: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    const t = transactions[i]!;
    if (t.currency !== currency) return { ok: false, row: i, at: 'currency' };
    let c = ids.get(t.customerId);
    if (c === undefined) {
      c = customerIds.length;
      customerIds.push(t.customerId);
      ids.set(t.customerId, c);
    }
    const units = decimalToUnits(t.amount, scale);
    if (units === undefined || units < 0) return { ok: false, row: i, at: 'amount' };
    columns.customer[i] = c;
    columns.occurredAt[i] = t.occurredAt.getTime();
    columns.amount[i] = units;
    columns.kind[i] = TRANSACTION_KIND_CODES[t.kind];
  }
  return { ok: true, columns };
}

// Per-customer accumulator layout in one Float64Array (one cache line per customer:
// rows arrive in random customer order, so interleaving the fields is markedly faster).
const FIRST = 0;
const LAST = 1;
const PURCHASES = 2;
const REFUNDS = 3;
const RETURNS = 4;
const GROSS = 5;
const REVERSED = 6;
const SEEN = 7;
const STRIDE = 8;

interface BigSums {
  gross: bigint;
  reversed: bigint;
}

function addBig(b: BigSums, kind: number, units: number): void {
  if (kind === 0) b.gross += BigInt(units);
  else b.reversed += BigInt(units);
}

/**
 * {@link summarizeTransactions} over {@link TransactionColumns}: the same rows (per
 * customer, ordered by customer id in code-point order; refunds and returns netted, rule
 * AR-6; `from <= t < to` and `t <= asOf`), computed in one pass over typed arrays with
 * exact integer sums. About ten times faster than the object path on ten million rows
 * (`pnpm bench`), because it neither hashes a customer id nor touches a Decimal per row.
 * A sum that would pass 2^53 units continues exactly in BigInt. Throws
 * `KehuValidationError` naming the bad column and row for malformed columns. Pure.
 */
export function summarizeColumns(columns: TransactionColumns, window: SummaryWindow): TransactionSummary[] {
  validateSummaryWindow(window);
  const { customer, occurredAt, amount, kind, customerIds, scale } = columns;
  const n = customer.length;
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_UNIT_SCALE) throw invalid(['scale'], `must be an integer 0..${MAX_UNIT_SCALE}`);
  for (const key of ['occurredAt', 'amount', 'kind'] as const) if (columns[key].length !== n) throw invalid([key], `has ${columns[key].length} rows, customer has ${n}`);
  const customers = customerIds.length;
  const acc = new Float64Array(customers * STRIDE);
  for (let c = 0; c < customers; c++) {
    acc[c * STRIDE + FIRST] = Infinity;
    acc[c * STRIDE + LAST] = -Infinity;
  }
  const asOf = window.asOf.getTime();
  const from = window.from === undefined ? -Infinity : window.from.getTime();
  const to = window.to === undefined ? Infinity : window.to.getTime();
  let big: Map<number, BigSums> | undefined;
  for (let i = 0; i < n; i++) {
    const t = occurredAt[i]!;
    const c = customer[i]!;
    const u = amount[i]!;
    const k = kind[i]!;
    if (c >= customers) throw invalid(['customer', i], `${c} is not an index of customerIds`);
    if (!(t === t && t > -Infinity && t < Infinity)) throw invalid(['occurredAt', i], 'must be a finite instant');
    if (!(u >= 0 && u <= Number.MAX_SAFE_INTEGER && Math.floor(u) === u)) throw invalid(['amount', i], 'must be a non-negative safe integer of units');
    if (k > 2) throw invalid(['kind', i], 'must be 0 (purchase), 1 (refund) or 2 (return)');
    if (t > asOf || t < from || t >= to) continue;
    const o = c * STRIDE;
    if (acc[o + SEEN] === 2) addBig(big!.get(c)!, k, u);
    else {
      acc[o + SEEN] = 1;
      const field = k === 0 ? GROSS : REVERSED;
      const sum = acc[o + field]! + u;
      if (sum <= Number.MAX_SAFE_INTEGER) acc[o + field] = sum;
      else {
        // Rare: this customer's sums continue exactly in BigInt.
        const b = { gross: BigInt(acc[o + GROSS]!), reversed: BigInt(acc[o + REVERSED]!) };
        addBig(b, k, u);
        (big ??= new Map()).set(c, b);
        acc[o + SEEN] = 2;
      }
    }
    if (k === 0) {
      acc[o + PURCHASES]!++;
      if (t < acc[o + FIRST]!) acc[o + FIRST] = t;
      if (t > acc[o + LAST]!) acc[o + LAST] = t;
    } else acc[o + (k === 1 ? REFUNDS : RETURNS)]!++;
  }
  // Rows come out in customer-id order; a dictionary already in that order needs no sort.
  const order = isSortedByCodePoints(customerIds) ? undefined : sortIndexesByCodePoints(customerIds);
  const out: TransactionSummary[] = [];
  const zero = decimalFromUnits(0, scale);
  let previous: string | undefined;
  const bigDecimal = (units: bigint) => {
    const s = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
    return new Decimal(`${units < 0n ? '-' : ''}${scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`}`);
  };
  for (let j = 0; j < customers; j++) {
    const c = order === undefined ? j : order[j]!;
    const id = customerIds[c]!;
    if (id === previous) throw invalid(['customerIds', c], `repeats the id ${JSON.stringify(id)}`, 'DUPLICATE_ID');
    previous = id;
    const o = c * STRIDE;
    if (acc[o + SEEN] === 0) continue;
    const b = big?.get(c);
    let gross: Decimal;
    let reversed: Decimal;
    let net: Decimal;
    if (b === undefined) {
      // Decimals are immutable, so one zero serves every row without reversals, and then
      // the net amount is the gross amount itself (fewer objects for a million rows).
      const g = acc[o + GROSS]!;
      const r = acc[o + REVERSED]!;
      gross = g === 0 ? zero : decimalFromUnits(g, scale);
      reversed = r === 0 ? zero : decimalFromUnits(r, scale);
      net = r === 0 ? gross : g === 0 ? decimalFromUnits(-r, scale) : decimalFromUnits(g - r, scale);
    } else {
      gross = bigDecimal(b.gross);
      reversed = bigDecimal(b.reversed);
      net = bigDecimal(b.gross - b.reversed);
    }
    const first = acc[o + FIRST]!;
    out.push({
      customerId: id,
      currency: columns.currency,
      firstPurchaseAt: first === Infinity ? null : new Date(first),
      lastPurchaseAt: first === Infinity ? null : new Date(acc[o + LAST]!),
      purchaseCount: acc[o + PURCHASES]!,
      refundCount: acc[o + REFUNDS]!,
      returnCount: acc[o + RETURNS]!,
      grossAmount: gross,
      reversedAmount: reversed,
      netAmount: net,
    });
  }
  return out;
}
