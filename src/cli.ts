import { UsageError } from './core/errors.js';
import { CommandLineError, HELP_OPTIONS, readCommandLine, type CliCommand } from './cli/command-line.js';
import { commandNamed, COMMANDS } from './cli/commands.js';
import { commandHelp, usageLine, usageText, versionText } from './cli/help.js';
import { forTerminal } from './cli/terminal-text.js';

const VERSION_OPTIONS = new Set(['--version', '-V']);

/** Runs the command line; returns the exit status (SPEC §6: 0 success, 1 a document failed or was rejected, 2 a usage error). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    process.stderr.write(errorText(error));
    return error instanceof UsageError ? 2 : 1;
  }
}

async function run([name, ...rest]: readonly string[]): Promise<number> {
  if (name === undefined) {
    process.stderr.write(usageText());
    return 2;
  }
  if (HELP_OPTIONS.has(name) || name === 'help') return help(rest);
  if (VERSION_OPTIONS.has(name)) {
    process.stdout.write(versionText());
    return 0;
  }
  const command = namedCommand(name);
  const line = readCommandLine(command.spec, rest);
  if (line === 'help') return help([name]);
  return command.run(line);
}

/** `bookstream help [COMMAND]`, `bookstream --help`, `bookstream COMMAND --help`: on stdout, exit 0. */
function help(names: readonly string[]): number {
  if (names.length > 1) throw new UsageError('help takes one command name at most, as in: bookstream help ingest');
  process.stdout.write(names[0] === undefined ? usageText() : commandHelp(namedCommand(names[0]).spec));
  return 0;
}

function namedCommand(name: string): CliCommand {
  const command = commandNamed(name);
  if (command !== undefined) return command;
  const names = COMMANDS.map(({ spec }) => spec.name).join(', ');
  const hint = name.startsWith('-') ? 'options come after the command; ' : '';
  throw new UsageError(`unknown command ${JSON.stringify(name)} (${hint}commands: ${names}; bookstream --help for more)`);
}

/** One line naming what is wrong; a mistake in a command line is followed by that command's usage line. */
function errorText(error: unknown): string {
  const message = `bookstream: ${forTerminal(error instanceof Error ? error.message : String(error))}\n`;
  return error instanceof CommandLineError ? `${message}${usageLine(error.command)}\n` : message;
}
