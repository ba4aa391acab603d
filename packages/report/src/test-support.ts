export { sampleModel } from '../../../tests/support/report-model.js';

/** The error `fn` throws (the test fails when it throws none). */
export function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}
