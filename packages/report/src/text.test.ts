import { describe, expect, it } from 'vitest';
import { axisHtmlIn, axisNameIn, escapeHtml, htmlIn, paragraphsIn, textIn } from './text.js';

const gold = { en: 'Gold', zh: '黄金客户' };

describe('textIn', () => {
  it('picks one language or joins both', () => {
    expect(textIn(gold, 'en')).toBe('Gold');
    expect(textIn(gold, 'zh')).toBe('黄金客户');
    expect(textIn(gold, 'bilingual')).toBe('Gold 黄金客户');
    expect(textIn(gold, 'bilingual', 'slash')).toBe('Gold / 黄金客户');
  });

  it('shows a text once when both languages say the same, and the given one when the other is empty', () => {
    expect(textIn({ en: '%', zh: '%' }, 'bilingual')).toBe('%');
    expect(textIn({ en: '', zh: '' }, 'bilingual')).toBe('');
    expect(textIn({ en: 'x', zh: '' }, 'zh')).toBe('x');
    expect(textIn({ en: '', zh: '元' }, 'en')).toBe('元');
    expect(textIn({ en: '', zh: '元' }, 'bilingual')).toBe('元');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters HTML gives meaning to', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;',
    );
    expect(escapeHtml('客户 plain')).toBe('客户 plain');
  });
});

describe('htmlIn and paragraphsIn', () => {
  it('marks the Chinese part of bilingual text with its language and escapes both', () => {
    expect(htmlIn({ en: 'A<b>', zh: '甲<乙>' }, 'bilingual')).toBe('A&lt;b&gt; <span lang="zh-CN">甲&lt;乙&gt;</span>');
    expect(htmlIn(gold, 'bilingual', 'slash')).toBe('Gold / <span lang="zh-CN">黄金客户</span>');
    expect(htmlIn(gold, 'zh')).toBe('黄金客户');
  });

  it('writes one paragraph per language', () => {
    expect(paragraphsIn(gold, 'bilingual', 'd')).toBe('<p class="d">Gold</p><p class="d" lang="zh-CN">黄金客户</p>');
    expect(paragraphsIn(gold, 'en', 'd')).toBe('<p class="d">Gold</p>');
  });
});

describe('axisNameIn', () => {
  it('puts the unit in parentheses after the label, and leaves them out without a unit', () => {
    const axis = { label: { en: 'Customers', zh: '客户数' }, unit: { en: 'customers', zh: '位' } };
    expect(axisNameIn(axis, 'bilingual')).toBe('Customers 客户数 (customers 位)');
    expect(axisNameIn(axis, 'zh')).toBe('客户数 (位)');
    expect(axisNameIn({ label: axis.label, unit: { en: '', zh: '' } }, 'en')).toBe('Customers');
  });
});

describe('axisHtmlIn', () => {
  it('is the axis name as escaped HTML, the Chinese parts marked', () => {
    const axis = { label: { en: 'Net <value>', zh: '净值' }, unit: { en: 'CNY', zh: '元' } };
    expect(axisHtmlIn(axis, 'bilingual')).toBe(
      'Net &lt;value&gt; <span lang="zh-CN">净值</span> (CNY <span lang="zh-CN">元</span>)',
    );
    expect(axisHtmlIn({ label: axis.label, unit: { en: '', zh: '' } }, 'en')).toBe('Net &lt;value&gt;');
  });
});
