import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, collectPageErrors, describeInBrowser, launchChromium } from '../../../tests/support/browser.js';
import { renderReport } from './render-report.js';
import { sampleModel } from './test-support.js';

describeInBrowser('@kehu/report in Chromium', (chromiumPath) => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens a bilingual report with every chart kind: no console error, every chart drawn, a screenshot', async () => {
    const html = renderReport(sampleModel(), { language: 'bilingual' });
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const errors = collectPageErrors(page);
    // Any request would mean the page is not self-contained: count them (setContent itself makes none).
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.setContent(html, { waitUntil: 'load' });

    const figures = await page.$$eval('figure', (all) =>
      all.map((figure) => {
        const svg = figure.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: figure.id,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          caption: figure.querySelector('figcaption')?.textContent ?? '',
          rows: figure.querySelectorAll('table tbody tr').length,
        };
      }),
    );
    expect(figures.map((f) => f.id)).toEqual(['value-grades', 'value-pareto', 'rfm-grid', 'satisfaction-trend']);
    for (const figure of figures) {
      expect(figure.width, figure.id).toBeGreaterThan(0);
      expect(figure.height, figure.id).toBeGreaterThan(0);
      expect(figure.caption).not.toBe('');
      expect(figure.rows).toBeGreaterThan(0);
    }
    // The heading and a Chinese label reached the page as text, and the table of contents leads to its section.
    expect(await page.textContent('h1')).toBe('Customer management report / 客户管理报告');
    expect(await page.getAttribute('nav a[href="#rfm"]', 'href')).toBe('#rfm');
    expect(await page.$eval('#rfm', (s) => s.tagName)).toBe('SECTION');
    await page.screenshot({ path: artifactPath('report.png'), fullPage: true });

    // A phone: the text reflows, and nothing but a chart's own scroller is wider than the screen.
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.$eval('html', (root) => root.scrollWidth)).toBe(375);
    await page.screenshot({ path: artifactPath('report-375.png'), fullPage: true });

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
