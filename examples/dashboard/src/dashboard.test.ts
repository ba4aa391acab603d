/**
 * The dashboard in headless Chromium against the example service over loopback HTTP: an in-memory PGlite store
 * seeded with a small sample business and a fixed clock. One browser and one page load for the file: the page shows
 * the board, the call lists, the risks and the report's charts; the board changes after a complaint event is posted
 * (by fetch, then by the page's own form); the dashboard routes refuse bad parameters with problem details; the
 * keyboard reaches every control in document order; the language switch and a 375 px screen work.
 */
import { chinaCalendar } from '@kehu/calendar';
import type { Kehu } from '@kehu/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedSampleBusiness } from '../../service/src/seed.js';
import { type RunningService, startService } from '../../service/src/server.js';
import { artifactPath, collectPageErrors, describeInBrowser, launchChromium } from '../../../tests/support/browser.js';

/** The service clock: the morning after the sample business's as-of day (Beijing time). */
const NOW = new Date('2026-07-01T09:00:00+08:00');
const ACTOR = 'dashboard-test';
/**
 * An urgent complaint received 22 hours before the clock and not answered: its first reply is due in two hours, its
 * preliminary solution (8 hours) is breached, and it is escalated to level 2 (rule SL-4).
 */
const UNANSWERED = 'k-dashboard-1';

/** Fills the store with a small sample business, one unanswered complaint and stored churn scores. */
async function seed(kehu: Kehu): Promise<void> {
  await seedSampleBusiness(kehu, { seed: 7, customers: 60, asOf: '2026-06-30' });
  await kehu.complaints.open(
    {
      id: UNANSWERED,
      customerId: 'c-00001',
      contactDetails: '13800000000',
      content: '送货延误 Late delivery',
      occurredAt: '2026-06-30T10:00:00+08:00',
      receivedAt: '2026-06-30T11:00:00+08:00',
      channel: 'phone',
      severity: 'urgent',
      category: 'delivery',
    },
    'agent-01',
  );
  await kehu.churn.score({ asOf: NOW, sla: { calendar: chinaCalendar() }, record: { actor: ACTOR } });
}

/** The little of the browser's DOM the page functions below use (the project compiles without the DOM library). */
interface PageElement {
  dataset: Record<string, string | undefined>;
  tagName: string;
  id: string;
  tabIndex: number;
  checkVisibility(): boolean;
  focus(): void;
  removeAttribute(name: string): void;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<PageElement>;
  body: PageElement;
  activeElement: PageElement | null;
  documentElement: { scrollWidth: number; lang: string };
};
declare function getComputedStyle(element: PageElement): { outlineStyle: string; outlineWidth: string };

/** Marks every control a keyboard user should reach, in document order, and returns how many there are. */
function markControls(): number {
  const selector = [
    'a[href]',
    'button:not([disabled])',
    'input:not([disabled]):not([type="hidden"])',
    'select:not([disabled])',
    'textarea:not([disabled])',
    'summary',
    '[tabindex]:not([tabindex="-1"])',
  ].join(',');
  const controls = [...document.querySelectorAll(selector)].filter((e) => e.checkVisibility());
  controls.forEach((e, i) => {
    e.dataset.tabOrder = String(i);
  });
  // Start the keyboard walk at the top of the document.
  document.body.tabIndex = -1;
  document.body.focus();
  document.body.removeAttribute('tabindex');
  return controls.length;
}

/** The focused control's mark, its tag and whether it shows a focus outline. */
function focusedControl(): { order: string | null; tag: string; outline: boolean } {
  const e = document.activeElement;
  if (e === null) return { order: null, tag: '', outline: false };
  const style = getComputedStyle(e);
  return {
    order: e.dataset.tabOrder ?? null,
    tag: `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}`,
    outline: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0,
  };
}

