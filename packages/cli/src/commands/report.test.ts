import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_SURVEY } from '@kehu/sample-data';
import { REPORT_SECTION_IDS } from '@kehu/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { EXIT } from '../exit.js';
import { captureIo } from '../io.js';
import { instantOption, sectionList } from './report.js';

let dir: string;
let store: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehu-report-cli-'));
  store = `pglite:${join(dir, 'pglite')}`;
  // A small sample business on PGlite, stored by the demo (which writes no report here).
  const io = captureIo();
  const seeded = await runCli(
    ['demo', '--customers', '120', '--seed', '5', '--storage', store, '--keys', join(dir, 'keys.json'), '--no-report'],
    io,
  );
  expect(seeded, io.err()).toBe(EXIT.ok);
  expect(io.out()).not.toContain('Report 报告');
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('kehu report', () => {
  it('writes one HTML file with every section of a stored sample business, prints its path and sections', async () => {
    const out = join(dir, 'out', 'report.html');
    // The satisfaction section reads the answers to the survey the policies name.
    const policies = join(dir, 'policies.json');
    await writeFile(policies, JSON.stringify({ satisfaction: { survey: SAMPLE_SURVEY } }));
    const io = captureIo();
    const args = ['report', '--storage', store, '--as-of', '2026-06-30', '--out', out, '--policies', policies];
    expect(await runCli(args, io), io.err()).toBe(EXIT.ok);
    const html = await readFile(out, 'utf8');
    expect(html.slice(0, 15).toLowerCase()).toBe('<!doctype html>');
    for (const id of REPORT_SECTION_IDS) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/<svg[\s>]/);
    expect(io.out()).toMatch(new RegExp(`^Report 报告: ${out.replaceAll('.', '\\.')} \\([\\d,]+ KB\\)\\n`));
    for (const id of REPORT_SECTION_IDS)
      expect(io.out()).toMatch(new RegExp(`^  ${id} +\\S.* · \\d+ charts? 图表`, 'm'));
    expect(io.err()).toContain('reporting on PGlite (embedded PostgreSQL)');
    expect(io.out()).toMatch(/^ {2}satisfaction +\S.* · [1-9]\d* charts? 图表$/m);
    // Written through a temporary file renamed over the target: nothing else is left in the folder.
    expect(await readdir(join(dir, 'out'))).toEqual(['report.html']);
  });

  it('writes the sections asked for, in one language', async () => {
    const out = join(dir, 'two.html');
    const io = captureIo();
    const args = ['report', '--storage', store, '--as-of', '2026-06-30T23:59:59+08:00', '--out', out];
    expect(await runCli([...args, '--sections', 'sla,value', '--language', 'en'], io), io.err()).toBe(EXIT.ok);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('id="value"');
    expect(html).toContain('id="sla"');
    expect(html).not.toContain('id="churn"');
    expect(io.out().split('\n').slice(1, 3)).toEqual([
      expect.stringMatching(/^ {2}value /),
      expect.stringMatching(/^ {2}sla /),
    ]);
  });

  it('reports on an empty store with a note per section instead of charts', async () => {
    const out = join(dir, 'empty.html');
    const io = captureIo();
    expect(await runCli(['report', '--storage', 'memory', '--as-of', '2026-06-30', '--out', out], io)).toBe(EXIT.ok);
    const html = await readFile(out, 'utf8');
    expect(html.slice(0, 15).toLowerCase()).toBe('<!doctype html>');
    for (const id of REPORT_SECTION_IDS) expect(html).toContain(`id="${id}"`);
    expect(io.out()).toMatch(/· 0 charts 图表 \(/);
  });

  it.each([
    [['--as-of', '30/06/2026'], '--as-of'],
    [['--as-of', '2026-02-30'], '--as-of'],
    [['--as-of', '2026-06-30T10:00:00'], '--as-of'],
    [['--as-of', '2026-06-30', '--from', 'last year'], '--from'],
    [['--as-of', '2026-06-30', '--previous-as-of', '2026-13-01'], '--previous-as-of'],
    [['--as-of', '2026-06-30', '--language', 'fr'], '--language'],
    [['--as-of', '2026-06-30', '--sections', 'value,gossip'], '--sections'],
    [['--as-of', '2026-06-30', '--sections', 'value,value'], '--sections'],
    [['--as-of', '2026-06-30', '--previous-as-of', '2026-07-31'], '--previous-as-of'],
    [[], '--as-of'],
  ])('exits with the usage code naming the option for %j', async (args, option) => {
    const out = join(dir, 'refused.html');
    const io = captureIo();
    expect(await runCli(['report', '--storage', 'memory', '--out', out, ...args], io)).toBe(EXIT.usage);
    expect(io.err()).toContain(option);
    expect(io.out()).toBe('');
    await expect(readFile(out)).rejects.toThrow();
  });

  it('refuses an unknown store and an --out it cannot write, leaving no temporary file', async () => {
    const unknown = captureIo();
    const args = ['report', '--as-of', '2026-06-30'];
    expect(await runCli([...args, '--storage', 'floppy:A', '--out', join(dir, 'x.html')], unknown)).toBe(EXIT.usage);
    expect(unknown.err()).toMatch(/unknown storage "floppy:A"/);
    const folder = join(dir, 'a-folder');
    await mkdir(folder);
    const io = captureIo();
    expect(await runCli([...args, '--storage', 'memory', '--out', folder], io)).toBe(EXIT.cannotWrite);
    expect(io.err()).toBe(`kehu: cannot write ${folder}: it is a directory\n`);
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const nested = captureIo();
    expect(await runCli([...args, '--storage', 'memory', '--out', join(file, 'r.html')], nested)).toBe(
      EXIT.cannotWrite,
    );
    expect(nested.err()).toMatch(`kehu: cannot write ${join(file, 'r.html')}: ${file} is not a folder\n`);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const badPolicies = join(dir, 'bad-policies.json');
    await writeFile(badPolicies, JSON.stringify({ gossip: {} }));
    const unknownModule = captureIo();
    const out = join(dir, 'x.html');
    expect(await runCli([...args, '--storage', 'memory', '--out', out, '--policies', badPolicies], unknownModule)).toBe(
      EXIT.usage,
    );
    expect(unknownModule.err()).toMatch(/^kehu: --policies: .*gossip/m);
    await writeFile(badPolicies, '{ not json');
    const notJson = captureIo();
    expect(await runCli([...args, '--storage', 'memory', '--out', out, '--policies', badPolicies], notJson)).toBe(
      EXIT.badInput,
    );
    expect(notJson.err()).toMatch(/^kehu: --policies: .* is not JSON/);
    // The demo refuses such a --report before it stores anything.
    const demo = captureIo();
    expect(await runCli(['demo', '--customers', '10', '--storage', 'memory', '--report', folder], demo)).toBe(
      EXIT.cannotWrite,
    );
    expect(demo.err()).toBe(`kehu: cannot write ${folder}: it is a directory\n`);
  });
});

describe('report options', () => {
  it('reads a date as the start or the end of that day in Beijing time, an instant as it is', () => {
    expect(instantOption('end')('2026-06-30').toISOString()).toBe('2026-06-30T15:59:59.999Z');
    expect(instantOption('start')('2026-06-30').toISOString()).toBe('2026-06-29T16:00:00.000Z');
    expect(instantOption('end')('2026-06-30T12:00:00Z').toISOString()).toBe('2026-06-30T12:00:00.000Z');
    expect(() => instantOption('end')('2026-06-31')).toThrow(/expected an ISO-8601 instant/);
  });

  it('reads a comma-separated list of known sections, each once', () => {
    expect(sectionList('churn, value')).toEqual(['churn', 'value']);
    expect(() => sectionList('')).toThrow(/unknown section ""/);
    expect(() => sectionList('rfm,rfm')).toThrow(/once/);
  });
});
