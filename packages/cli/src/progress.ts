import type { TextOutput } from './io.js';

/** Reports the progress of one long step. */
export interface Progress {
  /** Sets how far the step is. */
  update(done: number): void;
  /** Ends the step. */
  finish(): void;
}

/**
 * Progress of a step on `out`, as `label done/total unit` (`reading a.csv 12/340 MB`): on a
 * terminal one line rewritten in place; otherwise a line at every quarter, so logs stay short.
 * `done` and `total` count in `unit` (none: items).
 */
export function startProgress(out: TextOutput, label: string, total: number, unit = ''): Progress {
  let lastQuarter = -1;
  const suffix = unit === '' ? '' : ` ${unit}`;
  const line = (done: number) => `${label} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}${suffix}`;
  return {
    update(done) {
      if (out.isTTY) {
        out.write(`\r${line(done)}`);
        return;
      }
      const quarter = total === 0 ? 4 : Math.floor((done / total) * 4);
      if (quarter > lastQuarter && quarter < 4) {
        lastQuarter = quarter;
        out.write(`${line(done)}\n`);
      }
    },
    finish() {
      out.write(out.isTTY ? `\r${line(total)}\n` : `${line(total)}\n`);
    },
  };
}

const MB = 1_000_000;

/** {@link startProgress} for reading `file` of `bytes` bytes, counted in MB; `update` takes the bytes read. */
export function startReadProgress(out: TextOutput, file: string, bytes: number): Progress {
  const progress = startProgress(out, `reading ${file}`, Math.ceil(bytes / MB), 'MB');
  return { update: (read) => progress.update(Math.ceil(read / MB)), finish: () => progress.finish() };
}
