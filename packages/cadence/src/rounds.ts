import { dayNumber, type Label } from '@kehu/core';
import type { PlanContext } from './context.js';
import { admit, type DemandSink, emit } from './sink.js';
import type { CustomerHistory, PlanRound } from './types.js';
import { windowDemand } from './window.js';

const RULES = ['CA-8'] as const;

/**
 * A deterministic day for a customer inside a round's window `[from, to]` (rule CA-8): `from` plus the customer
 * id's 32-bit FNV-1a hash modulo the window's length, so that a round's calls spread over its window instead of
 * all landing on its first day. The same id and window always give the same day.
 */
export function roundDay(customerId: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) {
    h ^= customerId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return from + ((h >>> 0) % (to - from + 1));
}

/**
 * The round demands of one customer (rule CA-8): every round of the plan whose tiers include the customer's tier
 * (every customer when the round lists none; an ungraded customer only then) asks for a call in the round's
 * window, preferred on {@link roundDay}, with the round's purpose and channel. Key `customerId|round|<round id>`.
 */
export function roundDemands(
  history: CustomerHistory,
  ctx: PlanContext,
  contactDays: readonly number[],
  sink: DemandSink,
): void {
  const rounds = ctx.rounds;
  if (rounds.length === 0) return;
  const { customer } = history;
  const { tier } = customer;
  const windows = windowsOf(rounds);
  for (let i = 0; i < rounds.length; i++) {
    const round = rounds[i] as PlanRound;
    if (round.tiers !== undefined && (tier === undefined || !round.tiers.includes(tier))) continue;
    const { from, to, reason, keySuffix } = windows[i] as RoundWindow;
    if (!admit(from, to, ctx, contactDays, sink)) continue;
    emit(
      windowDemand(
        {
          keySuffix,
          customerId: customer.id,
          kind: 'round',
          rules: RULES,
          reason,
          purpose: round.purpose,
          channel: round.channel,
          earliest: from,
          due: roundDay(customer.id, from, to),
          latest: to,
        },
        ctx,
        contactDays,
      ),
      sink,
    );
  }
}

/** A round's window as day numbers, its key suffix and its reason, the same for every customer. */
interface RoundWindow {
  readonly from: number;
  readonly to: number;
  readonly keySuffix: string;
  readonly reason: Label;
}

const WINDOWS = new WeakMap<readonly PlanRound[], readonly RoundWindow[]>();

/** The windows of a plan's rounds, computed once per plan (its context's list of rounds). */
function windowsOf(rounds: readonly PlanRound[]): readonly RoundWindow[] {
  let windows = WINDOWS.get(rounds);
  if (windows === undefined) {
    windows = rounds.map((round) => {
      const label = round.label;
      return {
        from: dayNumber(round.from),
        to: dayNumber(round.to),
        keySuffix: `|round|${round.id}`,
        reason: {
          en: `CA-8: round ${label === undefined ? round.id : label.en}, ${round.from}..${round.to}`,
          zh: `CA-8：回访轮次 ${label === undefined ? round.id : label.zh}，${round.from} 至 ${round.to}`,
        },
      };
    });
    WINDOWS.set(rounds, windows);
  }
  return windows;
}
