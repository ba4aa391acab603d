import { describe, expect, it } from 'vitest';
import { APPROVAL_MODE_LABELS, PLAN_EVENT_LABELS, PLAN_STATE_LABELS } from './plan-labels.js';
import { PLAN_STATES } from './types.js';

describe('plan labels (MP-1)', () => {
  it('MP-1: every state has its English and Chinese label', () => {
    expect(PLAN_STATES.map((s) => PLAN_STATE_LABELS[s].zh)).toEqual([
      '草稿',
      '已提交',
      '已退回',
      '已批准',
      '执行中',
      '已评估',
      '已归档',
    ]);
    for (const s of PLAN_STATES) expect(PLAN_STATE_LABELS[s].en).not.toBe('');
  });

  it('MP-1: event types and approval modes are labelled (加签, 会签, 或签)', () => {
    expect(Object.keys(PLAN_EVENT_LABELS)).toHaveLength(12);
    expect(PLAN_EVENT_LABELS['signer-added'].zh).toBe('加签');
    expect(APPROVAL_MODE_LABELS.all.zh).toBe('会签');
    expect(APPROVAL_MODE_LABELS.any.zh).toBe('或签');
  });
});
