#!/usr/bin/env node
// The consumer test: what a new user gets from the packed packages in a fresh npm project.
//
// Packages must be built first (`pnpm build`). For every non-private package under packages/ it
//   1. packs the package with pnpm (which rewrites `workspace:` ranges) and checks the tarball ships LICENSE;
//   2. installs every tarball into one scratch npm project (dependencies come from the npm registry);
//   3. takes the package README's runnable example, the first ```ts block of the README (a block whose first
//      line is a comment naming a `*.test.ts` file is a vitest test file), and writes it twice: as ESM (`.mts`,
//      verbatim) and as CommonJS (`.cts`, its statements inside an async function, since CommonJS has no
//      top-level await);
//   4. type-checks those files and the assertion files of tests/consumer/ (each copied as `.mts` and `.cts`)
//      with `strict` under `module: nodenext`, `node16`, and `bundler` resolution with `module: esnext` (ESM
//      form only), with `skipLibCheck: false` except for the packages listed in tests/consumer/skip-lib-check.json;
//   5. runs the nodenext output under Node, ESM and CommonJS, each in a fresh empty working directory, and checks
//      that it exits 0 (vitest test files run with vitest, ESM only).
// Besides its example, each package is imported whole (`import * as`) in a file of its own, type-checked without
// skipLibCheck and loaded as ESM and as CommonJS, so every package's declarations and both builds are covered.
// It prints one line per check and `N passed, N failed`, and exits non-zero on any failure.
// KEHU_CONSUMER_KEEP=1 keeps the scratch project and prints its path.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const ts = require('typescript');
const tscBin = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const fixtures = join(root, 'tests', 'consumer');
const started = performance.now();
const RUN_TIMEOUT_MS = 60_000;

let passed = 0;
let failed = 0;
/** Prints one check's line (and its details on failure) and counts it. */
function report(ok, check, subject, details = '') {
  if (ok) passed++;
  else failed++;
  const line = `${ok ? 'ok  ' : 'FAIL'} ${check.padEnd(16)} ${subject}`;
  if (ok) console.log(line);
  else console.error(`${line}\n${indent(details.trim())}`);
}
const indent = (text) =>
  text
    .split('\n')
    .slice(0, 40)
    .map((l) => `     ${l}`)
    .join('\n');

/** Runs a command; resolves with its exit code and output instead of throwing. */
async function exec(file, args, options = {}) {
  try {
    const { stdout, stderr } = await run(file, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', ...options });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const timedOut = e.killed && e.signal === 'SIGTERM';
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: `${timedOut ? 'timed out\n' : ''}${e.stderr ?? e}` };
  }
}

/** Runs `tasks` (functions returning promises) at most `limit` at a time. */
async function pool(tasks, limit) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

// --- the packages, from disk -------------------------------------------------------------------------------
const packages = [];
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const manifestPath = join(root, 'packages', dir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private) continue;
  // A package without a `require` condition is ESM-only on purpose: its CommonJS forms are not checked.
  const esmOnly = manifest.exports?.['.']?.require === undefined;
  packages.push({ dir, manifest, name: manifest.name, readme: join(root, 'packages', dir, 'README.md'), esmOnly });
}
const skipLibCheckFor = new Set(readJson(join(fixtures, 'skip-lib-check.json'), { packages: [] }).packages);

function readJson(path, fallback) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : fallback;
}

// --- 1. pack ------------------------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'kehu-consumer-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
mkdirSync(tarballs);
mkdirSync(join(app, 'src'), { recursive: true });

const pnpm = process.env.npm_execpath?.includes('pnpm')
  ? [process.execPath, [process.env.npm_execpath]]
  : ['npx', ['--yes', 'pnpm@10']];
const filters = packages.flatMap((p) => ['--filter', p.name]);
const packed = await exec(pnpm[0], [...pnpm[1], '-r', ...filters, 'pack', '--pack-destination', tarballs], {
  cwd: root,
});
if (packed.code !== 0) {
  report(false, 'pack', 'every package', packed.stderr || packed.stdout);
  finish();
}
for (const p of packages) {
  const file = `${p.name.replace(/^@/, '').replace('/', '-')}-${p.manifest.version}.tgz`;
  p.tarball = join(tarballs, file);
  if (!existsSync(p.tarball)) {
    report(false, 'pack', p.name, `no ${file} in the pack output`);
    continue;
  }
  const listing = await exec('tar', ['-tzf', p.tarball]);
  report(listing.stdout.split('\n').includes('package/LICENSE'), 'license', p.name, 'the tarball has no LICENSE');
}

// --- 2. the README examples ---------------------------------------------------------------------------------
/** The runnable example of a README: its first ```ts block. */
function readmeExample(path) {
  if (!existsSync(path)) return undefined;
  const match = /^```(?:ts|typescript)[ \t]*\r?\n([\s\S]*?)^```/m.exec(readFileSync(path, 'utf8'));
  return match?.[1];
}

