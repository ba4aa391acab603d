import { isKehuError } from '@kehu/core';
import { Command, CommanderError } from 'commander';
import { demoCommand } from './commands/demo.js';
import { importCommand } from './commands/import.js';
import { migrateCommand } from './commands/migrate.js';
import { reportCommand } from './commands/report.js';
import { rfmCommand } from './commands/rfm.js';
import { CommandFailure, EXIT, type ExitCode } from './exit.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

function program(io: CliIo): Command {
  const root = new Command('kehu')
    .description('Kehu (客户): the customer-management practice of a well-run sales and service department.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(run "kehu --help" for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const command of [demoCommand(io), rfmCommand(io), importCommand(io), migrateCommand(io), reportCommand(io)])
    root.addCommand(command.copyInheritedSettings(root));
  return root;
}

/** The exit code and message for an error a command threw (see {@link EXIT}). */
function explain(error: unknown): { code: ExitCode; message: string } {
  if (error instanceof CommandFailure) return { code: error.exitCode, message: error.message };
  if (isKehuError(error)) {
    switch (error.code) {
      case 'UNKNOWN_STORAGE':
        return { code: EXIT.usage, message: error.message };
      case 'BAD_HEADER':
        return { code: EXIT.badInput, message: error.message };
      case 'BAD_ROW':
        return { code: EXIT.badInput, message: `${error.message} (--strict)` };
      default:
        return { code: EXIT.failure, message: `${error.code}: ${error.message}` };
    }
  }
  return { code: EXIT.failure, message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs the `kehu` command line with `argv` (without the node and script paths) and
 * returns the exit code (see {@link EXIT}); never calls `process.exit`. Output goes to
 * `io`; a failure is one line on `io.stderr`, never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const root = program(io);
  if (argv.length === 0) {
    root.outputHelp();
    return EXIT.ok;
  }
  try {
    await root.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    const { code, message } = explain(error);
    io.stderr.write(`kehu: ${message}\n`);
    return code;
  }
}
