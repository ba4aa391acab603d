import { invalidColumns } from './columns-error.js';
import { decimalToUnits, MAX_UNIT_SCALE } from './scaled.js';
import type { Transaction, TransactionKind } from './transaction.js';

/** The codes of {@link TransactionColumns.kind}: 0 purchase, 1 refund, 2 return. */
export const TRANSACTION_KIND_CODES: Readonly<Record<TransactionKind, number>> = Object.freeze({
  purchase: 0,
  refund: 1,
  return: 2,
});

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

/**
 * Turns transactions of one currency into {@link TransactionColumns} at `scale` decimal
 * places (default 4). Throws `KehuValidationError` when a transaction has another
 * currency (path `[i, 'currency']`) or an amount with more places than `scale` or too
 * large for exact units (path `[i, 'amount']`). Pure.
 */
export function toTransactionColumns(
  transactions: readonly Transaction[],
  options: { currency: string; scale?: number },
): TransactionColumns {
  const scale = options.scale ?? 4;
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_UNIT_SCALE)
    throw invalidColumns(['scale'], `must be an integer 0..${MAX_UNIT_SCALE}`);
  const r = tryTransactionColumns(transactions, options.currency, scale);
  if (r.ok) return r.columns;
  throw r.at === 'currency'
    ? invalidColumns(
        [r.row, 'currency'],
        `is ${transactions[r.row]!.currency}, expected ${options.currency}`,
        'CURRENCY_MISMATCH',
      )
    : invalidColumns(
        [r.row, 'amount'],
        `${transactions[r.row]!.amount.toString()} is not a non-negative amount ` +
          `with at most ${scale} decimal places within 2^53 units`,
      );
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
  const columns: TransactionColumns = {
    currency,
    scale,
    customerIds,
    customer: new Uint32Array(n),
    occurredAt: new Float64Array(n),
    amount: new Float64Array(n),
    kind: new Uint8Array(n),
  };
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