/** The example as a CommonJS module: imports stay on top, the other statements run in an async function. */
function toCommonJs(code) {
  const file = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true);
  const head = [];
  const body = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) {
      head.push(statement.getFullText());
      continue;
    }
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) continue;
    let text = statement.getFullText();
    // `export` is meaningless inside a function: drop the modifier, keep the declaration.
    const exported = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    for (const modifier of [...exported].reverse()) {
      if (modifier.kind !== ts.SyntaxKind.ExportKeyword && modifier.kind !== ts.SyntaxKind.DefaultKeyword) continue;
      const start = modifier.getStart() - statement.getFullStart();
      const end = modifier.getEnd() - statement.getFullStart();
      text = text.slice(0, start) + text.slice(end).replace(/^\s+/, '');
    }
    body.push(text);
  }
  const entry = 'main().catch((error: unknown) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n';
  return `${head.join('')}\n\nasync function main(): Promise<void> {${body.join('')}\n}\n\n${entry}`;
}

/** Bare module specifiers a source imports, other than Kehu's own packages and Node's built-ins. */
function thirdPartyImports(code) {
  const file = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true);
  const names = new Set();
  for (const statement of file.statements) {
    const spec = ts.isImportDeclaration(statement) ? statement.moduleSpecifier : undefined;
    if (!spec || !ts.isStringLiteral(spec)) continue;
    const s = spec.text;
    if (s.startsWith('.') || s.startsWith('@kehu/') || isBuiltin(s)) continue;
    names.add(s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]);
  }
  return names;
}

const sources = []; // { file, subject, form: 'esm' | 'cjs', check: 'run' | 'load', test, skipLibCheck }
const extraDeps = new Set();
for (const p of packages) {
  // The whole package, imported on its own: its declarations are checked without skipLibCheck, and it loads
  // under Node as ESM and as CommonJS, whatever its README example touches.
  const whole = `import * as kehu from '${p.name}';\n\nconsole.log(Object.keys(kehu).length);\n`;
  for (const [ext, form] of [
    ['mts', 'esm'],
    ['cts', 'cjs'],
  ].filter(([, form]) => form === 'esm' || !p.esmOnly)) {
    writeFileSync(join(app, 'src', `${p.dir}.exports.${ext}`), whole);
    sources.push({ file: `${p.dir}.exports.${ext}`, subject: p.name, form, check: 'load', test: false });
  }
  const code = readmeExample(p.readme);
  if (code === undefined) {
    report(false, 'example', p.name, 'README.md has no ```ts block');
    continue;
  }
  p.example = true;
  const test = /^\/\/\s*\S+\.test\.[cm]?[jt]s\b/.test(code.trimStart());
  const stem = `${p.dir}${test ? '.test' : ''}`;
  writeFileSync(join(app, 'src', `${stem}.mts`), code);
  writeFileSync(join(app, 'src', `${stem}.cts`), toCommonJs(code));
  const skipLibCheck = skipLibCheckFor.has(p.name);
  sources.push({ file: `${stem}.mts`, subject: p.name, form: 'esm', check: 'run', test, skipLibCheck });
  if (!p.esmOnly) sources.push({ file: `${stem}.cts`, subject: p.name, form: 'cjs', check: 'run', test, skipLibCheck });
  for (const dep of thirdPartyImports(code)) extraDeps.add(dep);
}
for (const fixture of existsSync(fixtures) ? readdirSync(fixtures).sort() : []) {
  if (!fixture.endsWith('.ts')) continue;
  const stem = basename(fixture, '.ts');
  const code = readFileSync(join(fixtures, fixture), 'utf8');
  for (const [ext, form] of [
    ['mts', 'esm'],
    ['cts', 'cjs'],
  ]) {
    cpSync(join(fixtures, fixture), join(app, 'src', `${stem}.${ext}`));
    sources.push({ file: `${stem}.${ext}`, subject: `tests/consumer/${fixture}`, form, check: 'run', test: false });
  }
  for (const dep of thirdPartyImports(code)) extraDeps.add(dep);
}

