import {
  type ApprovalFlow,
  Decimal,
  type ErrorPath,
  invalidInput,
  type KehuValidationError,
  type Label,
  type MaintenancePlan,
  type PlanContent,
  type PlanEventBody,
  type PlanEventType,
} from '@kehu/core';
import { BUDGET_CATEGORY_LABELS, PLAN_STATE_LABELS } from './plan-labels.js';
import type {
  ApprovalRound,
  ApprovalStepProgress,
  PlanDelegation,
  PlanHistoryEntry,
  PlanSnapshot,
  PlanState,
  VarianceCause,
} from './types.js';

/**
 * The plan state machine (rule MP-1): the event types each state allows. `revised` keeps a draft or returned plan
 * where it is; in an approved or active plan it applies at once, or (with a flow) starts a re-approval round. Every
 * event type but `drafted` is listed; `drafted` is only the first event of a log.
 */
export const PLAN_TRANSITIONS: Readonly<Record<PlanState, readonly PlanEventType[]>> = {
  draft: ['revised', 'submitted', 'archived'],
  submitted: ['signed', 'returned', 'signer-added', 'delegated', 'withdrawn'],
  returned: ['revised', 'submitted', 'archived'],
  approved: ['revised', 'activated', 'variance-explained'],
  active: ['revised', 'evaluated', 'variance-explained'],
  evaluated: ['archived', 'variance-explained'],
  archived: [],
};

