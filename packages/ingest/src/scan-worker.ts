/**
 * Worker-thread entry of the parallel CSV scan: scans the byte range in `workerData`
 * with {@link scanRange} and posts the result back, its buffers transferred (not copied).
 * Used for large files on machines with two or more CPUs: the file is split at newlines
 * and the parts scanned on several cores (see `transactions-csv.ts` for the measurements).
 * Built by tsup next to `bin.js`.
 */
import { closeSync, openSync } from 'node:fs';
import { KehuValidationError } from '@kehu/core';
import { parentPort, workerData } from 'node:worker_threads';
import { CustomerTable } from './customer-table.js';
import { scanRange, type RangeConfig } from './scan-range.js';
import type { WorkerReply, WorkerTask } from './scan-protocol.js';

const task = workerData as WorkerTask;
const port = parentPort!;
try {
  const fd = openSync(task.path, 'r');
  try {
    const config: RangeConfig = task.config;
    const result = scanRange(fd, task.start, task.end, config, (bytes) =>
      port.postMessage({ type: 'progress', bytes } satisfies WorkerReply),
    );
    const table = result.table.toData();
    const reply: WorkerReply = {
      type: 'done',
      rows: result.rows,
      bad: result.bad,
      badRows: result.badRows,
      lines: result.lines,
      table,
    };
    port.postMessage(reply, CustomerTable.transferables(table));
  } finally {
    closeSync(fd);
  }
} catch (error) {
  port.postMessage({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
    ...(error instanceof KehuValidationError
      ? { validation: { code: error.code, issues: error.issues.map((i) => ({ ...i, path: [...i.path] })) } }
      : {}),
  } satisfies WorkerReply);
}
