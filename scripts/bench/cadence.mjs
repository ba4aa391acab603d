// Cadence benchmark (issue 15, "Performance"): a 90-day revisit plan for 1,000,000 customers
// (KEHU_BENCH_CADENCE_CUSTOMERS) with two years of history each (about 6 purchases and 6 contacts, generated on the
// fly from a seed), 1,000 owners with a daily capacity of 40, on the mainland China calendar (Mid-Autumn and
// National Day inside the plan), streamed through `createRevisitPlanner` one customer at a time (target < 5 s).
// Prints the wall time, tasks, late tasks and the heap before, during (peak sampled) and after. The named peer,
// measured in the same run: a naive placement (per-day arrays of task objects, a linear search for free days,
// Date objects, a comparator sort) of the same merged tasks for a 50,000-customer subset, printed as a ratio to
// Kehu's whole plan of that subset. Asserts nothing. Needs `pnpm build` (packages/cadence/dist);
// KEHU_BENCH_CADENCE_MODULE names another build of the package to load instead.
import { pathToFileURL } from 'node:url';
import * as calendarPkg from '../../packages/calendar/dist/index.js';
import { seededRandom } from '../../packages/core/dist/index.js';

const N = Number(process.env.KEHU_BENCH_CADENCE_CUSTOMERS || 1_000_000);
const SUBSET = Math.min(N, 50_000);
const OWNERS = 1_000;
const CAPACITY = 40;
const DAY_MS = 86_400_000;
const fmt = (n) => n.toLocaleString('en-US');
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const met = (ok) => (ok ? 'met' : 'NOT met');

const TIERS = ['diamond', 'gold', 'silver', 'silver', 'regular', 'regular', 'regular', 'regular'];
const asOf = new Date('2026-09-01T01:00:00Z');
const from = '2026-09-01';
const to = '2026-11-29';
const historyStart = asOf.getTime() - 730 * DAY_MS;

/** Customer `i`'s history, generated on the fly (ids zero-padded: numeric order is code-point order). */
function history(i, rand) {
  const id = `c${String(i).padStart(7, '0')}`;
  const created = historyStart - Math.floor(rand() * 365) * DAY_MS;
  const times = (count) => {
    const out = [];
    for (let k = 0; k < count; k++) out.push(historyStart + Math.floor(rand() * 730 * DAY_MS));
    return out.sort((a, b) => a - b);
  };
  const person = rand() < 0.6;
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  return {
    customer: {
      id,
      ownerId: `o${String(i % OWNERS).padStart(4, '0')}`,
      tier: TIERS[Math.floor(rand() * TIERS.length)],
      createdAt: new Date(i % 50 === 0 ? asOf.getTime() - 20 * DAY_MS : created),
      kind: person ? 'person' : 'organization',
      ...(person && rand() < 0.7
        ? { birthday: `--${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` }
        : {}),
    },
    contactTimes: times(3 + Math.floor(rand() * 7)),
    contactFollowUps: [],
    purchaseTimes: times(3 + Math.floor(rand() * 7)),
    callbacks: [],
    winBacks: [],
    followUps: [],
    visits: [],
  };
}

const owners = Array.from({ length: OWNERS }, (_, k) => ({
  id: `o${String(k).padStart(4, '0')}`,
  dailyCapacity: CAPACITY,
  ...(k % 20 === 0
    ? { leave: [{ from: '2026-09-14', to: '2026-09-18', coverId: `o${String(k + 1).padStart(4, '0')}` }] }
    : {}),
}));

/** Plans `customers` customers, streaming the skipped entries out (counted, not kept: about ten per customer). */
function planWith(cadence, calendar, customers, onSample) {
  let skipped = 0;
  const onSkipped = () => {
    skipped++;
  };
  const planner = cadence.createRevisitPlanner(undefined, { from, to, asOf, calendar, owners, onSkipped });
  const rand = seededRandom(42).next; // the same customers every run
  // The planner's time is measured around its own calls: generating the benchmark's histories is not planning.
  let adding = 0;
  for (let i = 0; i < customers; i++) {
    const h = history(i, rand);
    const a = performance.now();
    planner.add(h);
    adding += performance.now() - a;
    if (onSample !== undefined && i % 100_000 === 99_999) onSample();
  }
  const t1 = performance.now();
  const table = planner.finish();
  const t2 = performance.now();
  return { table, skipped, addSeconds: adding / 1000, finishSeconds: (t2 - t1) / 1000 };
}

/**
 * The naive peer: objects, Date arithmetic, per-day arrays, a linear search for a free day. It reads each task's
 * preferred day from the engine state behind the table (`source.due`, internal: the table's columns have the
 * placed day only).
 */
