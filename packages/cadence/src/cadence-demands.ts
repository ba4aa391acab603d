import type { Label } from '@kehu/core';
import type { PlanContext } from './context.js';
import { admit, type DemandSink, emit } from './sink.js';
import { firstAbove } from './sorted-search.js';
import type { CustomerHistory, Importance } from './types.js';
import { dateText, type OverdueSlot, planMemo, remember, windowDemand } from './window.js';

const IMPORTANCE_LABEL: Record<Importance, Label> = {
  important: { en: 'important', zh: '重要' },
  general: { en: 'general', zh: '一般' },
};

const RULES = ['CA-1'] as const;

/** What a chain element counts from: the last contact, the customer's creation, or the previous planned call. */
type AnchorKind = 'contact' | 'created' | 'planned';

const ANCHOR_CODE: Record<AnchorKind, number> = { contact: 0, created: 1, planned: 2 };

/** Days an anchor may lie from the creation day and still be remembered by one number (see {@link reasonOf}). */
const SPAN = 4096;

/**
 * A plan's key suffixes (by due day and whether new) and reasons (by importance, anchor kind and day; for new
 * customers also by the creation day), shared between customers.
 */
const memoOf = planMemo(() => ({
  suffixes: new Map<number, string>(),
  regular: new Map<number, Reason>(),
  fresh: new Map<number, Reason>(),
}));

/** A cadence reason shared between customers, with its last overdue variant. */
interface Reason extends OverdueSlot {
  readonly reason: Label;
}

function since(kind: AnchorKind, d: string): Label {
  if (kind === 'contact') return { en: `since the last contact on ${d}`, zh: `自 ${d} 的上次联系起` };
  if (kind === 'created') return { en: `since becoming a customer on ${d}`, zh: `自 ${d} 成为客户起` };
  return { en: `since the planned call of ${d}`, zh: `自 ${d} 的计划回访起` };
}

/**
 * The cadence demands of one customer (rule CA-1): "at least every N days" counted from the last completed contact
 * up to `asOf` (from `createdAt` when never contacted). The first call is due `everyDays` after that anchor, with
 * a window opening `earlyDays` before; each further call is due `everyDays` after the previous planned due date
 * (the date the demand asked for, before placement; an overdue call counts from the plan's start, its moved
 * date), while the due date is within the plan. While `createdAt + newCustomer.forDays` is after a call's due
 * date, the new-customer cadence (kind `new-customer`, every 14 days by default) applies instead of the
 * importance cadence. A call due before the plan's start is planned once, overdue at the start since the FIRST
 * missed due date however long ago ("at least every N days" is owed until a contact happens; its reason names the
 * last contact, and its key that first due date, so it stays the same task until someone calls): later calls of the
 * chain count from the start. Keys:
 * `customerId|cadence|dueDate` and `customerId|new-customer|dueDate`. `contactDays` are the sorted local days of
 * the completed contacts, one per entry of `history.contactTimes` (the last contact's day is read from them).
 */
