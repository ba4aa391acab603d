/** A writable text stream (process.stdout, process.stderr, or a test buffer). */
export interface TextOutput {
  /** Writes text. */
  write(text: string): unknown;
  /** True when the stream is an interactive terminal. */
  isTTY?: boolean;
}

/** Where the CLI writes and what it reads from its environment. */
export interface CliIo {
  /** Results. */
  stdout: TextOutput;
  /** Progress, warnings and errors. */
  stderr: TextOutput;
  /** Environment variables (e.g. `KEHU_DATABASE_URL`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** An in-memory {@link CliIo} that keeps what was written, for tests and for hosts that run the CLI in process. */
export function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    out: () => out,
    err: () => err,
  };
}
