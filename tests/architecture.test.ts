import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dependency direction of the workspace:
 * domain packages → core (and calendar for business time);
 * storage contract → core; adapters and the conformance suite → storage contract;
 * sdk → domain packages and storage; report (charts and the HTML report) → core; sample-data → core;
 * ingest (Node.js) → core, storage and the domain packages; cli → sdk, ingest, sample-data, report (and adapters
 * to open a store).
 * What one domain package needs from another flows as plain data typed in core.
 */
const root = join(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages')).filter((d) =>
  existsSync(join(root, 'packages', d, 'package.json')),
);
/** Every package that is neither infrastructure nor a shell is a domain package: core, calendar and the modules. */
const NOT_DOMAIN = new Set(['storage', 'sdk', 'cli', 'ingest', 'sample-data', 'report']);
const DOMAIN = packages.filter((d) => !NOT_DOMAIN.has(d) && !d.startsWith('storage-'));
/** Packages whose sources may use Node.js APIs; every other package runs anywhere JavaScript runs. */
const NODE_ONLY = new Set(['ingest', 'cli', 'storage-postgres']);

const allowed = (name: string): ((dep: string) => boolean) => {
  if (name === 'core') return () => false;
  if (name === 'calendar') return (d) => d === 'core';
  if (DOMAIN.includes(name)) return (d) => d === 'core' || d === 'calendar';
  if (name === 'storage') return (d) => d === 'core';
  if (name.startsWith('storage-')) return (d) => d === 'core' || d === 'storage';
  if (name === 'sample-data' || name === 'report') return (d) => d === 'core';
  if (name === 'ingest') return (d) => DOMAIN.includes(d) || d === 'storage';
  if (name === 'sdk') return (d) => DOMAIN.includes(d) || d === 'storage';
  if (name === 'cli') return (d) => d !== 'cli';
  return () => false;
};
const manifest = (dir: string) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
const kehuDeps = (m: Record<string, Record<string, string> | undefined>, fields: string[]) =>
  fields
    .flatMap((f) => Object.keys(m[f] ?? {}))
    .filter((d) => d.startsWith('@kehu/'))
    .map((d) => d.slice('@kehu/'.length));

describe('workspace architecture', () => {
  it.each(packages)('%s depends only on what its layer allows (runtime and peer deps)', (dir) => {
    const m = manifest(dir);
    expect(m.name).toBe(`@kehu/${dir}`);
    const bad = kehuDeps(m, ['dependencies', 'peerDependencies', 'optionalDependencies']).filter(
      (d) => !allowed(dir)(d),
    );
    expect(bad, `${dir} must not depend on ${bad.join(', ')}`).toEqual([]);
  });

  it.each(packages)('%s is published the same way as every package', (dir) => {
    const m = manifest(dir);
    expect(m.sideEffects).toBe(false);
    expect(m.files).toEqual(['dist']);
    expect(m.type).toBe('module');
    const dot = m.exports?.['.'];
    // Dual ESM + CommonJS packages give types first in each condition; an ESM-only package
    // (the conformance suite: vitest has no CommonJS build) gives them first at the top.
    const conditions = dot.import === undefined ? [dot] : [dot.import, dot.require];
    for (const condition of conditions) expect(Object.keys(condition)[0]).toBe('types');
    expect(existsSync(join(root, 'packages', dir, 'README.md'))).toBe(true);
  });

  it('would reject the edges the rules forbid', () => {
    expect(allowed('rfm')('storage')).toBe(false);
    expect(allowed('grading')('rfm')).toBe(false); // domain packages exchange plain data typed in core
    expect(allowed('sla')('calendar')).toBe(true);
    expect(allowed('core')('storage')).toBe(false);
    expect(allowed('storage-memory')('sdk')).toBe(false);
    expect(allowed('sdk')('cli')).toBe(false);
    expect(allowed('sdk')('storage-memory')).toBe(false);
    expect(allowed('sample-data')('sdk')).toBe(false);
    expect(allowed('ingest')('sdk')).toBe(false);
    expect(allowed('ingest')('grading')).toBe(true);
    expect(allowed('rfm')('ingest')).toBe(false);
  });

  it('lists the domain packages that exist', () => {
    expect(DOMAIN).toEqual(expect.arrayContaining(['core', 'calendar', 'grading', 'rfm', 'sla']));
    for (const d of DOMAIN) expect(existsSync(join(root, 'packages', d, 'package.json'))).toBe(true);
  });

  // Test files are excluded: `*.test.ts`, and the conformance suites (`*.suite.ts`), which run under vitest.
  it('keeps Node.js APIs out of every package but ingest, cli and storage-postgres (tests excluded)', () => {
    const node = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]!]));
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? sources(join(dir, e.name))
          : e.name.endsWith('.ts') && !/\.(test|suite)\.ts$/.test(e.name)
            ? [join(dir, e.name)]
            : [],
      );
    const offenders: string[] = [];
    for (const dir of packages.filter((d) => !NODE_ONLY.has(d))) {
      const src = join(root, 'packages', dir, 'src');
      if (!existsSync(src)) continue;
      for (const file of sources(src)) {
        const text = readFileSync(file, 'utf8');
        for (const [, spec] of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)) {
          if (spec!.startsWith('node:') || node.has(spec!)) offenders.push(`${relative(root, file)}: ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('has no dependency cycles (including dev dependencies)', () => {
    const graph = new Map(
      packages.map((d) => [d, kehuDeps(manifest(d), ['dependencies', 'peerDependencies', 'devDependencies'])]),
    );
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (n: string, trail: string[]): void => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'visiting') throw new Error(`cycle: ${[...trail, n].join(' → ')}`);
      state.set(n, 'visiting');
      for (const d of graph.get(n) ?? []) visit(d, [...trail, n]);
      state.set(n, 'done');
    };
    for (const n of graph.keys()) visit(n, []);
  });

  it('keeps domain packages free of storage, sdk and cli', () => {
    for (const dir of packages.filter((d) => DOMAIN.includes(d))) {
      const deps = kehuDeps(manifest(dir), ['dependencies', 'peerDependencies', 'devDependencies']);
      expect(deps.filter((d) => d.startsWith('storage') || d === 'sdk' || d === 'cli')).toEqual([]);
    }
  });
});
