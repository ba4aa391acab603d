import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The PostgreSQL server of a benchmark: KEHU_BENCH_DATABASE_URL or KEHU_TEST_DATABASE_URL, else a throw-away
 * server started by scripts/start-postgres.sh.
 */
export function serverUrl() {
  const url = process.env.KEHU_BENCH_DATABASE_URL || process.env.KEHU_TEST_DATABASE_URL;
  if (url) return url;
  const script = fileURLToPath(new URL('../start-postgres.sh', import.meta.url));
  console.log('starting a throw-away PostgreSQL server (scripts/start-postgres.sh)…');
  return execFileSync('bash', [script], {
    env: { ...process.env, KEHU_PG_PORT: process.env.KEHU_PG_PORT || '54339' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}