/** `word` with its indefinite article (`an approved`, `a draft`). */
function article(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

/** The error of an event the plan's state or log does not allow. */
function refuse(path: ErrorPath, message: string): KehuValidationError {
  return invalidInput(path, message, 'INVALID_TRANSITION', { code: 'INVALID_TRANSITION' });
}

/**
 * The snapshot of a plan before its first event: state `draft`, version 0, the plan's content, no history. The
 * only event it takes is `drafted`; {@link replayPlan} starts from it.
 */
export function emptyPlanSnapshot(plan: MaintenancePlan): PlanSnapshot {
  const { id, ...content } = plan;
  return { planId: id, state: 'draft', version: 0, content, rounds: [], delegations: [], causes: [], history: [] };
}

/**
 * The event types the plan's state allows next (for user interfaces): `drafted` before the first event, then the
 * state's entries of {@link PLAN_TRANSITIONS}. Whether one event of such a type is accepted depends on its fields
 * (who signs, for whom) and, when it is checked, on the policy.
 */
export function allowedPlanEvents(snapshot: PlanSnapshot): PlanEventType[] {
  if (snapshot.version === 0) return ['drafted'];
  const allowed = [...PLAN_TRANSITIONS[snapshot.state]];
  // While a revision waits for re-approval, the approved content is in effect and its variances still get causes.
  if (openRound(snapshot)?.reapproval === true) allowed.push('variance-explained');
  return allowed;
}

/** The approval round being signed, or undefined when the plan is not `submitted`. */
export function openRound(snapshot: PlanSnapshot): ApprovalRound | undefined {
  const round = snapshot.rounds[snapshot.rounds.length - 1];
  return snapshot.state === 'submitted' && round !== undefined && round.outcome === undefined ? round : undefined;
}

/**
 * Who may sign the current step of the open approval round now (empty when no round is open): in a sequential step
 * the next signer in order, in a 会签 step (`all`) every signer who has not signed, in a 或签 step (`any`) every
 * signer. A delegate in effect may sign for any of them (see `snapshot.delegations`).
 */
export function pendingSigners(snapshot: PlanSnapshot): string[] {
  const round = openRound(snapshot);
  return round === undefined ? [] : [...(round.steps[round.current]?.pending ?? [])];
}

/** Who may sign `step` next, given its signatures. */
function pendingOf(step: ApprovalStepProgress): string[] {
  const signed = new Set(step.signatures.map((s) => s.signerId));
  switch (step.mode) {
    case 'sequential': {
      const next = step.signers.find((s) => !signed.has(s));
      return next === undefined ? [] : [next];
    }
    case 'all':
      return step.signers.filter((s) => !signed.has(s));
    case 'any':
      return signed.size > 0 ? [] : [...step.signers];
  }
}

/** Whether `step` is done: every signer signed (sequential, 会签) or one did (或签). */
function isDone(step: ApprovalStepProgress): boolean {
  if (step.mode === 'any') return step.signatures.length > 0;
  const signed = new Set(step.signatures.map((s) => s.signerId));
  return step.signers.every((s) => signed.has(s));
}

/** A new approval round along `flow`, at its first step. */
function startRound(number: number, flow: ApprovalFlow, reapproval: boolean, submittedBy: string): ApprovalRound {
  const steps: ApprovalStepProgress[] = flow.steps.map((st) => ({
    id: st.id,
    name: { en: st.name.en, zh: st.name.zh },
    mode: st.mode,
    signers: [...st.signers],
    added: [],
    signatures: [],
    pending: [],
    done: false,
  }));
  const first = steps[0]!;
  steps[0] = { ...first, pending: pendingOf(first) };
  return { round: number, reapproval, flow, submittedBy, current: 0, steps };
}

/** The total of a content's budget lines (exact). */
export function totalOf(content: PlanContent): Decimal {
  return content.budgetLines.reduce((sum, line) => sum.plus(line.amount), new Decimal(0));
}

/** The budget lines that grew from `before` to `after` (new lines from 0), as text. */
function grownLines(before: PlanContent, after: PlanContent): string[] {
  const old = new Map(before.budgetLines.map((l) => [l.id, l.amount]));
  const grown: string[] = [];
  for (const line of after.budgetLines) {
    const was = old.get(line.id) ?? new Decimal(0);
    if (line.amount.gt(was)) grown.push(`${line.id} +${line.amount.minus(was).toString()} (${was} → ${line.amount})`);
  }
  return grown;
}

/** The state a re-approval round returns to: active when the plan was activated, else approved. */
function stateBeforeReapproval(snapshot: PlanSnapshot): PlanState {
  return snapshot.activatedAt === undefined ? 'approved' : 'active';
}

/** `snapshot` without its pending revision. */
function dropRevision(snapshot: PlanSnapshot): PlanSnapshot {
  const { pendingRevision: _dropped, ...rest } = snapshot;
  return rest;
}

/** The snapshot `s` with its open round replaced by `round`. */
function withRound(s: PlanSnapshot, round: ApprovalRound): PlanSnapshot {
  return { ...s, rounds: [...s.rounds.slice(0, -1), round] };
}

/** The delegation that lets `actor` sign for `signerId` at `at`, or an error saying why none does. */
function checkActor(
  s: PlanSnapshot,
  signerId: string,
  actor: string,
  at: Date,
  path: ErrorPath,
): PlanDelegation | undefined {
  if (actor === signerId) return undefined;
  const round = openRound(s)!.round;
  const mine = s.delegations.filter((d) => d.fromId === signerId && d.toId === actor && d.round === round);
  const inEffect = mine.find((d) => d.until === undefined || at.getTime() < d.until.getTime());
  if (inEffect !== undefined) return inEffect;
  if (mine.length > 0)
    throw refuse(
      path,
      `${actor} may not act for ${signerId}: the delegation ended at ${mine[mine.length - 1]!.until!.toISOString()}`,
    );
  throw refuse(
    path,
    `${actor} may not act for ${signerId}: no delegation from ${signerId} to ${actor} is in effect in round ${round}`,
  );
}

/** The error of a signer that is not pending in the current step. */
function notPending(step: ApprovalStepProgress, who: string, path: ErrorPath, verb: string): KehuValidationError {
  const pending = step.pending.length === 0 ? 'nobody' : step.pending.join(', ');
  return refuse(path, `${who} is not a pending signer of step ${step.id} and cannot ${verb} (pending: ${pending})`);
}

/** The open round and its current step, in which `who` must be pending to `verb` (else an error at `path`). */
function pendingStep(
  s: PlanSnapshot,
  who: string,
  path: ErrorPath,
  verb: string,
): { round: ApprovalRound; step: ApprovalStepProgress } {
  const round = openRound(s)!;
  const step = round.steps[round.current]!;
  if (!step.pending.includes(who)) throw notPending(step, who, path, verb);
  return { round, step };
}

/** The steps of `round` with its current step replaced by `step`. */
function withCurrentStep(round: ApprovalRound, step: ApprovalStepProgress): ApprovalStepProgress[] {
  const steps = round.steps.slice();
  steps[round.current] = step;
  return steps;
}

/** A step name for explanations. */
function stepName(step: ApprovalStepProgress): Label {
  return { en: `step ${step.id} (${step.name.en})`, zh: `步骤「${step.name.zh}」` };
}

/** Joins label parts. */
function join(parts: Label[]): Label {
  return { en: parts.map((p) => p.en).join('; '), zh: parts.map((p) => p.zh).join('；') };
}

/** What happens to an approval round after a signature: the next step, or the round's approval. */
function afterSignature(
  s: PlanSnapshot,
  round: ApprovalRound,
  steps: ApprovalStepProgress[],
  at: Date,
): { next: PlanSnapshot; said: Label[] } {
  const step = steps[round.current]!;
  if (!step.done) {
    const waiting = step.pending.join(', ');
    return { next: withRound(s, { ...round, steps }), said: [{ en: `waiting for ${waiting}`, zh: `等待 ${waiting}` }] };
  }
  const said: Label[] = [{ en: `${stepName(step).en} completed`, zh: `${stepName(step).zh}完成` }];
  const current = round.current + 1;
  const following = steps[current];
  if (following !== undefined) {
    const pending = pendingOf(following);
    steps[current] = { ...following, pending };
    said.push({
      en: `${stepName(following).en} pending: ${pending.join(', ')}`,
      zh: `${stepName(following).zh}待签：${pending.join('、')}`,
    });
    return { next: withRound(s, { ...round, current, steps }), said };
  }
  const done = withRound(s, { ...round, current, steps, outcome: 'approved' });
  if (round.reapproval && s.pendingRevision !== undefined) {
    const back = stateBeforeReapproval(s);
    said.push({
      en: `every step done: the revision is approved and applies; the plan is ${back} again`,
      zh: `全部步骤完成：修订获批并生效，计划恢复为${PLAN_STATE_LABELS[back].zh}`,
    });
    return { next: { ...dropRevision(done), content: s.pendingRevision.content, state: back, approvedAt: at }, said };
  }
  said.push({ en: 'every step done: the plan is approved', zh: '全部步骤完成：计划已批准' });
  return { next: { ...done, state: 'approved', approvedAt: at }, said };
}

/** The snapshot after a `signed` event, with its explanation. */
function applySigned(
  s: PlanSnapshot,
  e: Extract<PlanEventBody, { type: 'signed' }>,
  seq: number,
  path: ErrorPath,
): { next: PlanSnapshot; explanation: Label } {
  const { round, step } = pendingStep(s, e.signerId, [...path, 'signerId'], 'sign');
  const delegation = checkActor(s, e.signerId, e.actor, e.at, [...path, 'actor']);
  const signatures = [...step.signatures, { signerId: e.signerId, actor: e.actor, at: e.at, seq }];
  const signedStep = { ...step, signatures };
  const steps = withCurrentStep(round, { ...signedStep, pending: pendingOf(signedStep), done: isDone(signedStep) });
  const { next, said } = afterSignature(s, round, steps, e.at);
  const who: Label =
    delegation === undefined
      ? { en: `signed by ${e.signerId} in ${stepName(step).en}`, zh: `${e.signerId} 在${stepName(step).zh}签署` }
      : {
          en: `signed by ${e.actor} for ${e.signerId} (delegated) in ${stepName(step).en}`,
          zh: `${e.actor} 代 ${e.signerId} 在${stepName(step).zh}签署（委托）`,
        };
  return { next, explanation: join([who, ...said]) };
}

/** The snapshot after a `returned` event, with its explanation. */
function applyReturned(
  s: PlanSnapshot,
  e: Extract<PlanEventBody, { type: 'returned' }>,
  path: ErrorPath,
): { next: PlanSnapshot; explanation: Label } {
  const { round, step } = pendingStep(s, e.signerId, [...path, 'signerId'], 'return the plan');
  const delegation = checkActor(s, e.signerId, e.actor, e.at, [...path, 'actor']);
  const steps = withCurrentStep(round, { ...step, pending: [] });
  const closed = withRound(s, { ...round, steps, outcome: 'returned' });
  const by = delegation === undefined ? e.signerId : `${e.actor} for ${e.signerId} (delegated)`;
  const byZh = delegation === undefined ? e.signerId : `${e.actor}（代 ${e.signerId}）`;
  if (round.reapproval) {
    const back = stateBeforeReapproval(s);
    return {
      next: { ...dropRevision(closed), state: back },
      explanation: {
        en:
          `revision returned by ${by} in ${stepName(step).en}: ${e.reason}; the revision is dropped and the ` +
          `approved content stays in effect (${back})`,
        zh: `${byZh} 在${stepName(step).zh}退回修订：${e.reason}；修订作废，已批准的内容继续有效（${PLAN_STATE_LABELS[back].zh}）`,
      },
    };
  }
  return {
    next: { ...closed, state: 'returned' },
    explanation: {
      en: `returned by ${by} in ${stepName(step).en}: ${e.reason}`,
      zh: `${byZh} 在${stepName(step).zh}退回：${e.reason}`,
    },
  };
}

/** The snapshot after a `signer-added` (加签) event, with its explanation. */
function applySignerAdded(
  s: PlanSnapshot,
  e: Extract<PlanEventBody, { type: 'signer-added' }>,
  path: ErrorPath,
): { next: PlanSnapshot; explanation: Label } {
  const { round, step } = pendingStep(s, e.actor, [...path, 'actor'], 'add a signer');
  if (step.signers.includes(e.signerId))
    throw refuse([...path, 'signerId'], `${e.signerId} is already a signer of step ${step.id}`);
  const signers = step.signers.slice();
  const at = signers.indexOf(e.actor) + (e.position === 'before' ? 0 : 1);
  signers.splice(at, 0, e.signerId);
  const grown = { ...step, signers, added: [...step.added, e.signerId] };
  const steps = withCurrentStep(round, { ...grown, pending: pendingOf(grown) });
  const where: Label =
    step.mode === 'sequential'
      ? {
          en: `${e.position} themselves (signs ${e.position === 'before' ? 'first' : 'next'})`,
          zh: e.position === 'before' ? '于本人之前（先签）' : '于本人之后（随后签）',
        }
      : step.mode === 'all'
        ? { en: 'to the signers who all sign (会签)', zh: '加入会签' }
        : { en: 'to the alternatives of whom one signs (或签)', zh: '加入或签' };
  return {
    next: withRound(s, { ...round, steps }),
    explanation: {
      en: `${e.actor} added signer ${e.signerId} ${where.en} in ${stepName(step).en} (加签)`,
      zh: `${e.actor} 在${stepName(step).zh}加签 ${e.signerId}，${where.zh}`,
    },
  };
}

/** The snapshot after a `delegated` event, with its explanation. */
function applyDelegated(
  s: PlanSnapshot,
  e: Extract<PlanEventBody, { type: 'delegated' }>,
  path: ErrorPath,
): { next: PlanSnapshot; explanation: Label } {
  const round = openRound(s)!;
  if (!round.steps.some((st) => st.signers.includes(e.fromId)))
    throw refuse([...path, 'fromId'], `${e.fromId} is not a signer of approval round ${round.round}`);
  if (e.toId === e.fromId) throw refuse([...path, 'toId'], 'a signer cannot delegate to themselves');
  if (e.until !== undefined && e.until.getTime() <= e.at.getTime())
    throw refuse([...path, 'until'], 'a delegation ends after it starts');
  const delegation: PlanDelegation = { fromId: e.fromId, toId: e.toId, at: e.at, round: round.round };
  if (e.until !== undefined) delegation.until = e.until;
  const until = e.until === undefined ? '' : ` until ${e.until.toISOString()}`;
  return {
    next: { ...s, delegations: [...s.delegations, delegation] },
    explanation: {
      en: `${e.fromId} lets ${e.toId} sign in their place${until}`,
      zh: `${e.fromId} 委托 ${e.toId} 代为签署${e.until === undefined ? '' : `，至 ${e.until.toISOString()}`}`,
    },
  };
}

/** The snapshot after a `revised` event, with its explanation. */
function applyRevised(
  s: PlanSnapshot,
  e: Extract<PlanEventBody, { type: 'revised' }>,
  seq: number,
  path: ErrorPath,
): { next: PlanSnapshot; explanation: Label } {
  const totals = `${totalOf(s.content)} → ${totalOf(e.content)} ${e.content.currency}`;
  if (s.state === 'draft' || s.state === 'returned') {
    if (e.flow !== undefined)
      throw refuse(
        [...path, 'flow'],
        `a revision of ${article(s.state)} plan applies at once; only a revision of an approved or active plan ` +
          'carries an approval flow',
      );
    return {
      next: { ...s, content: e.content },
      explanation: {
        en: `content revised by ${e.actor} (budget total ${totals})`,
        zh: `${e.actor} 修订了计划内容（预算合计 ${totals}）`,
      },
    };
  }
  const grown = grownLines(s.content, e.content);
  const grew = grown.length === 0 ? 'no budget line grew' : `budget lines grew: ${grown.join(', ')}`;
  const grewZh = grown.length === 0 ? '无预算行增加' : `预算行增加：${grown.join('，')}`;
  if (e.flow === undefined)
    return {
      next: { ...s, content: e.content },
      explanation: {
        en: `content revised by ${e.actor} and applied without re-approval (${grew}; budget total ${totals})`,
        zh: `${e.actor} 修订了计划内容，无需重新审批，立即生效（${grewZh}；预算合计 ${totals}）`,
      },
    };
  const round = startRound(s.rounds.length + 1, e.flow, true, e.actor);
  const pending = round.steps[0]!.pending.join(', ');
  return {
    next: {
      ...s,
      state: 'submitted',
      pendingRevision: { content: e.content, seq, at: e.at },
      rounds: [...s.rounds, round],
      submittedAt: e.at,
    },
    explanation: {
      en:
        `revision by ${e.actor} sent for re-approval along flow ${e.flow.id} (round ${round.round}) because ` +
        `${grew}; the approved content stays in effect until it is approved; pending: ${pending}`,
      zh:
        `${e.actor} 的修订需重新审批（流程 ${e.flow.id}，第 ${round.round} 轮），原因：${grewZh}；` +
        `获批前原批准内容继续有效；待签：${pending}`,
    },
  };
}

/**
 * The state machine's step: the snapshot after event `e` at log position `seq`, or a `KehuValidationError`
 * (code `INVALID_TRANSITION` for what the state or the log does not allow) with a path under `path`.
 */
function transition(s: PlanSnapshot, e: PlanEventBody, seq: number, path: ErrorPath): PlanSnapshot {
  if (!(e.at instanceof Date) || Number.isNaN(e.at.getTime()))
    throw invalidInput([...path, 'at'], 'a plan event needs a valid instant', 'invalid_type');
  let next: PlanSnapshot;
  let explanation: Label;
  if (s.version === 0) {
    if (e.type !== 'drafted')
      throw refuse([...path, 'type'], `a plan log starts with its drafted event (rule MP-1), not ${article(e.type)}`);
    next = s;
    explanation = { en: `drafted by ${e.actor}`, zh: `${e.actor} 起草了计划` };
  } else {
    const last = s.history[s.history.length - 1];
    if (last !== undefined && e.at.getTime() < last.at.getTime())
      throw refuse(
        [...path, 'at'],
        `plan events are in time order: this one at ${e.at.toISOString()} is before the previous one at ` +
          last.at.toISOString(),
      );
    const allowed = allowedPlanEvents(s);
    if (!allowed.includes(e.type)) {
      const hint = allowed.length === 0 ? 'it takes no more events' : `it allows ${allowed.join(', ')}`;
      throw refuse([...path, 'type'], `${article(s.state)} plan cannot take ${article(e.type)} event; ${hint}`);
    }
    ({ next, explanation } = apply(s, e, seq, path));
  }
  const entry: PlanHistoryEntry = {
    seq,
    type: e.type,
    at: e.at,
    actor: e.actor,
    from: s.state,
    to: next.state,
    explanation:
      e.note === undefined
        ? explanation
        : { en: `${explanation.en} (${e.note})`, zh: `${explanation.zh}（${e.note}）` },
  };
  return { ...next, version: seq, history: [...s.history, entry] };
}

/** The snapshot after an event the state allows, with its explanation. */
function apply(
  s: PlanSnapshot,
  e: PlanEventBody,
  seq: number,
  path: ErrorPath,
): { next: PlanSnapshot; explanation: Label } {
  switch (e.type) {
    case 'drafted':
      throw refuse([...path, 'type'], 'a plan is drafted once, by the first event of its log');
    case 'revised':
      return applyRevised(s, e, seq, path);
    case 'submitted': {
      const round = startRound(s.rounds.length + 1, e.flow, false, e.actor);
      const first = round.steps[0]!;
      return {
        next: { ...s, state: 'submitted', rounds: [...s.rounds, round], submittedAt: e.at },
        explanation: {
          en:
            `submitted by ${e.actor} for approval along flow ${e.flow.id} (round ${round.round}); ` +
            `${stepName(first).en} pending: ${first.pending.join(', ')}`,
          zh:
            `${e.actor} 按流程 ${e.flow.id} 提交审批（第 ${round.round} 轮）；` +
            `${stepName(first).zh}待签：${first.pending.join('、')}`,
        },
      };
    }
    case 'withdrawn': {
      const round = openRound(s)!;
      // Withdrawing is the submitter's (or the plan owner's) act; a signer who disagrees returns it with a reason.
      if (e.actor !== round.submittedBy && e.actor !== s.content.ownerId)
        throw refuse(
          [...path, 'actor'],
          `${e.actor} cannot withdraw round ${round.round}: only its submitter ${round.submittedBy} or the plan's ` +
            `owner ${s.content.ownerId} withdraws; a signer sends the plan back with a reason`,
        );
      const steps = withCurrentStep(round, { ...round.steps[round.current]!, pending: [] });
      const closed = withRound(s, { ...round, steps, outcome: 'withdrawn' });
      if (round.reapproval) {
        const back = stateBeforeReapproval(s);
        return {
          next: { ...dropRevision(closed), state: back },
          explanation: {
            en:
              `revision withdrawn by ${e.actor} (round ${round.round}); ` +
              `the approved content stays in effect (${back})`,
            zh: `${e.actor} 撤回了修订（第 ${round.round} 轮）；已批准的内容继续有效（${PLAN_STATE_LABELS[back].zh}）`,
          },
        };
      }
      return {
        next: { ...closed, state: 'draft' },
        explanation: {
          en: `withdrawn by ${e.actor} (round ${round.round}); the plan is a draft again`,
          zh: `${e.actor} 撤回了审批（第 ${round.round} 轮），计划回到草稿`,
        },
      };
    }
    case 'signed':
      return applySigned(s, e, seq, path);
    case 'returned':
      return applyReturned(s, e, path);
    case 'signer-added':
      return applySignerAdded(s, e, path);
    case 'delegated':
      return applyDelegated(s, e, path);
    case 'activated':
      return {
        next: { ...s, state: 'active', activatedAt: e.at },
        explanation: { en: `activated by ${e.actor}`, zh: `${e.actor} 启动执行` },
      };
    case 'evaluated':
      return {
        next: { ...s, state: 'evaluated', evaluation: e.evaluation, evaluatedAt: e.at },
        explanation: { en: `evaluated by ${e.actor}`, zh: `${e.actor} 完成评估` },
      };
    case 'archived': {
      const abandoned = s.state !== 'evaluated';
      return {
        next: { ...s, state: 'archived', archivedAt: e.at },
        explanation: abandoned
          ? { en: `abandoned by ${e.actor} while ${s.state} and archived`, zh: `${e.actor} 放弃计划并归档` }
          : { en: `archived by ${e.actor}`, zh: `${e.actor} 归档` },
      };
    }
    case 'variance-explained': {
      const cause: VarianceCause = {
        category: e.category,
        period: e.period,
        cause: e.cause,
        actor: e.actor,
        at: e.at,
        seq,
      };
      if (e.lineId !== undefined) cause.lineId = e.lineId;
      if (e.note !== undefined) cause.note = e.note;
      const category = BUDGET_CATEGORY_LABELS[e.category];
      const what = e.lineId === undefined ? `the ${category.en} budget` : `line ${e.lineId} (${category.en})`;
      const whatZh = e.lineId === undefined ? `${category.zh}预算` : `预算行 ${e.lineId}（${category.zh}）`;
      return {
        next: { ...s, causes: [...s.causes, cause] },
        explanation: {
          en: `variance cause ${e.cause} recorded by ${e.actor} for ${what} in ${e.period} (rule MP-2)`,
          zh: `${e.actor} 记录了 ${e.period} ${whatZh}的差异原因：${e.cause}（规则 MP-2）`,
        },
      };
    }
  }
}

/**
 * The snapshot after one more event (rule MP-1): the state machine's step, pure (the input snapshot is not
 * changed). `seq` is the event's position in the log and must be `snapshot.version + 1`. Throws
 * `KehuValidationError` with code `INVALID_TRANSITION` and a path under `['event']` when the state or the log does
 * not allow the event (wrong state, not a pending signer, no delegation in effect, out of time order). No policy:
 * {@link replayPlan} folds it; `checkPlanEvent` adds the policy's rules.
 */
export function applyPlanEvent(snapshot: PlanSnapshot, event: PlanEventBody, seq: number): PlanSnapshot {
  if (!Number.isInteger(seq) || seq !== snapshot.version + 1)
    throw invalidInput(
      ['seq'],
      `the next event of a plan at version ${snapshot.version} has seq ${snapshot.version + 1}`,
    );
  return transition(snapshot, event, seq, ['event']);
}

/**
 * Replays a maintenance plan's event log into its snapshot (rules MP-1, AR-4): state, content in effect, approval
 * rounds, delegations, variance causes and the explained history. The log is the truth and needs no policy: a
 * submission records its flow, and a revision sent for re-approval carries its flow. Throws `KehuValidationError`
 * with code `INVALID_TRANSITION` at `['events', i, …]` for the first event the log does not allow: a first event
 * that is not `drafted`, an event before the previous one, or one the state does not allow.
 */
export function replayPlan(plan: MaintenancePlan, events: readonly PlanEventBody[]): PlanSnapshot {
  if (events.length === 0) throw refuse(['events'], 'a plan log starts with its drafted event (rule MP-1)');
  let snapshot = emptyPlanSnapshot(plan);
  events.forEach((event, i) => {
    snapshot = transition(snapshot, event, i + 1, ['events', i]);
  });
  return snapshot;
}
