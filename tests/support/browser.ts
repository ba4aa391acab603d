/**
 * Browser tests share this: headless Chromium from the system's packages (Debian's `chromium`), driven by
 * `playwright-core` with its executable path; never a downloaded browser. `KEHU_CHROMIUM` names another binary.
 * Without a Chromium the tests are skipped with a message saying so, except under CI (`CI` set), where they fail:
 * `.ci/run` installs Chromium, so a missing one there is a broken machine, not a reason to skip.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium binary the browser tests use, or `undefined` when there is none. */
export function findChromium(): string | undefined {
  const named = process.env.KEHU_CHROMIUM;
  if (named !== undefined && named !== '') return existsSync(named) ? named : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Where browser tests write screenshots: `artifacts/` at the repository root (git-ignored). */
export const ARTIFACTS_DIR = join(import.meta.dirname, '..', '..', 'artifacts');

/** The path of an artefact file under {@link ARTIFACTS_DIR} (the directory is created). */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

/** Starts headless Chromium. */
export function launchChromium(executablePath: string): Promise<Browser> {
  // The sandbox needs user namespaces, which containers and CI machines running as root often lack.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

/**
 * A `describe` block for browser tests: `body` gets the Chromium path. Without Chromium it registers one skipped
 * test that says why (or, under CI, one failing test).
 */
export function describeInBrowser(name: string, body: (executablePath: string) => void): void {
  const path = findChromium();
  if (path !== undefined) {
    describe(name, () => body(path));
    return;
  }
  const why = 'no Chromium found: install Debian\u2019s `chromium` package or set KEHU_CHROMIUM to a Chromium binary';
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
    describe(name, () => {
      it('needs Chromium under CI', () => {
        throw new Error(`${why} (.ci/run installs it)`);
      });
    });
    return;
  }
  describe(name, () => {
    it.skip(`SKIPPED: ${why}`, () => {});
  });
}

/** Collects the console errors and page errors of a page, to assert there are none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}
