/**
 * Exit codes of the `kehu` command, one table for every command (documented in the
 * package README). Scripts can switch on them; the message on stderr says the rest.
 */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** The command ran and failed: the store refused a write, a database was unreachable. */
  failure: 1,
  /**
   * The command line was wrong: unknown command or option, a bad value, an unknown
   * `--storage`, or several currencies without `--currency`.
   */
  usage: 2,
  /** The input file is missing, a directory or unreadable. */
  noInput: 3,
  /** The input is unusable: its header lacks a required column, or a bad row stopped a `--strict` run. */
  badInput: 4,
  /** The output file cannot be written. */
  cannotWrite: 5,
  /** Nothing to do: no rows match the chosen `--currency`. */
  noRows: 6,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the command has already explained: `runCli` prints `message` and returns `exitCode`. */
export class CommandFailure extends Error {
  /** The exit code to return. */
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CommandFailure';
    this.exitCode = exitCode;
  }
}
