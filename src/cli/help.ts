import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/package-root.js';
import type { CommandSpec } from './command-line.js';
import { COMMANDS } from './commands.js';
import { DEFAULT_DB } from './options.js';

/** The usage of every command: on stdout for --help and help, on stderr (exit 2) when no command is given. */
export function usageText(): string {
  const lines = COMMANDS.map(({ spec }) => `  bookstream ${spec.name} ${spec.synopsis}`);
  return [
    'usage:',
    ...lines,
    '  bookstream help [COMMAND]            a command\'s options (or bookstream COMMAND --help)',
    '  bookstream --version',
    '',
    `--db defaults to ${DEFAULT_DB}. JSON goes to stdout, indented (one line with --compact); progress and errors to stderr.`,
    'Reading commands (summary, info, transactions, books) never create a store or a book, and work on a read-only store.',
    'Exit status: 0 success, 1 a document failed or was rejected (or the store could not be used), 2 a usage error.',
    '',
  ].join('\n');
}

/** A command's usage line, as its --help starts and as a usage error in its command line ends. */
export function usageLine(spec: CommandSpec): string {
  return `usage: bookstream ${spec.name} ${spec.synopsis}`;
}

/** `bookstream COMMAND --help`: its usage line, what it does, and each option it takes. */
export function commandHelp(spec: CommandSpec): string {
  const options = [
    ...spec.options.map((option) => ({ form: `--${option.name}${option.value === undefined ? '' : ` ${option.value}`}`, help: option.help })),
    { form: '--help, -h', help: 'this help' },
  ];
  const width = Math.max(...options.map((option) => option.form.length)) + 2;
  return [
    usageLine(spec),
    '',
    spec.about,
    '',
    'options:',
    ...options.map((option) => `  ${option.form.padEnd(width)}${option.help}`),
    '',
  ].join('\n');
}

/** The version in package.json. */
export function versionText(): string {
  const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return `${version}\n`;
}
