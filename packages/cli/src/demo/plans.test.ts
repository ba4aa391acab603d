import { Decimal } from '@kehu/core';
import { DEFAULT_OPPORTUNITY_POLICY, DEFAULT_PLAN_POLICY } from '@kehu/plans';
import {
  generateSampleBusiness,
  SAMPLE_LOST_REASONS,
  SAMPLE_STAGES,
  SAMPLE_SURVEY,
  SAMPLE_WON_REASONS,
} from '@kehu/sample-data';
import { describe, expect, it } from 'vitest';
import { type DemoPlans, formatDemoEvaluation, hostValues, PLAN_SATISFACTION } from './plans.js';

const business = generateSampleBusiness({ customers: 200 });

describe('the sample plan and opportunities fit the default policies the demo uses', () => {
  it('MP-3: the sample stages and reasons are those of DEFAULT_OPPORTUNITY_POLICY', () => {
    expect([...SAMPLE_STAGES]).toEqual(DEFAULT_OPPORTUNITY_POLICY.stages.map((s) => s.id));
    const won = new Set(DEFAULT_OPPORTUNITY_POLICY.reasons.won.map((r) => r.code));
    const lost = new Set(DEFAULT_OPPORTUNITY_POLICY.reasons.lost.map((r) => r.code));
    for (const [code] of SAMPLE_WON_REASONS) expect(won.has(code)).toBe(true);
    for (const [code] of SAMPLE_LOST_REASONS) expect(lost.has(code)).toBe(true);
  });

  it('MP-1: the sample plan takes the major flow, whose signers are the sample approvers', () => {
    const { plan, approvers, approval } = business.maintenancePlan;
    const total = (plan.budgetLines ?? []).reduce((s, l) => s.plus(String(l.amount)), new Decimal(0));
    const flows = [...DEFAULT_PLAN_POLICY.approval.flows].sort((a, b) =>
      new Decimal(b.minBudget).comparedTo(new Decimal(a.minBudget)),
    );
    const flow = flows.find((f) => total.gte(f.minBudget))!.flow;
    expect(flow.id).toBe('major');
    const ids = new Set(approvers.map((a) => a.id));
    for (const step of flow.steps) for (const signer of step.signers) expect(ids.has(signer)).toBe(true);
    for (const step of approval) if (step.signerId !== undefined) expect(ids.has(step.signerId)).toBe(true);
  });

  it('MP-2: the sample causes are codes of the default cause taxonomy', () => {
    const codes = new Set(DEFAULT_PLAN_POLICY.budget.causes.map((c) => c.code));
    for (const c of business.maintenancePlan.causes) expect(codes.has(c.cause)).toBe(true);
  });
});

describe('the demo evaluates the sample plan (MP-1: evaluate and improve)', () => {
  it('MP-1: the host gives the measures the store cannot observe, from the sample spend: 1 event, 118 gifts', () => {
    const measures = new Map((business.maintenancePlan.plan.measures ?? []).map((m) => [m.id, m.metric]));
    const given = hostValues(business);
    expect(given).toEqual({ event: 1, gifts: 118 });
    expect(Object.keys(given).map((id) => measures.get(id))).toEqual(['events-held', 'gifts-given']);
  });

  it('MP-1: the satisfaction change reads the sample survey’s overall question on its own scale', () => {
    const question = SAMPLE_SURVEY.questions.find((q) => q.id === PLAN_SATISFACTION.questionId);
    expect(PLAN_SATISFACTION.surveyId).toBe(SAMPLE_SURVEY.id);
    expect(question?.scale).toEqual({ kind: 'rating', ...PLAN_SATISFACTION.scale });
    expect((business.maintenancePlan.plan.measures ?? []).map((m) => m.metric)).toContain('satisfaction-change');
  });

  it('MP-1: each measure: target, actual, 达成 / 未达成 / 无数据, source and rules; improvements in two languages', () => {
    const host = { en: 'value given by the host', zh: '由宿主系统提供的数值' };
    const evaluation: NonNullable<DemoPlans['evaluation']> = {
      asOf: '2026-06-30 23:59',
      met: 1,
      missed: 1,
      unobserved: 2,
      measures: [
        {
          measureId: 'reviews',
          metric: 'satisfaction-change',
          name: { en: 'satisfaction change', zh: '满意度变化' },
          direction: 'at-least',
          target: 0,
          actual: null,
          met: null,
          source: { en: 'not observed', zh: '未观测' },
          rules: ['MP-1'],
        },
        {
          measureId: 'visits',
          metric: 'contact-completion-rate',
          name: { en: 'contact completion rate', zh: '回访完成率' },
          direction: 'at-least',
          target: 0.9,
          actual: null,
          met: null,
          source: { en: 'not observed', zh: '未观测' },
          rules: ['MP-1', 'CA-1'],
        },
        {
          measureId: 'event',
          metric: 'events-held',
          name: { en: 'events held', zh: '已举办活动' },
          direction: 'at-least',
          target: 1,
          actual: 1,
          met: true,
          source: host,
          rules: ['MP-1', 'CA-7'],
        },
        {
          measureId: 'keep',
          metric: 'churned-customers',
          name: { en: 'churned customers', zh: '流失客户数' },
          direction: 'at-most',
          target: 2,
          actual: 3,
          met: false,
          source: { en: 'customers who left (CH-4, @kehu/churn)', zh: '流失客户（CH-4，@kehu/churn）' },
          rules: ['MP-1'],
        },
      ],
      improvements: [
        {
          measureId: 'keep',
          action: { en: 'Call the customers at risk', zh: '回访流失风险客户' },
          reason: { en: 'churned customers 3 > target 2 (150%)', zh: '流失客户数 3 > 目标 2（150%）' },
        },
      ],
      warnings: [
        "satisfaction-change: the group's customers gave no answer to question csat of survey csat-2026 before the " +
          'plan (2025-01-01..2025-06-30), so the change is unobserved (SA-1, MP-1)',
      ],
    };
    const text = formatDemoEvaluation(evaluation).join('\n');
    expect(text).toMatch(/Evaluation 计划评估 \(rule MP-1\) as of 截至 2026-06-30 23:59: met 达成 1 · missed 未达成 1/);
    expect(text).toMatch(/visits: contact completion rate 回访完成率 +≥ 90% +– +no data 无数据/);
    expect(text).toMatch(/event: events held 已举办活动 +≥ 1 +1 +met 达成\n +source 来源: value given by the host/);
    expect(text).toMatch(/keep: churned customers 流失客户数 +≤ 2 +3 +missed 未达成/);
    expect(text).toMatch(/source 来源: customers who left \(CH-4, @kehu\/churn\) .* · rules MP-1\n/);
    expect(text).toMatch(/given by the host 宿主提供 event:/);
    expect(text).toMatch(/no data 无数据 visits: not observed from the store/);
    // MP-1: the SDK's reason for a metric it reads but could not observe is shown with the measure.
    expect(text).toMatch(
      /no data 无数据 reviews: neither met nor missed 不计达成与否\n +why 原因: the group's customers gave no answer to /,
    );
    expect(text).toMatch(/improve 改进 keep: churned customers 3 > target 2 \(150%\) 流失客户数 3 > 目标 2（150%）\n/);
    expect(text).toMatch(/→ Call the customers at risk\n +→ 回访流失风险客户/);
  });

  it('MP-1: a plan not yet evaluated prints no evaluation', () => {
    expect(formatDemoEvaluation(null)).toEqual([]);
  });
});