function naivePlace(table, calendar) {
  const preferred = table.source.due;
  const tasks = [];
  for (let r = 0; r < table.length; r++)
    tasks.push({
      customerId: table.customerIds[r],
      ownerId: table.ownerIds[r],
      due: new Date(preferred[table.tasks[r]] * DAY_MS),
      earliest: new Date(table.earliestDays[r] * DAY_MS),
      latest: new Date(table.latestDays[r] * DAY_MS),
      score: table.scores[r],
    });
  const t0 = performance.now();
  tasks.sort((a, b) => b.score - a.score || a.due - b.due || (a.customerId < b.customerId ? -1 : 1));
  const start = new Date(`${from}T00:00:00Z`);
  const workingCache = new Map();
  const working = (date) => {
    const iso = date.toISOString().slice(0, 10);
    let w = workingCache.get(iso);
    if (w === undefined) {
      w = calendarPkg.dayInfo(calendar, iso).working;
      workingCache.set(iso, w);
    }
    return w;
  };
  const days = new Map(owners.map((o) => [o.id, []]));
  const free = (ownerId, date) => {
    const index = Math.round((date - start) / DAY_MS);
    const list = days.get(ownerId);
    while (list.length <= index) list.push([]);
    return working(date) && list[index].length < CAPACITY ? list[index] : null;
  };
  let late = 0;
  for (const t of tasks) {
    let slot = null;
    for (let d = new Date(t.due); slot === null && d <= t.latest; d = new Date(d.getTime() + DAY_MS))
      slot = free(t.ownerId, d);
    for (let d = new Date(t.due.getTime() - DAY_MS); slot === null && d >= t.earliest && d >= start; ) {
      slot = free(t.ownerId, d);
      d = new Date(d.getTime() - DAY_MS);
    }
    if (slot === null) late++;
    for (let d = new Date(t.latest.getTime() + DAY_MS); slot === null; d = new Date(d.getTime() + DAY_MS))
      slot = free(t.ownerId, d);
    slot.push(t);
  }
  return { seconds: (performance.now() - t0) / 1000, late };
}

export async function runCadenceBench() {
  const cadencePath =
    process.env.KEHU_BENCH_CADENCE_MODULE || new URL('../../packages/cadence/dist/index.js', import.meta.url).pathname;
  const cadence = await import(pathToFileURL(cadencePath).href);
  if (typeof cadence.createRevisitPlanner !== 'function') {
    console.log('  skipped: createRevisitPlanner not exported by packages/cadence/dist yet');
    return;
  }
  const calendar = calendarPkg.chinaCalendar();
  console.log(
    `planning ${from}..${to} for ${fmt(N)} customers (two years of history each), ${fmt(OWNERS)} owners × ${CAPACITY}`,
  );
  // Warm-up on a small subset (JIT), then the measured run.
  planWith(cadence, calendar, 2_000);
  globalThis.gc?.();
  // The plan's columns are typed arrays, outside the JS heap: memory is the heap plus the array buffers.
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  let peak = before;
  const sample = () => {
    peak = Math.max(peak, used());
  };
  const t0 = performance.now();
  const { table, skipped, addSeconds, finishSeconds } = planWith(cadence, calendar, N, sample);
  const wall = (performance.now() - t0) / 1000;
  const seconds = addSeconds + finishSeconds;
  sample();
  // With --expose-gc, the heap after is what the table keeps.
  globalThis.gc?.();
  const after = used();
  const r = table.report;
  console.log(
    `  Kehu: ${seconds.toFixed(2)} s planning (target < 5 s: ${met(seconds < 5)}; ${wall.toFixed(2)} s with the ` +
      `benchmark generating the histories); ${fmt(table.length)} tasks, ` +
      `${fmt(r.late)} late ` +
      `(${fmt(r.pastPlan)} past the plan), ${fmt(r.reassigned)} reassigned, ${fmt(skipped)} skipped (streamed out)`,
  );
  console.log(
    `  of which: add (history → demands → merged tasks) ${addSeconds.toFixed(2)} s, finish (placement, row order, ` +
      `typed columns, report; ids and string columns are made on first read) ${finishSeconds.toFixed(2)} s`,
  );
  console.log(
    `  memory (heap + array buffers): ${mb(before)} before, ${mb(peak)} peak (sampled), ${mb(after)} after ` +
      `(${(Math.max(0, after - before) / Math.max(1, table.length)).toFixed(0)} bytes per task)`,
  );
  const explained = cadence.revisitTaskAt(table, Math.floor(table.length / 2));
  console.log(`  a row: ${explained.dueDate} ${explained.customerId} — ${explained.placement.explanation.en}`);

  // The named peer on a subset: the naive placement of Kehu's merged tasks against Kehu's `finish` (placement, row
  // order, ids and report). Both start from the same merged tasks, which `add` made.
  const small = planWith(cadence, calendar, SUBSET);
  const naive = naivePlace(small.table, calendar);
  const whole = (small.addSeconds + small.finishSeconds) * 1000;
  console.log(
    `  peer on ${fmt(SUBSET)} customers (${fmt(small.table.length)} tasks): Kehu's finish ` +
      `${(small.finishSeconds * 1000).toFixed(0)} ms (whole plan ${whole.toFixed(0)} ms); ` +
      `naive placement alone ${(naive.seconds * 1000).toFixed(0)} ms (${fmt(naive.late)} late, leave ignored, vs ` +
      `Kehu's ${fmt(small.table.report.late)}): Kehu ${(naive.seconds / small.finishSeconds).toFixed(1)}× faster`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runCadenceBench();