export function cadenceDemands(
  history: CustomerHistory,
  ctx: PlanContext,
  importance: Importance,
  contactDays: readonly number[],
  sink: DemandSink,
): void {
  const { customer } = history;
  const { policy } = ctx;
  const regular = policy.cadence[importance];
  const fresh = policy.newCustomer;
  const createdDay = ctx.localDay(customer.createdAt.getTime());
  const newEnd = createdDay + fresh.forDays;
  const start = Math.max(ctx.fromDay, ctx.todayDay);
  // The index of the last contact up to asOf, or -1.
  const last = firstAbove(history.contactTimes, ctx.asOfMs) - 1;
  // Days given for fewer contacts than the history holds are not aligned with it: convert the last one here.
  const aligned = contactDays.length === history.contactTimes.length;
  let ref =
    last < 0
      ? createdDay
      : aligned
        ? (contactDays[last] as number)
        : ctx.localDay(history.contactTimes[last] as number);
  let refKind: AnchorKind = last < 0 ? 'created' : 'contact';
  // An overdue call names what it is owed since: the last contact (or becoming a customer), not a missed call.
  const owedSince = ref;
  const owedKind = refKind;
  for (;;) {
    // A missed call is described under the rule that holds at the plan's start: a customer who is no longer new is
    // owed the importance cadence, counted from the same anchor.
    const isNew = ref + fresh.everyDays < newEnd && (ref + fresh.everyDays >= start || start < newEnd);
    const every = isNew ? fresh.everyDays : regular.everyDays;
    const due = ref + every;
    if (due > ctx.toDay) break;
    const earliest = due - (isNew ? fresh.earlyDays : regular.earlyDays);
    // A missed cadence call never passes: the customer is owed a call until one happens (CA-1 "at least").
    if (!admit(earliest, due, ctx, contactDays, sink, true)) {
      // Closed before the plan's start (counted): the next call counts from this one's due date.
      ref = due;
      refKind = 'planned';
      continue;
    }
    const overdue = due < start;
    const reason = reasonOf(
      ctx,
      importance,
      isNew,
      every,
      createdDay,
      overdue ? owedKind : refKind,
      overdue ? owedSince : ref,
    );
    const kind = isNew ? 'new-customer' : 'cadence';
    const memo = memoOf(ctx);
    const suffixCode = due * 2 + (isNew ? 1 : 0);
    const keySuffix = memo.suffixes.get(suffixCode) ?? remember(memo.suffixes, suffixCode, `|${kind}|${dateText(due)}`);
    const outcome = emit(
      windowDemand(
        {
          keySuffix,
          customerId: customer.id,
          kind,
          rules: RULES,
          reason: reason.reason,
          earliest,
          due,
          latest: due,
          neverPasses: true,
        },
        ctx,
        contactDays,
        reason,
      ),
      sink,
    );
    const moved = outcome !== null && 'demand' in outcome && outcome.demand.due !== due;
    ref = moved ? outcome.demand.due : due;
    refKind = 'planned';
  }
}

/**
 * The reason of a cadence call, one label (with its overdue slot) per plan for the same inputs: the importance (or
 * the creation day of a new customer) and what the call counts from (its kind and day; the day's date is
 * written only when the label is new).
 */
function reasonOf(
  ctx: PlanContext,
  importance: Importance,
  isNew: boolean,
  every: number,
  createdDay: number,
  anchorKind: AnchorKind,
  anchorDay: number,
): Reason {
  const memo = memoOf(ctx);
  const fresh = ctx.policy.newCustomer;
  const offset = anchorDay - createdDay + SPAN;
  // A new customer's reason names the creation day too: remembered while the anchor is near it (always, in practice).
  const code = isNew
    ? offset >= 0 && offset < 2 * SPAN
      ? (createdDay * 2 * SPAN + offset) * 3 + ANCHOR_CODE[anchorKind]
      : Number.NaN
    : (anchorDay * 3 + ANCHOR_CODE[anchorKind]) * 2 + (importance === 'important' ? 1 : 0);
  const map = isNew ? memo.fresh : memo.regular;
  const known = map.get(code);
  if (known !== undefined) return known;
  const anchor = since(anchorKind, dateText(anchorDay));
  const reason: Label = isNew
    ? {
        en:
          `CA-1: new customer (since ${dateText(createdDay)}), every ${every} days during the first ` +
          `${fresh.forDays} days, ${anchor.en}`,
        zh: `CA-1：新客户（${dateText(createdDay)} 起）前 ${fresh.forDays} 天内每 ${every} 天回访，${anchor.zh}`,
      }
    : {
        en: `CA-1: ${IMPORTANCE_LABEL[importance].en} customer, at least every ${every} days, ${anchor.en}`,
        zh: `CA-1：${IMPORTANCE_LABEL[importance].zh}客户至少每 ${every} 天回访一次，${anchor.zh}`,
      };
  const entry: Reason = { reason, overdueDay: Number.NaN, overdue: undefined };
  return Number.isNaN(code) ? entry : remember(map, code, entry);
}
