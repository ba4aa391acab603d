import type { RfmPolicy } from './options.js';

/**
 * Scores `n` items 1..bins by a value, higher value → higher score. `order` lists item
 * indexes sorted ascending by value (ties adjacent, broken by id); `same(a, b)` says whether
 * two items have equal values. Runs in O(n) after the sort.
 */
export function scoreSorted(
  order: ArrayLike<number>,
  same: (a: number, b: number) => boolean,
  bins: number,
  policy: Pick<RfmPolicy, 'quantile' | 'ties'>,
  out: Uint8Array,
): void {
  const n = order.length;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && same(order[i]!, order[j]!)) j++;
    // items order[i..j) share a value
    for (let k = i; k < j; k++) {
      let score: number;
      if (policy.quantile === 'ntile') {
        const position = policy.ties === 'split' ? k : i;
        score = ntile(position, n, bins);
      } else {
        const below = policy.quantile === 'mid-rank' ? i + (j - i - 1) / 2 : i;
        score = Math.min(bins, 1 + Math.floor((bins * below) / n));
      }
      out[order[k]!] = score;
    }
    i = j;
  }
}

/** SQL `NTILE(bins)` of the 0-based `position` among `n` rows: the first `n % bins` buckets get one row more. */
export function ntile(position: number, n: number, bins: number): number {
  const size = Math.floor(n / bins);
  const extra = n % bins;
  const big = extra * (size + 1);
  return position < big
    ? Math.floor(position / (size + 1)) + 1
    : extra + Math.floor((position - big) / Math.max(size, 1)) + 1;
}
