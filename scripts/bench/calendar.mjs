// Calendar benchmark: addBusinessTime and businessTimeBetween, 1,000,000 calls
// each on the mainland China calendar, against a naive step-by-day implementation (each
// day's hours converted to instants with the zone's offset, the days walked one by one)
// measured in the same run on a sample and scaled per call.
import { tzOffset } from '@date-fns/tz';
import { addBusinessTime, businessTimeBetween, chinaCalendar } from '../../packages/calendar/dist/index.js';

const N = Number(process.env.KEHU_BENCH_CALENDAR_CALLS || 1_000_000);
const SAMPLE = Math.min(N, 20_000);
const H = 3_600_000;
const DAY = 86_400_000;
const fmt = (n) => n.toLocaleString('en-US');

const cal = chinaCalendar();
const spec = cal.spec;
const holidays = new Set(spec.holidays);
const workdays = new Set(spec.workdays);
const minutes = (s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
const week = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The naive peer: open intervals of one local day, computed afresh each time. */
function naiveDay(day) {
  const date = new Date(day * DAY).toISOString().slice(0, 10);
  const hours = workdays.has(date)
    ? spec.week.mon
    : holidays.has(date)
      ? []
      : (spec.week[week[new Date(day * DAY).getUTCDay()]] ?? []);
  return hours.map(([s, e]) => {
    const ls = day * DAY + minutes(s) * 60_000;
    const le = day * DAY + minutes(e) * 60_000;
    return [ls - tzOffset(spec.timeZone, new Date(ls)) * 60_000, le - tzOffset(spec.timeZone, new Date(le)) * 60_000];
  });
}
const localDay = (t) => Math.floor((t + tzOffset(spec.timeZone, new Date(t)) * 60_000) / DAY);
function naiveAdd(start, ms) {
  if (ms === 0) return start;
  let left = ms;
  for (let day = localDay(start); ; day++) {
    for (const [a, b] of naiveDay(day)) {
      const from = Math.max(a, start);
      if (from >= b) continue;
      if (b - from >= left) return from + left;
      left -= b - from;
    }
  }
}
function naiveBetween(a, b) {
  let total = 0;
  for (let day = localDay(a); day <= localDay(b); day++)
    for (const [s, e] of naiveDay(day)) total += Math.max(0, Math.min(e, b) - Math.max(s, a));
  return total;
}

let state = 7;
const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
const t0 = Date.UTC(2024, 0, 1);
const starts = Array.from(
  { length: N },
  () => new Date(t0 + Math.floor(next() * 2.9 * 365) * DAY + Math.floor(next() * 24 * 60) * 60_000),
);
const spans = Array.from({ length: N }, () => Math.floor(next() * 40) * H + Math.floor(next() * 60) * 60_000);
const ends = starts.map((s, i) => new Date(s.getTime() + spans[i] * 3));

function time(f) {
  const t = performance.now();
  f();
  return performance.now() - t;
}

export async function runCalendarBench() {
  addBusinessTime(cal, starts[0], spans[0]); // warm up: builds the years used
  for (let i = 0; i < 1000; i++) businessTimeBetween(cal, starts[i], ends[i]);
  const add = time(() => {
    for (let i = 0; i < N; i++) addBusinessTime(cal, starts[i], spans[i]);
  });
  const between = time(() => {
    for (let i = 0; i < N; i++) businessTimeBetween(cal, starts[i], ends[i]);
  });
  let mismatches = 0;
  const naiveAddMs = time(() => {
    for (let i = 0; i < SAMPLE; i++)
      if (naiveAdd(starts[i].getTime(), spans[i]) !== addBusinessTime(cal, starts[i], spans[i]).at.getTime())
        mismatches++;
  });
  const naiveBetweenMs = time(() => {
    for (let i = 0; i < SAMPLE; i++)
      if (naiveBetween(starts[i].getTime(), ends[i].getTime()) !== businessTimeBetween(cal, starts[i], ends[i]).ms)
        mismatches++;
  });
  const perCall = (ms, n) => (ms * 1000) / n;
  console.log(
    `addBusinessTime: ${fmt(N)} calls in ${(add / 1000).toFixed(2)} s ` +
      `(target < 1 s: ${add < 1000 ? 'met' : 'NOT met'}) · ` +
      `naive step-by-day: ${perCall(naiveAddMs, SAMPLE).toFixed(2)} µs a call (on ${fmt(SAMPLE)} calls), ` +
      `${(perCall(naiveAddMs, SAMPLE) / perCall(add, N)).toFixed(0)}× slower`,
  );
  console.log(
    `businessTimeBetween: ${fmt(N)} calls in ${(between / 1000).toFixed(2)} s ` +
      `(target < 1 s: ${between < 1000 ? 'met' : 'NOT met'}) · ` +
      `naive step-by-day: ${perCall(naiveBetweenMs, SAMPLE).toFixed(2)} µs a call, ` +
      `${(perCall(naiveBetweenMs, SAMPLE) / perCall(between, N)).toFixed(0)}× slower`,
  );
  console.log(
    `the naive peer and Kehu disagree on ${mismatches} of ${fmt(2 * SAMPLE)} sampled calls ` +
      '(China has no DST, so they must agree)',
  );
}
