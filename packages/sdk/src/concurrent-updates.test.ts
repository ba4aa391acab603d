import { describe, expect, it } from 'vitest';
import { storesUnderTest } from './stores.fixture.js';
import { createKehu } from './kehu.js';

const at = '2026-01-05T09:00:00+08:00';
const ctx = { actor: 'am-7', at, reason: 'tag' };

const stores = storesUnderTest('kehu_sdk_concurrent');

describe.each(stores)('20 concurrent updates of one customer on %s', (_name, open) => {
  it('all succeed with the default retry settings, and the record keeps every change', async () => {
    const kehu = createKehu({ storage: await open() });
    await kehu.customers.create({ id: 'c-1', kind: 'person', name: '张伟', status: 'active', createdAt: at }, ctx);
    const tags = Array.from({ length: 20 }, (_, i) => `tag-${i}`);
    const results = await Promise.allSettled(
      tags.map((tag) => kehu.customers.update('c-1', (c) => ({ ...c, tags: [...c.tags, tag] }), ctx)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const final = (await kehu.customers.get('c-1'))!;
    expect(final.version).toBe(21);
    expect([...final.record.tags].sort()).toEqual([...tags].sort());
  });
});
