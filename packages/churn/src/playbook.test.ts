import { KehuPolicyError, KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLAYBOOK,
  type PlaybookPolicyInput,
  parsePlaybookPolicy,
  playbookFor,
  RESPONSE_URGENCIES,
} from './playbook.js';
import { CHURN_REASON_CODES } from './taxonomy.js';

describe('response playbook (rule CH-6)', () => {
  it('CH-6: the default playbook is a valid policy with at least one response per CH-5 reason', () => {
    expect(parsePlaybookPolicy(DEFAULT_PLAYBOOK)).toEqual(DEFAULT_PLAYBOOK);
    for (const code of CHURN_REASON_CODES) {
      const p = playbookFor(code);
      expect(p.responses.length).toBeGreaterThan(0);
      expect(p.source).toBe('default');
      for (const x of p.responses) {
        expect(x.label.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(x.role.length).toBeGreaterThan(0);
      }
    }
  });

  it('CH-6: each family gets its response: service, price changes, product innovation, internal management', () => {
    const kinds = (code: Parameters<typeof playbookFor>[0]) => playbookFor(code).responses.map((x) => x.kind);
    expect(kinds('service.slow-response')).toContain('improve-service');
    expect(kinds('price.too-high')).toContain('adjust-pricing');
    expect(playbookFor('price.too-high').responses.map((x) => x.id)).toContain('offer-discount');
    expect(playbookFor('price.competitor-cheaper').responses.map((x) => x.id)).toContain('run-promotion');
    expect(kinds('market.product-obsolete')).toContain('product-innovation');
    expect(kinds('internal.staff')).toContain('improve-internal-management');
  });

  it('CH-6: a host overrides one reason; the others keep the default; responses come most urgent first', () => {
    const policy = {
      reasons: {
        'price.too-high': {
          responses: [
            { id: 'b', kind: 'adjust-pricing', role: 'x', urgency: 'normal', label: { en: 'B', zh: '乙' } },
            { id: 'a', kind: 'adjust-pricing', role: 'y', urgency: 'immediate', label: { en: 'A', zh: '甲' } },
            { id: 'c', kind: 'adjust-pricing', role: 'z', urgency: 'normal', label: { en: 'C', zh: '丙' } },
          ],
        },
      },
    } satisfies PlaybookPolicyInput;
    const p = playbookFor('price.too-high', policy);
    expect(p.source).toBe('policy');
    expect(p.responses.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(playbookFor('service.quality', policy).source).toBe('default');
    expect(playbookFor('service.quality', {})).toEqual(playbookFor('service.quality'));
    for (const code of CHURN_REASON_CODES) {
      const u = playbookFor(code).responses.map((x) => RESPONSE_URGENCIES.indexOf(x.urgency));
      expect(u).toEqual([...u].sort((a, b) => a - b));
    }
  });

  it('CH-6: a bad policy is a KehuPolicyError naming the field; a bad reason a KehuValidationError', () => {
    const bad = { reasons: { 'price.too-high': { responses: [] } } };
    expect(() => playbookFor('price.too-high', bad)).toThrow(KehuPolicyError);
    try {
      playbookFor('price.too-high', { reasons: { 'price.cheap': { responses: [] } } } as never);
    } catch (e) {
      expect(e).toBeInstanceOf(KehuPolicyError);
      expect((e as KehuPolicyError).path[0]).toBe('reasons');
    }
    expect(() => playbookFor('price' as never)).toThrow(KehuValidationError);
  });
});
