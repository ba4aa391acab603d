import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import { TIERS, compareTiers, gradeAssignmentToJson, parseGradeAssignment } from './grade.js';
import { TIER_LABELS } from './labels.js';

describe('grades (rules GR-1, GR-4)', () => {
  it('has four tiers, highest first, with bilingual labels', () => {
    expect(TIERS).toEqual(['diamond', 'gold', 'silver', 'regular']);
    expect(compareTiers('diamond', 'gold')).toBeLessThan(0);
    expect(compareTiers('regular', 'silver')).toBeGreaterThan(0);
    expect(TIER_LABELS.diamond).toEqual({ en: 'Diamond', zh: '钻石客户' });
  });
  it('requires a reason, and an expiry for overrides', () => {
    const base = {
      customerId: 'c1',
      tier: 'gold',
      effectiveFrom: '2025-01-01T00:00:00Z',
      source: 'evaluation',
      assignedBy: 'system',
      reason: 'rank 12 of 2000',
    };
    const g = parseGradeAssignment(base);
    expect(gradeAssignmentToJson(g)).toMatchObject({ tier: 'gold', effectiveFrom: '2025-01-01T00:00:00.000Z' });
    expect(() => parseGradeAssignment({ ...base, reason: '' })).toThrow(KehuValidationError);
    expect(() => parseGradeAssignment({ ...base, source: 'override' })).toThrow(/expiry/);
    expect(() => parseGradeAssignment({ ...base, source: 'override', expiresAt: '2024-01-01T00:00:00Z' })).toThrow(
      /after effectiveFrom/,
    );
  });
});
