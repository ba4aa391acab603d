import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * Every page of docs/guide shows its code in one ```ts block that is, verbatim, the file
 * docs/guide/examples/<page>.ts. These tests check that the block and the file agree, then
 * run the file, so the guide's code cannot drift from the packages.
 */
const guide = join(import.meta.dirname, '..', 'docs', 'guide');
const example = (page: string) => join(guide, 'examples', `${page}.ts`);

/** The ```ts blocks of a page, without their fences. */
async function tsBlocks(page: string): Promise<string[]> {
  const markdown = await readFile(join(guide, `${page}.md`), 'utf8');
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

const PAGES = [
  'first-app-pglite',
  'postgres-server',
  'writing-an-adapter',
  'bulk-import',
  'sla-checks',
  'tuning-policies',
  'personal-data',
] as const;

describe('guide pages show their example files verbatim', () => {
  it.each(PAGES)('%s', async (page) => {
    const blocks = await tsBlocks(page);
    expect(blocks, `docs/guide/${page}.md must have exactly one ts block`).toHaveLength(1);
    expect(blocks[0]).toBe(await readFile(example(page), 'utf8'));
  });

  it('the examples type-check with the workspace settings (strict)', () => {
    const root = join(import.meta.dirname, '..');
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    // pg's types are a dev dependency of @kehu/storage-postgres, not of the workspace root.
    const paths = { ...options.paths, pg: ['packages/storage-postgres/node_modules/@types/pg'] };
    const program = ts.createProgram(PAGES.map(example), { ...options, paths, noEmit: true });
    // Only the examples' own diagnostics: the packages are type-checked by the test command.
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(guide))
      .map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(errors).toEqual([]);
  });

  it('the guide index links every page', async () => {
    const index = await readFile(join(guide, 'README.md'), 'utf8');
    for (const page of PAGES) expect(index).toContain(`(${page}.md)`);
  });
});

/** Imports an example (running its top-level code) with console output silenced. */
async function run(page: string): Promise<Record<string, unknown>> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    return await import(pathToFileURL(example(page)).href);
  } finally {
    log.mockRestore();
  }
}

describe('guide pages run', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('first-app-pglite: stores customers, sales and grades in a PGlite directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kehu-guide-'));
    dirs.push(dir);
    vi.stubEnv('KEHU_DATA_DIR', join(dir, 'nested', 'app'));
    try {
      const { diamondCustomers } = await run('first-app-pglite');
      expect(diamondCustomers).toEqual(['张伟', 'Li Na']);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('bulk-import: imports idempotently and scans without storing', async () => {
    const { rerun, analysis } = await run('bulk-import');
    expect(rerun).toMatchObject({ rows: 5, written: 0, alreadyStored: 4, bad: 1 });
    expect(analysis).toEqual([
      { customerId: 'c-1', rfm: '331', tier: 'diamond' },
      { customerId: 'c-2', rfm: '113', tier: 'diamond' },
    ]);
  });

  it('sla-checks: checks only at nextCheckAt and notifies each escalation once', async () => {
    const { log, boardNextCheckAt } = await run('sla-checks');
    expect(log).toEqual([
      '2025-09-30T08:00:00.000Z escalate to department-manager: intake',
      '2025-09-30T08:00:00.000Z call the customer back: written-complaint',
      '2025-09-30T15:12:00.000Z escalate to supervisor: warning of preliminary-solution',
      '2025-09-30T16:00:00.000Z escalate to department-manager: breach of preliminary-solution',
      '2025-09-30T16:00:00.000Z call the customer back: deadline-passed of preliminary-solution',
      '2025-10-14T05:48:00.000Z escalate to supervisor: warning of resolution',
      '2025-10-14T10:00:00.000Z escalate to department-manager: breach of resolution',
      '2025-10-14T10:00:00.000Z call the customer back: deadline-passed of resolution',
    ]);
    expect(boardNextCheckAt).toEqual(new Date('2025-10-11T04:00:00.000Z'));
  });

  it('personal-data: sealed in the store, found by phone, exported and erased', async () => {
    const page = await run('personal-data');
    expect(page).toMatchObject({
      storedName: '[sealed]',
      shown: '欧*** 138****5678',
      found: ['c-1'],
      exportedTransactions: 1,
      keyDestroyed: true,
      nameAfter: '[erased]',
      amountAfter: '1280.5',
    });
  });

  it('tuning-policies: host policies are checked and change the results', async () => {
    const { tiers, firstReplyDue, compensationOffer } = await run('tuning-policies');
    expect(tiers).toEqual({ diamond: 2, gold: 2, silver: 2, regular: 4 });
    expect(firstReplyDue).toEqual({ default: '2026-06-27T09:00:00.000Z', acme: '2026-06-29T04:00:00.000Z' });
    expect(compensationOffer).toBe('discount 300 (capped: true)');
  });

  // The page's code is idempotent, so it runs in one fixed schema, again on every run.
  it.runIf(process.env.KEHU_TEST_DATABASE_URL)(
    'postgres-server: parallel updates on a server lose nothing',
    async () => {
      vi.stubEnv('DATABASE_URL', process.env.KEHU_TEST_DATABASE_URL!);
      vi.stubEnv('KEHU_SCHEMA', 'kehu_guide');
      try {
        const { stored } = await run('postgres-server');
        expect(stored).toEqual(['export', 'key-account', 'vip']);
      } finally {
        vi.unstubAllEnvs();
      }
    },
  );
});

// The adapter page is a vitest file itself: importing it registers the conformance suite
// and its SDK smoke test here.
await import(pathToFileURL(example('writing-an-adapter')).href);
