import { KehuValidationError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import type { GradeAssignmentInput } from './inputs.js';
import { createKehu } from './kehu.js';

const ctx = { actor: 'am-7', at: '2026-01-05T09:00:00+08:00', reason: 'test' };

describe('createKehu', () => {
  it('refuses bad options with the path of the bad field', () => {
    expect(() => createKehu({ storage: createMemoryStorage(), maxRetries: -1 })).toThrow(KehuValidationError);
    expect(() => createKehu({ storage: {} as never })).toThrow(/KehuStorage/);
  });

  it('wires contact records, surveys, grades and the audit log (rules CA-9, SA-1, GR-4, AR-4)', async () => {
    const kehu = createKehu({ storage: createMemoryStorage() });
    await kehu.customers.create(
      { id: 'c-1', kind: 'person', name: '张伟', status: 'active', createdAt: '2026-01-05T09:00:00+08:00' },
      ctx,
    );
    await kehu.contactRecords.record(
      {
        id: 'r-1',
        customerId: 'c-1',
        at: '2026-01-12T10:00:00+08:00',
        channel: 'phone',
        purpose: 'post-purchase',
        owner: 'am-7',
        outcome: 'completed',
        summary: '使用顺利',
      },
      ctx,
    );
    expect((await kehu.contactRecords.listByCustomer('c-1')).items).toHaveLength(1);
    const responses = [
      { id: 's-1', surveyId: 'csat', customerId: 'c-1', answeredAt: '2026-01-20T10:00:00+08:00', answers: { csat: 5 } },
    ];
    expect(await kehu.surveys.recordResponses(responses)).toEqual({ inserted: 1, duplicates: 0 });
    expect(await kehu.surveys.recordResponses(responses)).toEqual({ inserted: 0, duplicates: 1 });
    await expect(
      kehu.surveys.recordResponses([{ ...responses[0]!, id: 's-2', answers: { csat: Number.NaN } }]),
    ).rejects.toMatchObject({ path: [0, 'answers', 'csat'] });
    const grade: GradeAssignmentInput = {
      customerId: 'c-1',
      tier: 'gold',
      effectiveFrom: '2026-02-01T00:00:00+08:00',
      source: 'evaluation',
      assignedBy: 'system',
      reason: 'rank 12',
    };
    await kehu.grades.assign(grade, ctx);
    await kehu.grades.assign({ ...grade, tier: 'diamond', reason: 'rank 3' }, ctx);
    expect((await kehu.grades.history('c-1')).map((g) => g.tier)).toEqual(['gold', 'diamond']);
    expect((await kehu.grades.current('c-1'))!.version).toBe(2);
    expect((await kehu.audit.list()).items.map((e) => e.entity)).toEqual([
      'customer',
      'contact-record',
      'grade',
      'grade',
    ]);
    await kehu.close();
    await expect(kehu.customers.count()).rejects.toMatchObject({ code: 'STORAGE_CLOSED' });
  });
});
