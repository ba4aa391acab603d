import { stat } from 'node:fs/promises';
import { CommandFailure, EXIT } from './exit.js';

/**
 * The size of the input file at `path`, after checking that it is a readable file: a
 * missing path, a directory or an unreadable file is a {@link CommandFailure} with
 * `EXIT.noInput` and one clear message.
 */
export async function readableFile(path: string): Promise<number> {
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new CommandFailure(EXIT.noInput, `${path} is a directory: expected a CSV file`);
    size = s.size;
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CommandFailure(EXIT.noInput, `cannot read ${path}: ${reason}`, { cause: error });
  }
  return size;
}
