import type {
  ApprovalFlow,
  ApprovalMode,
  BudgetCategory,
  Decimal,
  Label,
  PlanContent,
  PlanEventType,
} from '@kehu/core';

/** The states of a maintenance plan (rule MP-1), in the order a plan usually passes them. */
export const PLAN_STATES = ['draft', 'submitted', 'returned', 'approved', 'active', 'evaluated', 'archived'] as const;
/** A maintenance plan's state. */
export type PlanState = (typeof PLAN_STATES)[number];

/** One signature of an approval step. */
export interface PlanSignature {
  /** The listed (or added) signer whose signature this is. */
  signerId: string;
  /** Who signed: the signer, or their delegate. */
  actor: string;
  at: Date;
  /** The event's position in the plan's log. */
  seq: number;
}

/** Where one approval step stands. */
export interface ApprovalStepProgress {
  id: string;
  name: Label;
  mode: ApprovalMode;
  /** The step's signers in order, those added (加签) included where they were added. */
  signers: string[];
  /** The signers added by `signer-added` events. */
  added: string[];
  signatures: PlanSignature[];
  /** Who may sign this step now (empty when the step is done or not reached). */
  pending: string[];
  done: boolean;
}

/** An approval round: one submission (or one revision sent for approval) along its recorded flow. */
export interface ApprovalRound {
  /** 1 for the first submission, counting every later submission or re-approval. */
  round: number;
  /** True when the round approves a revision of an approved or active plan. */
  reapproval: boolean;
  flow: ApprovalFlow;
  /** Who started the round (the actor of its `submitted` or `revised` event); they or the plan owner withdraw it. */
  submittedBy: string;
  /** The step being signed (its index in `steps`), or `steps.length` when every step is done. */
  current: number;
  steps: ApprovalStepProgress[];
  /** How the round ended, when it did. */
  outcome?: 'approved' | 'returned' | 'withdrawn';
}

/** A delegation: `toId` may sign for `fromId` in its round (until `until` when given). */
export interface PlanDelegation {
  fromId: string;
  toId: string;
  until?: Date;
  at: Date;
  /** The approval round it was given in: it lets `toId` sign in that round only. */
  round: number;
}

/** A cause recorded for a budget variance (rule MP-2). */
export interface VarianceCause {
  lineId?: string;
  category: BudgetCategory;
  period: string;
  cause: string;
  note?: string;
  actor: string;
  at: Date;
  seq: number;
}

/** One event of a plan's history with the state it led to, explained. */
export interface PlanHistoryEntry {
  seq: number;
  type: PlanEventType;
  at: Date;
  actor: string;
  from: PlanState;
  to: PlanState;
  /** What happened, in English and Chinese, e.g. "signed by li-wei for zhang-min (delegated)". */
  explanation: Label;
}

/**
 * A maintenance plan replayed from its log (rule MP-1): its state, the content in effect, a revision waiting for
 * approval, the approval rounds, delegations, recorded variance causes, the evaluation and the explained history.
 */
export interface PlanSnapshot {
  planId: string;
  state: PlanState;
  /** The number of events replayed (the log's version). */
  version: number;
  /** The content in effect (a draft's latest; once approved, the approved content). */
  content: PlanContent;
  /** A revision of an approved or active plan waiting for approval. */
  pendingRevision?: { content: PlanContent; seq: number; at: Date };
  /** Every approval round, the latest last. */
  rounds: ApprovalRound[];
  delegations: PlanDelegation[];
  causes: VarianceCause[];
  /** The JSON of the `evaluated` event, once evaluated. */
  evaluation?: Readonly<Record<string, unknown>>;
  /** Instants of the milestones reached. */
  submittedAt?: Date;
  approvedAt?: Date;
  activatedAt?: Date;
  evaluatedAt?: Date;
  archivedAt?: Date;
  history: PlanHistoryEntry[];
}

/** Where an opportunity's probability came from (rule MP-3). */
export const PROBABILITY_SOURCES = ['stage', 'manual', 'model', 'won', 'lost'] as const;
/** Where an opportunity's probability came from. */
export type ProbabilitySource = (typeof PROBABILITY_SOURCES)[number];

/** The status of an opportunity. */
export const OPPORTUNITY_STATUSES = ['open', 'won', 'lost'] as const;
/** The status of an opportunity. */
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/**
 * Win rates per stage learnt from closed opportunities (the `model` probability source): for each stage id, how
 * many closed opportunities reached it, how many of those were won, and the rate in whole percent.
 */
