// Complaint benchmark: the cost of one SDK `complaints.appendEvents` of one event on a log
// of 100,000 events, on the memory adapter and on PGlite, against its peer measured in the
// same run: the same append on a log of 1 event (a complaint just opened). Target: at most
// 2× (appending reads the log's head, never the log). For scale, the cost of reading the
// whole long log once (`complaints.events`) is printed too.
import { PGlite } from '@electric-sql/pglite';
import { parseComplaint, parseComplaintEvent } from '../../packages/core/dist/index.js';
import { createKehu } from '../../packages/sdk/dist/index.js';
import { createMemoryStorage } from '../../packages/storage-memory/dist/index.js';
import { createPostgresStorage, migrate } from '../../packages/storage-postgres/dist/index.js';

const N = Number(process.env.KEHU_BENCH_COMPLAINT_EVENTS || 100_000);
const BATCH = 10_000;
/** Appends measured per log length; the median is reported. */
const RUNS = Number(process.env.KEHU_BENCH_COMPLAINT_RUNS || 40);
const T0 = Date.UTC(2026, 0, 5, 1);
const fmt = (n) => n.toLocaleString('en-US');
const ms = (x) => `${x.toFixed(3)} ms`;

const complaint = (id) =>
  parseComplaint({
    id,
    customerId: 'c-1',
    content: 'The delivery arrived damaged. 货物破损。',
    occurredAt: new Date(T0 - 3_600_000),
    receivedAt: new Date(T0),
    channel: 'phone',
    severity: 'normal',
  });

/** Event `i` of a long log (seconds after T0): acknowledged first, then reassignments. */
const event = (i) =>
  parseComplaintEvent(
    i === 1
      ? { type: 'acknowledged', at: new Date(T0 + 1000), actor: 'agent-1' }
      : { type: 'assigned', at: new Date(T0 + i * 1000), actor: 'agent-1', assignee: `agent-${i % 7}` },
  );

/** Opens `k-long` and fills its log to `N` events through the storage, `BATCH` events per append. */
async function fill(storage) {
  await storage.complaints.open(complaint('k-long'), 'agent-1');
  let version = 1;
  while (version < N) {
    const batch = [];
    for (let i = version; i < Math.min(N, version + BATCH); i++) batch.push(event(i));
    await storage.complaints.appendEvents('k-long', version, batch);
    version += batch.length;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function time(f) {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** Median cost of one SDK append of one event at log length 1 (a fresh complaint each time) and at `N`. */
async function measure(label, storage) {
  const started = performance.now();
  await fill(storage);
  const fillSeconds = (performance.now() - started) / 1000;
  // The log here is ten times the default events-per-complaint limit: the policy is raised for the measurement.
  const kehu = createKehu({ storage, requireKnownCustomers: false, limits: { maxEventsPerComplaint: 1_000_000 } });
  const short = [];
  const long = [];
  let longAt = N;
  // The first five rounds warm up and are not counted; the two lengths alternate so drift hits both alike.
  for (let r = 0; r < RUNS + 5; r++) {
    const id = `k-short-${r}`;
    await storage.complaints.open(complaint(id), 'agent-1');
    const one = parseComplaintEvent({ type: 'acknowledged', at: new Date(T0 + 1000), actor: 'agent-1' });
    const a = await time(() => kehu.complaints.appendEvents(id, [one]));
    const next = event(longAt++);
    const b = await time(() => kehu.complaints.appendEvents('k-long', [next]));
    if (r >= 5) {
      short.push(a);
      long.push(b);
    }
  }
  const readLog = await time(() => storage.complaints.events('k-long'));
  const ratio = median(long) / median(short);
  console.log(
    `${label}: one appendEvents at ${fmt(N)} events ${ms(median(long))} · at 1 event ${ms(median(short))} · ` +
      `${ratio.toFixed(2)}× (target ≤ 2×: ${ratio <= 2 ? 'met' : 'NOT met'}); ` +
      `reading the whole log once ${ms(readLog)}; filled in ${fillSeconds.toFixed(1)} s`,
  );
}

export async function runComplaintsBench() {
  console.log(`one complaint event appended through the SDK, median of ${RUNS}, at log lengths 1 and ${fmt(N)}`);
  const memory = createMemoryStorage();
  try {
    await measure('memory  ', memory);
  } finally {
    await memory.close();
  }
  const db = new PGlite();
  try {
    await migrate(db, { schema: 'bench' });
    const storage = createPostgresStorage({ client: db, schema: 'bench' });
    await measure('PGlite  ', storage);
    await storage.close();
  } finally {
    await db.close();
  }
}
