import type { Label } from '@kehu/core';
import type { PlanContext } from './context.js';
import type { CadencePolicy } from './policy.js';
import { admit, type DemandSink, emit } from './sink.js';
import type { CustomerHistory, RevisitPurpose } from './types.js';
import { dateText, type OverdueSlot, planMemo, remember, windowDemand } from './window.js';

type PostPurchaseWindow = CadencePolicy['postPurchase']['windows'][number];

const UNITS: Record<string, Label> = {
  day: { en: 'days', zh: '天' },
  week: { en: 'weeks', zh: '周' },
  month: { en: 'months', zh: '个月' },
  year: { en: 'years', zh: '年' },
};

/**
 * A post-purchase window's span in words: from its name when it reads as one (`1-week` → "1 week", `4-6-months`
 * → "4-6 months"), otherwise from its days ("7-10 days").
 */
function spanOf(name: string, fromDays: number, toDays: number): Label {
  const m = /^(\d+(?:-\d+)?)-(day|week|month|year)s?$/.exec(name);
  if (m !== null) {
    const n = m[1] as string;
    const unit = UNITS[m[2] as string] as Label;
    return { en: `${n} ${n === '1' ? unit.en.slice(0, -1) : unit.en}`, zh: `${n} ${unit.zh}` };
  }
  const n = fromDays === toDays ? `${fromDays}` : `${fromDays}-${toDays}`;
  return { en: `${n} days`, zh: `${n} 天` };
}

const RULES = ['CA-2'] as const;

const SPANS = new WeakMap<readonly PostPurchaseWindow[], readonly Label[]>();

/** The spans in words of a policy's windows, computed once per policy. */
function spansOf(windows: readonly PostPurchaseWindow[]): readonly Label[] {
  let spans = SPANS.get(windows);
  if (spans === undefined) {
    spans = windows.map((w) => spanOf(w.name, w.fromDays, w.toDays));
    SPANS.set(windows, spans);
  }
  return spans;
}

/** A window's key suffix and reason (and its overdue variant), the same for every customer with the same start. */
interface Texts extends OverdueSlot {
  readonly keySuffix: string;
  readonly reason: Label;
}

/** The most yearly calls after one series start whose texts a plan remembers by one number. */
const MAX_YEARLY = 4096;

/**
 * A plan's texts of the series windows (by series start day and window index) and of the yearly calls (by series
 * start day and call number), shared between customers.
 */
const memoOf = planMemo(() => ({ windows: new Map<number, Texts>(), yearly: new Map<number, Texts>() }));

/**
 * The local days on which a post-purchase series starts (rule CA-2): every purchase up to `asOf`, except one
 * within `repeatWithinDays` of the previous purchase (whether that one started a series or not): the customer is
 * used to the product. Ascending.
 */
export function seriesStarts(purchaseDays: readonly number[], repeatWithinDays: number): number[] {
  const starts: number[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const day of purchaseDays) {
    if (day - previous > repeatWithinDays) starts.push(day);
    previous = day;
  }
  return starts;
}

/**
 * The post-purchase demands of one customer (rule CA-2). Each series start `p` (see {@link seriesStarts}) gets
 * every policy window `[p + fromDays, p + toDays]`, preferred on `p + fromDays`, with the window's purpose (key
 * `customerId|post-purchase:<name>|<purchase date>`). The latest series start alone then gets the yearly calls
 * (a later series supersedes the yearly tail of earlier ones): on each `p + k * yearlyEveryDays` after the last
 * window's end, within `yearlyWindowDays` (key `customerId|post-purchase:yearly-<k>|<purchase date>`); of the
 * yearly calls that closed before the plan's start only the last one is evaluated. Purchases after `asOf` are not
 * read (they have not happened).
 */
