import * as z from 'zod';
import type { Decimal } from './decimal.js';
import { currencySchema, idSchema, instantCodec, nonNegativeDecimalCodec } from './codecs.js';
import { attributesSchema } from './json-value.js';
import { int32Schema } from './numbers.js';
import { encoderFor, parserFor } from './parse.js';
import { textSchema } from './text.js';

/**
 * Kind of sales record (rule AR-6): a purchase adds value; a refund or a return
 * reduces it and is never counted as a purchase.
 */
export const transactionKindSchema = z.enum(['purchase', 'refund', 'return']);
/** Kind of sales record. */
export type TransactionKind = z.infer<typeof transactionKindSchema>;

/** How the customer paid. */
export const paymentMethodSchema = z.enum(['cash', 'card', 'bank-transfer', 'alipay', 'wechat-pay', 'credit', 'other']);
/** How the customer paid. */
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

/**
 * A sales record (rule AR-6): customer, product or service, date, amount, payment
 * method; returns and refunds are records of their own kind. `amount` is the
 * non-negative size of the movement; `kind` gives its direction (see {@link signedAmount}).
 */
export const transactionSchema = z.strictObject({
  id: idSchema,
  customerId: idSchema,
  occurredAt: instantCodec,
  kind: transactionKindSchema.default('purchase'),
  amount: nonNegativeDecimalCodec,
  currency: currencySchema,
  product: textSchema.optional(),
  quantity: int32Schema.positive().optional(),
  paymentMethod: paymentMethodSchema.optional(),
  /** Sales channel, e.g. `store`, `online`, `distributor`. */
  channel: textSchema.optional(),
  /** For refunds and returns: the purchase they reverse. */
  relatesTo: idSchema.optional(),
  attributes: attributesSchema.default({}),
});

/** A sales record as the domain uses it. */
export type Transaction = z.output<typeof transactionSchema>;
/** What {@link parseTransaction} accepts. */
export type TransactionInput = z.input<typeof transactionSchema>;

/** Validates and decodes a transaction; throws `KehuValidationError` naming the bad field. */
export const parseTransaction = parserFor(transactionSchema, 'transaction');
/** Encodes a transaction as exact JSON. */
export const transactionToJson = encoderFor(transactionSchema, 'transaction');

/** The value a transaction adds: `amount` for a purchase, `-amount` for a refund or return (rule AR-6). */
export function signedAmount(t: Pick<Transaction, 'kind' | 'amount'>): Decimal {
  return t.kind === 'purchase' ? t.amount : t.amount.negated();
}
