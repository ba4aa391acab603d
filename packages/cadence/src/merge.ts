import type { Demand } from './types.js';

/**
 * Demands of one customer whose windows overlap, merged into one task (before placement): it carries every
 * component's rules and reasons, and its window is the intersection of theirs.
 */
export interface MergedDemand {
  readonly customerId: string;
  /** Set when the components name their own owner (a win-back's); otherwise the customer's owner does it. */
  readonly ownerId?: string | undefined;
  /** The merged demands, sorted by key. */
  readonly components: readonly Demand[];
  /** The intersection of the components' windows (inclusive day numbers); never empty. */
  readonly earliest: number;
  readonly latest: number;
  /** The preferred day: the highest-priority component's, clamped into the window. */
  readonly due: number;
  /** The highest priority points of the components. */
  readonly basePriority: number;
  /** The most days overdue of the components. */
  readonly overdueDays: number;
}

/**
 * Key order. Two demands of one customer compare as their key suffixes when both have one (the keys share the
 * customer id before them): the suffixes are shared strings, the keys are not.
 */
const byKey = (a: Demand, b: Demand): number => {
  const x = a.keySuffix !== undefined && b.keySuffix !== undefined && a.customerId === b.customerId;
  const p = x ? (a.keySuffix as string) : a.key;
  const q = x ? (b.keySuffix as string) : b.key;
  return p < q ? -1 : p > q ? 1 : 0;
};

const byWindow = (a: Demand, b: Demand): number => a.earliest - b.earliest || a.due - b.due || byKey(a, b);

/**
 * Sorts `xs` in place by `compare`: an insertion sort for the few demands of one customer (the engine's sort costs
 * more to set up than it saves there), the engine's sort beyond. Both are stable, so the order is the same.
 */
function sortDemands(xs: Demand[], compare: (a: Demand, b: Demand) => number): void {
  const n = xs.length;
  if (n > 16) {
    xs.sort(compare);
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = xs[i] as Demand;
    let j = i - 1;
    while (j >= 0 && compare(xs[j] as Demand, x) > 0) {
      xs[j + 1] = xs[j] as Demand;
      j--;
    }
    xs[j + 1] = x;
  }
}

function group(components: Demand[], earliest: number, latest: number): MergedDemand {
  sortDemands(components, byKey);
  let top = components[0] as Demand;
  let overdueDays = 0;
  for (let i = 0; i < components.length; i++) {
    const d = components[i] as Demand;
    if (d.basePriority > top.basePriority) top = d;
    if (d.overdueDays > overdueDays) overdueDays = d.overdueDays;
  }
  const due = Math.min(latest, Math.max(earliest, top.due));
  const ownerId = top.ownerId;
  // One object literal per shape: `ownerId` only when the top component names one.
  if (ownerId === undefined)
    return {
      customerId: top.customerId,
      components,
      earliest,
      latest,
      due,
      basePriority: top.basePriority,
      overdueDays,
    };
  return {
    customerId: top.customerId,
    ownerId,
    components,
    earliest,
    latest,
    due,
    basePriority: top.basePriority,
    overdueDays,
  };
}

/**
 * Merges the demands of one owner (sorted by window), greedily, into groups with non-empty intersections. A group
 * is a run of `sorted`: its components are copied once, at their number (no array grown element by element).
 */
function mergeSorted(sorted: readonly Demand[], out: MergedDemand[]): void {
  let first = 0;
  let earliest = 0;
  let latest = 0;
  for (let k = 0; k < sorted.length; k++) {
    const d = sorted[k] as Demand;
    if (k > first && d.earliest <= latest) {
      earliest = d.earliest;
      if (d.latest < latest) latest = d.latest;
      continue;
    }
    if (k > first) out.push(group(sorted.slice(first, k), earliest, latest));
    first = k;
    earliest = d.earliest;
    latest = d.latest;
  }
  if (sorted.length > first) out.push(group(sorted.slice(first), earliest, latest));
}

/**
 * Merges one customer's demands into tasks (the issue: tasks whose windows overlap merge into one task carrying
 * every rule and reason). Demands are sorted by earliest day, then due day, then key; a demand joins the current
 * group while its earliest day is at most the group's latest day, and the group's window is the intersection of
 * its components' windows, so it is never empty, every component's window contains it, and the windows of
 * successive groups never overlap. The group's due day is its highest-priority component's due day (ties: the
 * smallest key) clamped into the window. Only demands with the same effective owner merge: a demand that names
 * its own owner (a win-back's `ownerId`) merges with those naming the same owner; the others with each other.
 * Groups come out ordered by earliest day, then latest day, then first key. Satisfaction by contacts has already
 * been applied to each demand. Deterministic for the same demands in any order. `reorder`: the caller gives up
 * the array, which is then sorted in place instead of copied.
 */
export function mergeDemands(demands: readonly Demand[], reorder = false): MergedDemand[] {
  const out: MergedDemand[] = [];
  if (demands.length === 0) return out;
  const sorted = reorder ? (demands as Demand[]) : demands.slice();
  sortDemands(sorted, byWindow);
  let owners = false;
  for (let i = 0; i < sorted.length; i++) if ((sorted[i] as Demand).ownerId !== undefined) owners = true;
  if (!owners) {
    mergeSorted(sorted, out);
    return out;
  }
  const byOwner = new Map<string | undefined, Demand[]>();
  for (const d of sorted) {
    const list = byOwner.get(d.ownerId);
    if (list === undefined) byOwner.set(d.ownerId, [d]);
    else list.push(d);
  }
  for (const list of byOwner.values()) mergeSorted(list, out);
  out.sort(
    (a, b) =>
      a.earliest - b.earliest || a.latest - b.latest || byKey(a.components[0] as Demand, b.components[0] as Demand),
  );
  return out;
}