// --- 3. one scratch project, one install ---------------------------------------------------------------------
/** `name@version` pinned to the version the workspace uses, so the scratch project sees what the tests saw. */
function pinned(name) {
  const manifest = join(root, 'node_modules', name, 'package.json');
  if (existsSync(manifest)) return `${name}@${readJson(manifest).version}`;
  for (const p of packages) {
    const range = p.manifest.peerDependencies?.[name] ?? p.manifest.dependencies?.[name];
    if (range && !range.startsWith('workspace:')) return `${name}@${range}`;
  }
  return name;
}
for (const p of packages) {
  for (const [name] of Object.entries(p.manifest.peerDependencies ?? {})) {
    if (!p.manifest.peerDependenciesMeta?.[name]?.optional) extraDeps.add(name);
  }
}
writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'kehu-consumer', private: true }, null, 2)}\n`);
const installArgs = [
  'install',
  '--no-audit',
  '--no-fund',
  '--prefer-offline',
  '--loglevel=error',
  pinned('@types/node'),
  ...[...extraDeps].sort().map(pinned),
  ...packages.filter((p) => p.tarball && existsSync(p.tarball)).map((p) => p.tarball),
];
const installStarted = performance.now();
const installed = await exec('npm', installArgs, { cwd: app });
report(
  installed.code === 0,
  'npm install',
  `${packages.length} tarballs + ${extraDeps.size + 1} registry packages (${seconds(installStarted)} s)`,
  installed.stderr,
);
if (installed.code !== 0) finish();

// --- 4. type checks ------------------------------------------------------------------------------------------
const modes = [
  { name: 'nodenext', module: 'nodenext', moduleResolution: 'nodenext', forms: ['esm', 'cjs'], emit: true },
  { name: 'node16', module: 'node16', moduleResolution: 'node16', forms: ['esm', 'cjs'] },
  { name: 'bundler', module: 'esnext', moduleResolution: 'bundler', forms: ['esm'] },
];
const typeChecks = [];
for (const mode of modes) {
  for (const skipLibCheck of [false, true]) {
    const files = sources.filter((s) => mode.forms.includes(s.form) && Boolean(s.skipLibCheck) === skipLibCheck);
    if (files.length === 0) continue;
    const config = `tsconfig.${mode.name}${skipLibCheck ? '.skip-lib-check' : ''}.json`;
    const compilerOptions = {
      strict: true,
      target: 'es2022',
      lib: ['es2023'],
      types: ['node'],
      module: mode.module,
      moduleResolution: mode.moduleResolution,
      skipLibCheck,
      rootDir: 'src',
      outDir: 'out',
      noEmit: !mode.emit,
    };
    const tsconfig = { compilerOptions, files: files.map((s) => `src/${s.file}`) };
    writeFileSync(join(app, config), `${JSON.stringify(tsconfig, null, 2)}\n`);
    typeChecks.push({ mode, config, files, skipLibCheck });
  }
}
const typesStarted = performance.now();
const checked = await pool(
  typeChecks.map((c) => () => exec(process.execPath, [tscBin, '-p', c.config, '--pretty', 'false'], { cwd: app })),
  2,
);
console.log(`     ${typeChecks.length} tsc programs in ${seconds(typesStarted)} s`);
for (const [i, c] of typeChecks.entries()) {
  const errors = checked[i].stdout.split('\n').filter((l) => /error TS\d+/.test(l) || /^\s/.test(l));
  const bySubject = new Map();
  const unattributed = [];
  let subject; // an indented line continues the message of the error above it
  for (const line of errors) {
    if (!/^\s/.test(line)) {
      const source = c.files.find((s) => line.startsWith(`src/${s.file}(`));
      const kehu = /node_modules\/(@kehu\/[^/]+)\//.exec(line)?.[1];
      subject = source?.subject ?? (packages.some((p) => p.name === kehu) ? kehu : undefined);
    }
    if (subject) bySubject.set(subject, [...(bySubject.get(subject) ?? []), line]);
    else unattributed.push(line);
  }
  const label = `types ${c.mode.name}`;
  const note = c.skipLibCheck ? ' (skipLibCheck)' : '';
  for (const subject of [...new Set(c.files.map((s) => s.subject))]) {
    report(!bySubject.has(subject), label, `${subject}${note}`, (bySubject.get(subject) ?? []).join('\n'));
  }
  if (unattributed.length > 0 || (checked[i].code !== 0 && errors.length === 0)) {
    const details = unattributed.join('\n') || checked[i].stderr || checked[i].stdout;
    report(false, label, `third-party types${note}`, details);
  }
}

// --- 5. run the examples, ESM and CommonJS ------------------------------------------------------------------
const vitestBin = join(app, 'node_modules', 'vitest', 'vitest.mjs');
const runs = [];
for (const s of sources) {
  const out = join(app, 'out', s.file.replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs'));
  if (s.test && s.form === 'cjs') {
    console.log(`skip run cjs          ${s.subject} (a vitest test file: vitest runs tests as ESM only)`);
    continue;
  }
  runs.push(async () => {
    const cwd = join(work, 'runs', `${basename(out)}`);
    mkdirSync(cwd, { recursive: true });
    const t0 = performance.now();
    const result = !existsSync(out)
      ? { code: 1, stdout: '', stderr: `tsc emitted no ${basename(out)}` }
      : s.test
        ? await exec(process.execPath, [vitestBin, 'run', '--root', join(app, 'out'), basename(out)], {
            cwd,
            timeout: RUN_TIMEOUT_MS * 2,
            env: { ...process.env, CI: '1' },
          })
        : await exec(process.execPath, [out], { cwd, timeout: RUN_TIMEOUT_MS });
    report(
      result.code === 0,
      `${s.check} ${s.form}`,
      `${s.subject} (${seconds(t0)} s)`,
      `exit ${result.code}\n${result.stderr}${result.stdout}`,
    );
  });
}
await pool(runs, 2);
finish();

function seconds(since) {
  return ((performance.now() - since) / 1000).toFixed(1);
}

function finish() {
  if (process.env.KEHU_CONSUMER_KEEP) console.log(`scratch project kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed (${seconds(started)} s)`);
  process.exit(failed > 0 ? 1 : 0);
}