describeInBrowser('examples/dashboard in Chromium', (chromiumPath) => {
  let running: RunningService;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    // Chromium starts while the store is migrated and seeded.
    const launching = launchChromium(chromiumPath);
    try {
      running = await startService({ memory: true, migrate: true, port: 0, clock: () => new Date(NOW) });
      await seed(running.deps.kehu);
    } finally {
      browser = await launching;
    }
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectPageErrors(page);
    await page.goto(`${running.url}/dashboard/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  const boardRow = (part: string, complaintId: string, metric: string) =>
    page.locator(`[data-part="${part}"] tr[data-complaint="${complaintId}"][data-metric="${metric}"]`);

  it('shows the board, the call lists, the risks and the report with no console error', async () => {
    await page.screenshot({ path: artifactPath('dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(await page.locator('#clock').getAttribute('datetime')).toBe(NOW.toISOString());
    expect(await page.locator('#board tbody tr').count()).toBeGreaterThan(0);
    expect(await boardRow('dueSoon', UNANSWERED, 'first-reply').count()).toBe(1);
    expect(await boardRow('running', UNANSWERED, 'first-reply').count()).toBe(1);
    const breached = boardRow('breached', UNANSWERED, 'preliminary-solution');
    expect(await breached.count()).toBe(1);
    expect(await breached.locator('td').last().textContent()).toContain('2 · Department manager');
    // One collapsible list per account manager (the sample's twelve; approvers of the plan may add more).
    const owners = page.locator('#calls details[data-owner^="am-"]');
    expect(await owners.count()).toBe(12);
    const first = owners.first();
    await first.locator('summary').click();
    expect(await first.locator('tbody tr').count()).toBeGreaterThan(0);
    await first.locator('summary').click();
    const risks = page.locator('#risks tbody tr[data-customer]');
    expect(await risks.count()).toBe(10);
    expect(await risks.first().locator('.reasons li').count()).toBeGreaterThan(0);
    const boxes = await page
      .locator('#report figure svg')
      .evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect()).map((r) => r.width * r.height));
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.every((area) => area > 0)).toBe(true);
  });

  it('shows a complaint event posted to the service once the board is refreshed', async () => {
    const response = await fetch(`${running.url}/v1/complaints/${UNANSWERED}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ type: 'acknowledged', at: NOW.toISOString(), actor: 'agent-01' }] }),
    });
    expect(response.status).toBe(200);
    await page.locator('#refresh-board').click();
    await expect.poll(() => boardRow('running', UNANSWERED, 'first-reply').count()).toBe(0);
    expect(await boardRow('dueSoon', UNANSWERED, 'first-reply').count()).toBe(0);
    // The acknowledgement stops the first-reply clock only: the resolution clock still runs.
    expect(await boardRow('running', UNANSWERED, 'resolution').count()).toBe(1);
    // The board, where the change shows (the whole page is in dashboard.png).
    await page.locator('#board').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('dashboard-updated.png') });
    expect(errors).toEqual([]);
  });

  it('records an event from its own form and shows the board at once', async () => {
    await page.selectOption('#event-complaint', UNANSWERED);
    await page.selectOption('#event-type', 'resolved');
    await page.fill('#event-note', 'replaced on site');
    await page.locator('#event-submit').click();
    await expect
      .poll(async () => (await page.locator('#event-status').textContent()) ?? '')
      .toContain(`Recorded resolved on ${UNANSWERED}`);
    // No refresh click: the page reads the board itself after posting. Resolved stops the resolution clock and
    // starts the feedback one (rule SL-8).
    await expect.poll(() => boardRow('running', UNANSWERED, 'resolution').count()).toBe(0);
    expect(await boardRow('running', UNANSWERED, 'feedback').count()).toBe(1);
    expect(await boardRow('breached', UNANSWERED, 'preliminary-solution').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('answers bad parameters of its routes with problem details naming the parameter', async () => {
    for (const [query, path] of [
      ['risks?limit=0', 'limit'],
      ['risks?limit=ten', 'limit'],
      ['calls?date=2026-13-01', 'date'],
      ['calls?date=2026-06-01', 'date'],
    ] as const) {
      const response = await fetch(`${running.url}/v1/dashboard/${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await response.json()) as { errors: Array<{ path: unknown[] }> };
      expect(problem.errors[0]?.path, query).toEqual([path]);
    }
    const later = (await (await fetch(`${running.url}/v1/dashboard/calls?date=2026-07-02`)).json()) as {
      date: string;
      owners: unknown[];
    };
    expect(later.date).toBe('2026-07-02');
    expect(later.owners.length).toBeGreaterThanOrEqual(12);
  });

  it('lets a keyboard user reach every control in order, with a visible focus', async () => {
    const count = await page.evaluate(markControls);
    expect(count).toBeGreaterThan(10);
    const reached: string[] = [];
    let previous: string | null = null;
    for (let i = 0; i < count; i++) {
      // A date input takes a Tab per field (month, day, year): move on until focus leaves it.
      let focused = await page.evaluate(focusedControl);
      for (let presses = 0; presses < 5 && (presses === 0 || focused.order === previous); presses++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(focusedControl);
      }
      expect(focused.order, `Tab stop ${i}: ${focused.tag}`).toBe(String(i));
      expect(focused.outline, `focus outline of ${focused.tag}`).toBe(true);
      reached.push(focused.tag);
      previous = focused.order;
    }
    expect(reached.slice(0, 3)).toEqual(['a', 'input#as-of', 'select#language']);
  });

  it('switches to one language, the report included', async () => {
    await page.selectOption('#language', 'en');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('h1 [data-lang="zh"]').isHidden()).toBe(true);
    expect(await page.locator('h1 [data-lang="en"]').isVisible()).toBe(true);
    // The figures are fetched again in English only.
    await expect
      .poll(async () => /[\u4e00-\u9fff]/.test((await page.locator('#report figure').first().textContent()) ?? ''))
      .toBe(false);
    expect(errors).toEqual([]);
  });

  it('fits a 375 px wide screen without sideways scrolling of the page', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
