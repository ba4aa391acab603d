import { describe, expect, it } from 'vitest';
import { chartOption } from './chart-options.js';
import { renderSvg, scopeSvgIds, withViewBox } from './render-svg.js';
import { sampleModel } from './test-support.js';

describe('renderSvg', () => {
  it('renders every kind to an SVG with a viewBox, without a DOM', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    for (const chart of sampleModel().sections.flatMap((s) => s.charts)) {
      const { option, height } = chartOption(chart, 'bilingual', 600);
      const svg = renderSvg(option, { width: 600, height });
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(`viewBox="0 0 600 ${height}"`);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg).not.toMatch(/<script|<foreignObject|<image/i);
      // A double quote inside a double-quoted attribute would end it: the font stack quotes with single quotes.
      expect(svg).not.toMatch(/font-family:\s*"/);
      expect(svg).toContain("font-family:'Noto Sans CJK SC'");
    }
  });

  it('adds a viewBox to an SVG without one and leaves one that has it', () => {
    expect(withViewBox('<svg width="10" height="5"></svg>', { width: 10, height: 5 })).toBe(
      '<svg viewBox="0 0 10 5" width="10" height="5"></svg>',
    );
    const has = '<svg viewBox="0 0 1 1"></svg>';
    expect(withViewBox(has, { width: 10, height: 5 })).toBe(has);
  });
});

describe('scopeSvgIds', () => {
  it('prefixes the generated ids, classes and their references, never text', () => {
    const svg =
      '<svg><defs><clipPath id="zr3-c0"></clipPath></defs><path class="zr3-cls-1" clip-path="url(#zr3-c0)" ' +
      'fill="url(#zr3-g0)"></path><text>zr3-c0 url(#zr3-c0) .zr3-cls-1</text>' +
      '<style ><![CDATA[\n.zr3-cls-1:hover {\ncursor:pointer;\n}\n]]></style></svg>';
    expect(scopeSvgIds(svg, 'kehu-a-')).toBe(
      '<svg><defs><clipPath id="kehu-a-zr3-c0"></clipPath></defs><path class="kehu-a-zr3-cls-1" ' +
        'clip-path="url(#kehu-a-zr3-c0)" fill="url(#kehu-a-zr3-g0)"></path>' +
        '<text>zr3-c0 url(#zr3-c0) .zr3-cls-1</text>' +
        '<style ><![CDATA[\n.kehu-a-zr3-cls-1:hover {\ncursor:pointer;\n}\n]]></style></svg>',
    );
  });

  it('leaves every reference of a rendered chart pointing at an element of the same chart', () => {
    const { option, height } = chartOption(sampleModel().sections[1]!.charts[0]!, 'en', 600);
    const svg = scopeSvgIds(renderSvg(option, { width: 600, height }), 'kehu-x-');
    const ids = new Set([...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
    const refs = [...svg.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ids.has(ref)).toBe(true);
    expect(svg).not.toMatch(/(?:id|class)="zr|url\(#zr|\.zr\d/);
  });
});