export function postPurchaseDemands(
  history: CustomerHistory,
  ctx: PlanContext,
  contactDays: readonly number[],
  sink: DemandSink,
): void {
  const times = history.purchaseTimes;
  if (times.length === 0) return;
  const pp = ctx.policy.postPurchase;
  const { windows, repeatWithinDays } = pp;
  // The series starts of `seriesStarts`, found inline: each one's windows go out as it is found.
  let previous = Number.NEGATIVE_INFINITY;
  let last: number | undefined;
  for (const t of times) {
    if (t > ctx.asOfMs) continue;
    const day = ctx.localDay(t);
    if (day - previous > repeatWithinDays) {
      seriesWindows(history, ctx, contactDays, sink, windows, day);
      last = day;
    }
    previous = day;
  }
  const every = pp.yearlyEveryDays;
  if (every === null || last === undefined) return;
  yearlyCalls(history, ctx, contactDays, sink, last, every);
}

/** The policy windows of the series started on day `p`, each through the plan's common rules. */
function seriesWindows(
  history: CustomerHistory,
  ctx: PlanContext,
  contactDays: readonly number[],
  sink: DemandSink,
  windows: readonly PostPurchaseWindow[],
  p: number,
): void {
  const memo = memoOf(ctx).windows;
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i] as PostPurchaseWindow;
    const earliest = p + w.fromDays;
    const latest = p + w.toDays;
    if (!admit(earliest, latest, ctx, contactDays, sink)) continue;
    const code = p * windows.length + i;
    let texts = memo.get(code);
    if (texts === undefined) {
      const date = dateText(p);
      const span = spansOf(windows)[i] as Label;
      texts = remember(memo, code, {
        keySuffix: `|post-purchase:${w.name}|${date}`,
        reason: { en: `CA-2: ${span.en} after the purchase of ${date}`, zh: `CA-2：${date} 购买后 ${span.zh}回访` },
        overdueDay: Number.NaN,
        overdue: undefined,
      });
    }
    emitWindow(history, ctx, contactDays, sink, texts, earliest, latest, w.purpose);
  }
}

/** The yearly calls after the last window of the latest series start `p`, every `every` days. */
function yearlyCalls(
  history: CustomerHistory,
  ctx: PlanContext,
  contactDays: readonly number[],
  sink: DemandSink,
  p: number,
  every: number,
): void {
  const pp = ctx.policy.postPurchase;
  let lastTo = 0;
  for (const w of pp.windows) if (w.toDays > lastTo) lastTo = w.toDays;
  const width = pp.yearlyWindowDays;
  const start = Math.max(ctx.fromDay, ctx.todayDay);
  // First call after the last window's end; then the last one whose window closes before the plan's start.
  const firstK = Math.floor(lastTo / every) + 1;
  const lastPassedK = Math.ceil((start - width - p) / every) - 1;
  const memo = memoOf(ctx).yearly;
  for (let k = Math.max(firstK, lastPassedK); p + k * every <= ctx.toDay; k++) {
    const a = p + k * every;
    if (!admit(a, a + width, ctx, contactDays, sink)) continue;
    const code = k >= 0 && k < MAX_YEARLY ? p * MAX_YEARLY + k : Number.NaN;
    let texts = memo.get(code);
    if (texts === undefined) {
      const date = dateText(p);
      texts = {
        keySuffix: `|post-purchase:yearly-${k}|${date}`,
        reason: {
          en: `CA-2: yearly call (${dateText(a)}) after the purchase of ${date}`,
          zh: `CA-2：${date} 购买后的年度回访（${dateText(a)}）`,
        },
        overdueDay: Number.NaN,
        overdue: undefined,
      };
      if (!Number.isNaN(code)) remember(memo, code, texts);
    }
    emitWindow(history, ctx, contactDays, sink, texts, a, a + width, undefined);
  }
}

/**
 * Emits the post-purchase window `[earliest, latest]` of the customer, preferred on its first day, with its texts
 * and `purpose` (the policy's post-purchase style when `undefined`).
 */
function emitWindow(
  history: CustomerHistory,
  ctx: PlanContext,
  contactDays: readonly number[],
  sink: DemandSink,
  texts: Texts,
  earliest: number,
  latest: number,
  purpose: RevisitPurpose | undefined,
): void {
  const spec = {
    keySuffix: texts.keySuffix,
    customerId: history.customer.id,
    kind: 'post-purchase' as const,
    rules: RULES,
    reason: texts.reason,
    purpose,
    earliest,
    due: earliest,
    latest,
  };
  emit(windowDemand(spec, ctx, contactDays, texts), sink);
}
