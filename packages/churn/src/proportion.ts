/**
 * The critical value of a confidence level, for the rates of the churn report and the risk score's calibration
 * table; the intervals themselves are `@kehu/core`'s `wilsonInterval`.
 */
import { invalidInput, normalQuantile } from '@kehu/core';

/**
 * The two-sided normal critical value z_{1-α/2} of a confidence level (0.95 → 1.959964).
 *
 * @param level - the confidence level, 0 < level < 1
 * @param path - where the level came from, for the error
 * @throws KehuValidationError at `path` when the level is not strictly between 0 and 1
 */
export function criticalValue(level: number, path: readonly (string | number)[] = ['level']): number {
  if (typeof level !== 'number' || !(level > 0 && level < 1))
    throw invalidInput(path, `a confidence level must be strictly between 0 and 1, got ${String(level)}`);
  return normalQuantile(1 - (1 - level) / 2);
}
