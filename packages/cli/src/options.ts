import { parseInstant } from '@kehu/core';
import { InvalidArgumentError } from 'commander';

/** A commander parser for an integer option in `[min, max]`. */
export function integer(name: string, min: number, max: number): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    return n;
  };
}

/** A commander parser for a local date `YYYY-MM-DD`. */
export function localDate(value: string): string {
  // Core's instant rule with bare dates allowed: a date that exists, and nothing else.
  if (value.length !== 10 || parseInstant(value, { dateOnly: true }) === undefined) {
    throw new InvalidArgumentError('expected a date YYYY-MM-DD.');
  }
  return value;
}
