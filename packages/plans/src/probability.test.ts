import { describe, expect, it } from 'vitest';
import { DEFAULT_OPPORTUNITY_POLICY as policy, parseOpportunityPolicy } from './opportunity-policy.js';
import {
  explainProbability,
  probabilityBasis,
  resolveProbability,
  STATUS_LOST,
  STATUS_OPEN,
  STATUS_WON,
} from './probability.js';

const resolve = (
  status: number,
  stage: number,
  manual: number,
  p = policy,
  model?: Parameters<typeof probabilityBasis>[1],
) => explainProbability(resolveProbability(status, stage, manual, probabilityBasis(p, model)), stage, p);

describe('probability (MP-3)', () => {
  it('MP-3: won is 100 and lost 0 whatever the stage, manual value or model', () => {
    for (let stage = 0; stage < policy.stages.length; stage++)
      for (const manual of [-1, 0, 35, 100]) {
        expect(resolve(STATUS_WON, stage, manual)).toMatchObject({ value: 100, source: 'won' });
        expect(resolve(STATUS_LOST, stage, manual)).toMatchObject({ value: 0, source: 'lost' });
      }
  });

  it('MP-3: a manual value wins over the stage and the model while set; else the stage default', () => {
    expect(resolve(STATUS_OPEN, 3, 35)).toMatchObject({ value: 35, source: 'manual' });
    expect(resolve(STATUS_OPEN, 3, 0)).toMatchObject({ value: 0, source: 'manual' });
    const stage = resolve(STATUS_OPEN, 3, -1);
    expect(stage).toMatchObject({ value: 60, source: 'stage' });
    expect(stage.explanation).toEqual({
      en: 'stage Proposal and quote default 60% (MP-3)',
      zh: '「方案报价」阶段默认 60%（MP-3）',
    });
  });

  it('MP-3: the model applies only under the model source with at least minClosed closed for the stage', () => {
    const model = { asOf: new Date(0), stages: { proposal: { closed: 30, won: 12, probability: 40 } } };
    expect(resolve(STATUS_OPEN, 3, -1, policy, model)).toMatchObject({ value: 60, source: 'stage' });
    const modelPolicy = parseOpportunityPolicy({ probability: { source: 'model' } });
    expect(resolve(STATUS_OPEN, 3, -1, modelPolicy, model)).toMatchObject({ value: 40, source: 'model' });
    expect(resolve(STATUS_OPEN, 2, -1, modelPolicy, model)).toMatchObject({ value: 40, source: 'stage' });
    const few = { asOf: new Date(0), stages: { proposal: { closed: 29, won: 12, probability: 41 } } };
    expect(resolve(STATUS_OPEN, 3, -1, modelPolicy, few)).toMatchObject({ value: 60, source: 'stage' });
    expect(resolve(STATUS_OPEN, 3, 70, modelPolicy, model)).toMatchObject({ value: 70, source: 'manual' });
  });
});
