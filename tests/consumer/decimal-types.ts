// Type assertions a consumer of the packed @kehu/core relies on, checked by scripts/check-consumer.mjs under
// every module resolution, as ESM and as CommonJS: `Decimal` is a real class type, never `any` or a namespace.
import { Decimal, type DecimalInput, toDecimal } from '@kehu/core';

type IsAny<T> = 0 extends 1 & T ? true : false;

const notAny: IsAny<Decimal> = false;
const constructed: Decimal = new Decimal('0.1');
const converted: Decimal = toDecimal('0.2');
const sum: Decimal = constructed.plus(converted);
const input: DecimalInput = sum;

// @ts-expect-error a Decimal is not a number
const asNumber: number = toDecimal('1');
// @ts-expect-error a Decimal is not a string
const asString: string = new Decimal('1');
// @ts-expect-error a number is not a Decimal
const fromNumber: Decimal = 1;

if (notAny || sum.toString() !== '0.3' || !(toDecimal(input) instanceof Decimal)) {
  throw new Error('Decimal arithmetic in the consumer is wrong');
}
console.log(asNumber, asString, fromNumber);