export interface StageModel {
  /** Per stage id. */
  stages: Readonly<Record<string, { closed: number; won: number; probability: number }>>;
  /** The instant the model was learnt as of (closed opportunities up to it). */
  asOf: Date;
}

/**
 * Opportunities in columns (the bulk protocol's table in), built by `opportunityColumns` from opportunities and their
 * logs or by a host straight from its store. Row `i` is one opportunity; its stage visits are the entries
 * `visitStart[i] .. visitStart[i + 1] - 1` of the visit columns, in time order.
 */
export interface OpportunityColumns {
  /** Opportunity ids. */
  ids: readonly string[];
  customerIds: readonly string[];
  /** The salesperson in effect (after reassignments). */
  salespersonIds: readonly string[];
  /** The one currency of every expected revenue. */
  currency: string;
  /** Expected revenue in effect, as exact scaled integers: the amount is `revenueUnits[i] / 10^revenueScale`. */
  revenueUnits: Float64Array;
  revenueScale: number;
  /** Expected close date in effect, as core day numbers of the local date. */
  expectedCloseDay: Int32Array;
  /** Creation instants (epoch ms). */
  createdAt: Float64Array;
  /** 0 open, 1 won, 2 lost (the outcome in effect). */
  status: Uint8Array;
  /** The last close instant (epoch ms), NaN when open. */
  closedAt: Float64Array;
  /** Index of the outcome's reason in the policy's won or lost list; -1 when open. */
  reason: Int16Array;
  /** The manual probability in effect (0..100), or -1 when none is set. */
  manualProbability: Int8Array;
  /** Offsets into the visit columns, length `ids.length + 1`. */
  visitStart: Int32Array;
  /** When each stage visit began (epoch ms); a visit lasts until the next visit of the same row, or its close. */
  visitAt: Float64Array;
  /** The stage of each visit as an index into the policy's stages, or -1 for a closed spell (won or lost). */
  visitStage: Int16Array;
}

/** A stage's share of an opportunity's life. */
export interface StageTime {
  stage: string;
  name: Label;
  /** Open milliseconds of the business calendar spent in the stage over every visit. */
  businessMs: number;
  /** `businessMs` in business days of the policy's `businessDayHours`. */
  businessDays: number;
  /** How many times the opportunity entered the stage. */
  visits: number;
}

/** An opportunity's probability and where it came from (rule MP-3). */
export interface ProbabilityResult {
  /** Whole percent, 0..100. */
  value: number;
  source: ProbabilitySource;
  /** Why, e.g. "stage proposal default 60%" or "set by hand on 2026-03-02; locked until changed by hand". */
  explanation: Label;
}

/** One opportunity, explained (the bulk protocol's row; the object path returns the same). */
export interface OpportunityState {
  id: string;
  customerId: string;
  salespersonId: string;
  status: OpportunityStatus;
  /** The current stage, or the stage it was in when it closed. */
  stage: string;
  probability: ProbabilityResult;
  expectedRevenue: Decimal;
  currency: string;
  /** `expectedRevenue × probability / 100`, exact. */
  weightedRevenue: Decimal;
  expectedCloseDate: string;
  createdAt: Date;
  closedAt?: Date;
  /** The outcome's reason code and label, when closed. */
  reason?: { code: string; label: Label };
  /** Time in each stage of the policy, in its order (stages never entered have 0 visits). */
  stageTimes: StageTime[];
  /** Open time from creation to the close (or `asOf` while open), in business ms; the stage times add up to it. */
  businessMs: number;
  /** Closed spells between a close and a reopening, in business ms (part of `businessMs`, in no stage). */
  closedBusinessMs: number;
}

/**
 * Opportunities computed in columns (the bulk protocol's table out): `pipelineAt(table, i)` explains one row and
 * `pipelineRows(table)` all of them.
 */
export interface PipelineTable {
  /** The input columns. */
  columns: OpportunityColumns;
  /** The policy's stage ids in order. */
  stages: readonly string[];
  /** Current (or last) stage index per row. */
  stage: Int16Array;
  /** Probability in whole percent per row. */
  probability: Uint8Array;
  /** Index into `PROBABILITY_SOURCES` per row. */
  probabilitySource: Uint8Array;
  /** Business ms per row and stage: row `i`, stage `s` at `i * stages.length + s`. */
  stageMs: Float64Array;
  /** Visits per row and stage, laid out as `stageMs`. */
  stageVisits: Uint16Array;
  /** Business ms from creation to close (or `asOf`) per row. */
  businessMs: Float64Array;
  /** Business ms in closed spells per row. */
  closedMs: Float64Array;
  /** The `asOf` of the computation (epoch ms). */
  asOf: number;
}
