import type { KehuErrorCode, ValidationIssue } from '@kehu/core';
import type { CustomerTableData } from './customer-table.js';
import type { BadRow, RangeConfig } from './scan-range.js';

/** What the main thread gives a scan worker (its `workerData`). */
export interface WorkerTask {
  /** The CSV file. */
  path: string;
  /** First byte of the range (a line start). */
  start: number;
  /** End of the range (after a newline, or the file size). */
  end: number;
  /** Columns, window and bad-row limit. */
  config: RangeConfig;
}

/** Messages a scan worker posts: progress now and then, then its result or an error. */
export type WorkerReply =
  | { type: 'progress'; bytes: number }
  | { type: 'done'; rows: number; bad: number; badRows: BadRow[]; lines: number; table: CustomerTableData }
  | {
      type: 'error';
      message: string;
      /** Set when the worker threw a validation error: its code and issues, so the main thread rethrows it. */
      validation?: { code: KehuErrorCode; issues: ValidationIssue[] };
    };
