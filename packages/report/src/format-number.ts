/** One formatter per number of decimals: plain digits, no grouping, no exponent, no "-0". */
const formatters = new Map<number, Intl.NumberFormat>();

function formatter(decimals: number): Intl.NumberFormat {
  let f = formatters.get(decimals);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', {
      useGrouping: false,
      maximumFractionDigits: decimals,
      signDisplay: 'negative',
    });
    formatters.set(decimals, f);
  }
  return f;
}

/**
 * A number for a reader: at most `decimals` decimal places (default 2), trailing zeros dropped, no float noise
 * (0.1 + 0.2 shows as 0.3), no exponent, a minus sign only for a value that is negative after rounding. Digits are
 * not grouped, so the text copies into a spreadsheet as a number.
 */
export function formatNumber(value: number, decimals = 2): string {
  return formatter(decimals).format(value);
}

/** A share (0..1) as a percentage with at most `decimals` decimal places (default 1): 0.8 → "80". */
export function formatPercent(share: number, decimals = 1): string {
  return formatNumber(share * 100, decimals);
}
