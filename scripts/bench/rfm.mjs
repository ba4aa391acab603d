// RFM benchmark: `kehu rfm` on N transactions of N/10 customers against DuckDB
// doing the same from the same CSV (the same columns: RFM scores, segment and grade), each in its own process, wall
// time and peak memory from /usr/bin/time; then the in-process figures (in-process.mjs).
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SAMPLE_TRANSACTION_CSV_COLUMNS, sampleTransactionCsv } from '../../packages/sample-data/dist/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const N = Number(process.env.KEHU_BENCH_RFM_ROWS || 10_000_000);
const CUSTOMERS = Math.max(1, Math.floor(N / 10));
const AS_OF = '2026-06-30';
const dir = `${root}.bench`;
const file = `${dir}/transactions-${N}.csv`;
const fmt = (n) => n.toLocaleString('en-US');

/** The CSV: @kehu/sample-data's transaction stream of seed 42 (N rows over two years, about 3% refunds). */
async function generate() {
  if (existsSync(file) && statSync(file).size > 0) return;
  mkdirSync(dir, { recursive: true });
  console.log(`generating ${fmt(N)} transactions of ${fmt(CUSTOMERS)} customers into ${file} …`);
  const out = createWriteStream(file);
  let chunk = `${SAMPLE_TRANSACTION_CSV_COLUMNS.join(',')}\n`;
  for (const line of sampleTransactionCsv({ seed: 42, rows: N, customers: CUSTOMERS })) {
    chunk += line;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise((r) => out.on('finish', r));
}

function run(label, args) {
  const out = execFileSync(
    'bash',
    ['-c', `/usr/bin/time -f 'KEHU_TIME %e %M' ${args.map((a) => `'${a}'`).join(' ')} 2>&1 >/dev/null | tail -n 1`],
    { cwd: root, encoding: 'utf8' },
  );
  const m = /KEHU_TIME ([\d.]+) (\d+)/.exec(out);
  if (!m) throw new Error(`${label}: no timing in ${out}`);
  return { seconds: Number(m[1]), peakMiB: Number(m[2]) / 1024 };
}

export async function runRfmBench() {
  await generate();
  const kehu = run('kehu rfm', [
    'node',
    'packages/cli/dist/bin.js',
    'rfm',
    file,
    '--as-of',
    AS_OF,
    '--out',
    `${dir}/kehu-scores.csv`,
  ]);
  const duck = run('duckdb', ['node', 'scripts/bench/duckdb-rfm.mjs', file, AS_OF, `${dir}/duckdb-scores.csv`]);
  const rfmOnly = run('duckdb rfm-only', [
    'node',
    'scripts/bench/duckdb-rfm.mjs',
    file,
    AS_OF,
    `${dir}/duckdb-rfm-only.csv`,
    'rfm-only',
  ]);
  const ratio = kehu.seconds / duck.seconds;
  console.log(
    `kehu rfm: ${fmt(N)} rows in ${kehu.seconds.toFixed(1)} s, peak ${kehu.peakMiB.toFixed(0)} MiB · ` +
      `DuckDB, same columns (RFM, segment, grade): ${duck.seconds.toFixed(1)} s, peak ${duck.peakMiB.toFixed(0)} MiB`,
  );
  console.log(
    `kehu rfm at ${ratio.toFixed(2)}× DuckDB's wall time ` +
      `(target ≤ 1×: ${ratio <= 1 ? 'met' : 'NOT met'}; goal 0.5×: ${ratio <= 0.5 ? 'met' : 'not met'}) · ` +
      `peak memory target < 3 GB: ${kehu.peakMiB < 3072 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `for reference, DuckDB writing the RFM columns only (no segment, no grade): ${rfmOnly.seconds.toFixed(1)} s ` +
      `(kehu rfm at ${(kehu.seconds / rfmOnly.seconds).toFixed(2)}× that)`,
  );
  // In-process figures in a process of their own (ten million transaction objects need a large heap).
  execFileSync('node', ['--max-old-space-size=12000', '--expose-gc', 'scripts/bench/in-process.mjs'], {
    cwd: root,
    stdio: 'inherit',
  });
}
