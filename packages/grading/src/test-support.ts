/**
 * Helpers the grading tests share. Not exported from the package index; free of vitest so that any test may import it.
 */
import { Decimal, type TransactionSummary } from '@kehu/core';

/** A customer's summary with one purchase and the net amount `net` (gross is its absolute value). */
export function summaryRow(customerId: string, net: string | number, currency = 'CNY'): TransactionSummary {
  return {
    customerId,
    currency,
    firstPurchaseAt: new Date(0),
    lastPurchaseAt: new Date(0),
    purchaseCount: 1,
    refundCount: 0,
    returnCount: 0,
    grossAmount: new Decimal(net).abs(),
    reversedAmount: new Decimal(0),
    netAmount: new Decimal(net),
  };
}
