import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dependency direction of the workspace:
 * domain packages → core (and calendar for business time);
 * storage contract → core; adapters and the conformance suite → storage contract;
 * sdk → domain packages and storage; cli → sdk (and adapters to open a store).
 * What one domain package needs from another flows as plain data typed in core.
 */
const DOMAIN = ['core', 'calendar', 'grading', 'rfm', 'churn', 'cadence', 'sla', 'satisfaction'];
const allowed = (name: string): ((dep: string) => boolean) => {
  if (name === 'core') return () => false;
  if (name === 'calendar') return (d) => d === 'core';
  if (DOMAIN.includes(name)) return (d) => d === 'core' || d === 'calendar';
  if (name === 'storage') return (d) => d === 'core';
  if (name.startsWith('storage-')) return (d) => d === 'core' || d === 'storage';
  if (name === 'sdk') return (d) => DOMAIN.includes(d) || d === 'storage';
  if (name === 'cli') return (d) => d !== 'cli';
  return () => false;
};

const root = join(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages')).filter((d) =>
  existsSync(join(root, 'packages', d, 'package.json')),
);
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
    expect(Object.keys(dot.import)[0]).toBe('types');
    expect(Object.keys(dot.require)[0]).toBe('types');
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
