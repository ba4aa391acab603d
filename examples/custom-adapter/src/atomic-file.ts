import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Flushes a file or directory to disk (directories: where the platform allows it). */
async function fsyncPath(path: string, directory = false): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic.
    if (!directory) throw error;
  }
}

/**
 * Writes `data` to `directory/name` so that a reader (or a restart after a crash) sees
 * either the old file or the whole new one: write a temporary file in the same directory,
 * fsync it, rename it over the target, fsync the directory.
 */
export async function writeFileAtomic(directory: string, name: string, data: string): Promise<void> {
  const target = join(directory, name);
  const temporary = join(directory, `${name}.${randomUUID()}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await fsyncPath(directory, true);
}

/** Writes a new immutable file (no rename needed: nothing refers to it until the manifest does). */
export async function writeFileDurable(directory: string, name: string, data: string): Promise<void> {
  const handle = await open(join(directory, name), 'w');
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
