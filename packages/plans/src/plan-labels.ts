import type { ApprovalMode, BudgetCategory, Label, PlanEventType } from '@kehu/core';
import type { PlanState } from './types.js';

/** End-user labels of the maintenance plan states (rule MP-1). */
export const PLAN_STATE_LABELS: Readonly<Record<PlanState, Label>> = {
  draft: { en: 'Draft', zh: '草稿' },
  submitted: { en: 'Submitted', zh: '已提交' },
  returned: { en: 'Returned', zh: '已退回' },
  approved: { en: 'Approved', zh: '已批准' },
  active: { en: 'Active', zh: '执行中' },
  evaluated: { en: 'Evaluated', zh: '已评估' },
  archived: { en: 'Archived', zh: '已归档' },
};

/** End-user labels of the maintenance plan event types (rules MP-1, AR-4). */
export const PLAN_EVENT_LABELS: Readonly<Record<PlanEventType, Label>> = {
  drafted: { en: 'Drafted', zh: '起草' },
  revised: { en: 'Revised', zh: '修订' },
  submitted: { en: 'Submitted for approval', zh: '提交审批' },
  withdrawn: { en: 'Withdrawn', zh: '撤回' },
  signed: { en: 'Signed', zh: '签署' },
  returned: { en: 'Returned', zh: '退回' },
  'signer-added': { en: 'Signer added', zh: '加签' },
  delegated: { en: 'Delegated', zh: '委托代签' },
  activated: { en: 'Activated', zh: '开始执行' },
  evaluated: { en: 'Evaluated', zh: '评估' },
  archived: { en: 'Archived', zh: '归档' },
  'variance-explained': { en: 'Variance explained', zh: '说明差异原因' },
};

/** End-user labels of the approval modes of a step: one after another, all sign (会签), any one signs (或签). */
export const APPROVAL_MODE_LABELS: Readonly<Record<ApprovalMode, Label>> = {
  sequential: { en: 'One after another', zh: '依次审批' },
  all: { en: 'All sign', zh: '会签' },
  any: { en: 'Any one signs', zh: '或签' },
};

/** End-user labels of the budget categories (rule MP-2). */
export const BUDGET_CATEGORY_LABELS: Readonly<Record<BudgetCategory, Label>> = {
  development: { en: 'development', zh: '开发' },
  maintenance: { en: 'maintenance', zh: '维护' },
  events: { en: 'events', zh: '活动' },
};
