import { KehuValidationError, type PlanGroup } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInPlanGroup, type PlanGroupCustomer, planGroupMembers, planGroupMembership } from './plan-group.js';

const group: PlanGroup = { tiers: ['gold'], segments: ['champions'], customerIds: ['c9'] };

describe('planGroupMembership', () => {
  it('MP-1: says which of tier, segment and id matched', () => {
    const m = planGroupMembership(group, { id: 'c9', tier: 'gold', segments: ['loyal', 'champions'] });
    expect(m.member).toBe(true);
    expect(m.matchedBy).toEqual(['tier', 'segment', 'customer-id']);
    expect(m.tier).toBe('gold');
    expect(m.segments).toEqual(['champions']);
    expect(m.explanation.en).toContain('tier Gold');
    expect(m.explanation.en).toContain('segment champions');
    expect(m.explanation.zh).toContain('黄金客户');
  });

  it('MP-1: a customer matching nothing is not a member, with the reason', () => {
    const m = planGroupMembership(group, { id: 'c1', tier: 'silver', segments: ['loyal'] });
    expect(m).toMatchObject({ member: false, matchedBy: [], tier: null, segments: [] });
    expect(m.explanation.en).toContain('not in');
    expect(isInPlanGroup(group, { id: 'c1' })).toBe(false);
    expect(isInPlanGroup(group, { id: 'c2', segments: ['champions'] })).toBe(true);
  });

  it('MP-1: bad input is a typed error naming the field', () => {
    expect(() => planGroupMembership(group, { id: '' })).toThrow(KehuValidationError);
    const bad = (() => {
      try {
        planGroupMembership(group, { id: 'c1', tier: 'platinum' as never });
      } catch (e) {
        return e as KehuValidationError;
      }
    })();
    expect(bad?.path).toEqual(['customer', 'tier']);
    expect(() => planGroupMembership({ tiers: [], segments: [], customerIds: [] }, { id: 'c1' })).toThrow(
      KehuValidationError,
    );
  });
});

describe('planGroupMembers', () => {
  it('MP-1: ids of the roster in the group, each once, in code-point order', () => {
    const roster: PlanGroupCustomer[] = [
      { id: 'b', tier: 'gold' },
      { id: 'a', segments: ['champions'] },
      { id: 'c9' },
      { id: 'b', tier: 'gold' },
      { id: 'Z', tier: 'gold' },
      { id: 'x', tier: 'regular' },
    ];
    expect(planGroupMembers(group, roster)).toEqual(['Z', 'a', 'b', 'c9']);
  });

  it('MP-1: a named id the roster lacks is not a member; an empty roster gives an empty list', () => {
    expect(planGroupMembers({ tiers: [], segments: [], customerIds: ['ghost'] }, [{ id: 'c1' }])).toEqual([]);
    expect(planGroupMembers(group, [])).toEqual([]);
  });

  it('MP-1: the path of a bad customer names its index', () => {
    try {
      planGroupMembers(group, [{ id: 'a' }, { id: 'b', segments: [''] }]);
      expect.unreachable();
    } catch (e) {
      expect((e as KehuValidationError).path).toEqual(['customers', 1, 'segments', 0]);
    }
  });

  it('MP-1 (property): members are exactly the customers isInPlanGroup accepts', () => {
    const tier = fc.constantFrom('diamond', 'gold', 'silver', 'regular' as const);
    const customer = fc.record(
      { id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), tier, segments: fc.array(fc.constantFrom('s1', 's2', 's3')) },
      { requiredKeys: ['id'] },
    );
    fc.assert(
      fc.property(fc.array(customer, { maxLength: 12 }), (roster) => {
        const members = planGroupMembers(group, roster);
        const expected = [...new Set(roster.filter((c) => isInPlanGroup(group, c)).map((c) => c.id))].sort();
        expect(members).toEqual(expected);
      }),
    );
  });
});
