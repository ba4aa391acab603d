import { KehuPolicyError, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyRootCause,
  DEFAULT_ROOT_CAUSE_POLICY,
  improvementActionsFor,
  parseRootCausePolicy,
  ROOT_CAUSES,
  rootCauseLabel,
  rootCauseSchema,
} from './root-cause.js';

describe('root-cause taxonomy (rule SL-7)', () => {
  it('SL-7: four causes as data with English and Chinese labels', () => {
    expect(ROOT_CAUSES.map((c) => c.id)).toEqual(rootCauseSchema.options);
    expect(ROOT_CAUSES.map((c) => c.label.zh)).toEqual(['产品质量', '流程缺陷', '沟通问题', '其他']);
    expect(rootCauseLabel('communication')).toEqual({ en: 'Communication failure', zh: '沟通问题' });
  });

  it('SL-7: every cause has improvement actions labelled in both languages', () => {
    for (const c of rootCauseSchema.options) {
      const actions = improvementActionsFor(c);
      expect(actions.length).toBeGreaterThan(0);
      for (const a of actions) {
        expect(a.label.en).not.toBe('');
        expect(a.label.zh).not.toBe('');
        expect(a.rules).toContain('SL-7');
      }
    }
    expect(improvementActionsFor('product-quality').map((a) => a.id)).toContain('quality-inspection');
    expect(() => improvementActionsFor('weather' as never)).toThrow(
      expect.objectContaining({ name: 'KehuValidationError', path: ['cause'] }),
    );
    const custom = improvementActionsFor('other', {
      actions: { other: [{ id: 'ask', label: { en: 'Ask the customer', zh: '询问客户' } }] },
    });
    expect(custom).toEqual([{ id: 'ask', label: { en: 'Ask the customer', zh: '询问客户' }, rules: ['SL-7'] }]);
  });
});

describe('classifyRootCause (rule SL-7)', () => {
  it('SL-7: a category that names a cause decides it', () => {
    const r = classifyRootCause({ category: 'Delivery', content: 'The staff were rude' });
    expect(r).toMatchObject({
      rootCause: 'process-defect',
      source: 'category',
      matched: ['delivery'],
      rules: ['SL-7'],
    });
    expect(r.label.zh).toBe('流程缺陷');
    expect(r.actions.map((a) => a.id)).toContain('process-review');
    expect(classifyRootCause({ category: '服务态度' }).rootCause).toBe('communication');
  });

  it('SL-7: English keywords in the content, at word starts', () => {
    const r = classifyRootCause('The kettle arrived broken and the lid is defective');
    expect(r).toMatchObject({ rootCause: 'product-quality', source: 'keywords' });
    expect(r.matched).toEqual(['defect', 'broken']);
    expect(r.explanation).toContain('"defect"');
    // "translate" does not contain the keyword "late" at a word start.
    expect(classifyRootCause('Please translate the manual').rootCause).toBe('other');
    expect(classifyRootCause('The parcel came LATE').rootCause).toBe('process-defect');
  });

  it('SL-7: Chinese keywords, full-width forms normalised', () => {
    expect(classifyRootCause('收到的商品有质量问题，屏幕破损').matched).toEqual(['质量', '破损']);
    expect(classifyRootCause({ content: '客服态度很差，还挂电话' })).toMatchObject({
      rootCause: 'communication',
      matched: ['态度', '挂电话'],
    });
    expect(classifyRootCause('快递延误了三天，还发错了货').rootCause).toBe('process-defect');
    expect(classifyRootCause('ＲＵＤＥ staff').rootCause).toBe('communication');
  });

  it('SL-7: most distinct matches win, ties by priority, and the others are reported', () => {
    const r = classifyRootCause('broken item, delivery was late and delayed');
    expect(r.rootCause).toBe('process-defect');
    expect(r.scores).toEqual({ 'product-quality': 1, 'process-defect': 2, communication: 0 });
    expect(r.explanation).toContain('also: product-quality 1');
    expect(classifyRootCause('broken and late').rootCause).toBe('product-quality');
    expect(
      classifyRootCause('broken and late', { priority: ['process-defect', 'product-quality', 'communication'] })
        .rootCause,
    ).toBe('process-defect');
  });

  it('SL-7: nothing matched → other, with no keywords', () => {
    const r = classifyRootCause({ category: 'misc', content: 'Something happened' });
    expect(r).toMatchObject({ rootCause: 'other', source: 'none', matched: [] });
    expect(r.actions.map((a) => a.id)).toEqual(['case-review']);
    expect(classifyRootCause({}).rootCause).toBe('other');
  });

  it('SL-7: the policy is data: own categories and keywords', () => {
    const policy = { categories: { 包装: 'product-quality' as const }, keywords: { communication: ['没人接'] } };
    expect(classifyRootCause({ category: '包装' }, policy).rootCause).toBe('product-quality');
    expect(classifyRootCause('电话没人接', policy).rootCause).toBe('communication');
    // Keywords left out keep their defaults.
    expect(classifyRootCause('屏幕破损', policy).rootCause).toBe('product-quality');
    expect(parseRootCausePolicy(JSON.parse(JSON.stringify(DEFAULT_ROOT_CAUSE_POLICY)))).toEqual(
      DEFAULT_ROOT_CAUSE_POLICY,
    );
  });

  it('SL-7: bad input and bad policies throw with the path', () => {
    expect(() => classifyRootCause({ category: 5 as never })).toThrow(
      expect.objectContaining({ name: 'KehuValidationError', path: ['category'] }),
    );
    expect(() => classifyRootCause(null as never)).toThrow(KehuValidationError);
    expect(() => parseRootCausePolicy({ keywords: { communication: ['ok', ' '] } })).toThrow(
      expect.objectContaining({ name: 'KehuPolicyError', path: ['keywords', 'communication', 1] }),
    );
    expect(() => parseRootCausePolicy({ categories: { x: 'weather' } })).toThrow(
      expect.objectContaining({ path: ['categories', 'x'] }),
    );
    expect(() => classifyRootCause('x', { priority: ['communication', 'communication', 'process-defect'] })).toThrow(
      KehuPolicyError,
    );
  });

  it('SL-7: defaults are not shared between parsed policies', () => {
    const a = parseRootCausePolicy({});
    a.keywords.communication.push('zzz');
    a.actions.other[0]!.label.en = 'changed';
    expect(parseRootCausePolicy({}).keywords.communication).not.toContain('zzz');
    expect(DEFAULT_ROOT_CAUSE_POLICY.actions.other[0]!.label.en).not.toBe('changed');
  });

  it('SL-7: any text gets exactly one cause, whose matched keywords appear in the text (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string(), { nil: undefined }), (content, category) => {
        const r = classifyRootCause({ content, category });
        expect(rootCauseSchema.options).toContain(r.rootCause);
        if (r.source === 'none') expect(r.matched).toEqual([]);
        if (r.source === 'keywords') {
          const text = `${category ?? ''}\n${content}`.normalize('NFKC').toLowerCase();
          for (const k of r.matched) expect(text).toContain(k.toLowerCase());
        }
      }),
    );
  });
});
