import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeFileDurable } from './atomic-file.js';
import { emptyTables, TABLES, type TableName, type Tables } from './tables.js';

/** `manifest.json`: the one file whose atomic replacement commits a transaction. */
export interface Manifest {
  /** File format version. */
  format: 1;
  /** Increases with every commit. */
  generation: number;
  /** The last audit `seq` handed out. */
  auditSeq: number;
  /** The data file of each table (absent: the table is empty). */
  files: Partial<Record<TableName, string>>;
}

const MANIFEST = 'manifest.json';
/** A table's data file: `<table>.<generation>.json`. */
const DATA_FILE = new RegExp(`^(${TABLES.join('|')})\\.\\d+\\.json$`);

/**
 * Opens the store in `directory` (created if missing): reads the manifest and the table
 * files it names. Files it does not name are leftovers of a commit that crashed before
 * its manifest was written, and are deleted.
 */
export async function loadGeneration(directory: string): Promise<{ manifest: Manifest; tables: Tables }> {
  await mkdir(directory, { recursive: true });
  let manifest: Manifest = { format: 1, generation: 0, auditSeq: 0, files: {} };
  try {
    manifest = JSON.parse(await readFile(join(directory, MANIFEST), 'utf8')) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const tables = emptyTables();
  for (const table of TABLES) {
    const file = manifest.files[table];
    if (file === undefined) continue;
    const entries = JSON.parse(await readFile(join(directory, file), 'utf8')) as Array<[string, never]>;
    tables[table] = new Map(entries);
  }
  const referenced = new Set(Object.values(manifest.files));
  for (const name of await readdir(directory)) {
    if ((DATA_FILE.test(name) && !referenced.has(name)) || name.endsWith('.tmp'))
      await rm(join(directory, name), { force: true });
  }
  return { manifest, tables };
}

/**
 * Commits new contents of the `changed` tables: each is written to a new file of the next
 * generation (fsynced), then the manifest naming them is replaced atomically. That
 * rename is the commit point: a crash before it leaves the previous generation intact
 * (the new files are unreferenced and deleted at the next open), a crash after it leaves
 * the new one. Old files are deleted last.
 */
export async function commitGeneration(
  directory: string,
  manifest: Manifest,
  changed: Partial<Tables>,
  auditSeq: number,
): Promise<Manifest> {
  const generation = manifest.generation + 1;
  const files = { ...manifest.files };
  for (const table of TABLES) {
    const map = changed[table];
    if (map === undefined) continue;
    const name = `${table}.${generation}.json`;
    await writeFileDurable(directory, name, JSON.stringify([...map]));
    files[table] = name;
  }
  const next: Manifest = { format: 1, generation, auditSeq, files };
  await writeFileAtomic(directory, MANIFEST, JSON.stringify(next));
  for (const table of TABLES) {
    const old = manifest.files[table];
    if (old !== undefined && old !== files[table]) await rm(join(directory, old), { force: true });
  }
  return next;
}
