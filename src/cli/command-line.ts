import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';

/** One option of a command: its name without dashes, the placeholder of its value (none for a switch), and its help. */
export interface OptionSpec {
  readonly name: string;
  /** `FILE`, `NAME`, `N`…; undefined for a switch (an option without a value). */
  readonly value?: string;
  readonly help: string;
}

/** What a command takes on its command line, and what its --help says. */
export interface CommandSpec {
  readonly name: string;
  /** The synopsis after `bookstream NAME`: `--db FILE --book NAME [--rules DIR] PATH...`. */
  readonly synopsis: string;
  /** What the command does, for its --help (one or more lines). */
  readonly about: string;
  readonly options: readonly OptionSpec[];
  /** Options that must be given (their names). */
  readonly required?: readonly string[];
  /** Whether the command takes paths (positional arguments), and then at least one; a command that takes none refuses them. */
  readonly takesPaths: boolean;
}

/** A command of the command line: what it takes, and what runs it once its arguments are read. */
export interface CliCommand {
  readonly spec: CommandSpec;
  /** Runs the command; returns its exit status (0 success, 1 a document failed or was rejected). */
  run(line: CommandLine): Promise<number>;
}

/** What was given: each option's value (true for a switch), and the paths. */
export interface CommandLine {
  readonly values: Readonly<Record<string, string | true | undefined>>;
  readonly paths: readonly string[];
}

/**
 * A mistake in the command line itself (an unknown option, a stray argument, a required option missing): said
 * with the command's usage line, unlike other usage errors (no such book, a bad rules folder), which are one line.
 */
export class CommandLineError extends UsageError {
  constructor(
    message: string,
    /** The command whose usage line follows the message. */
    readonly command: CommandSpec,
  ) {
    super(message);
  }
}

export const HELP_OPTIONS = new Set(['--help', '-h']);

/**
 * Reads a command's arguments by its spec, or returns 'help' when --help or -h is among them (whatever else is).
 * Node's parseArgs does the splitting; the checks are made here, with messages that name what is wrong and how
 * to write it (strict parseArgs says "…as in '-- "--bogus"", quotes unbalanced).
 */
export function readCommandLine(spec: CommandSpec, args: readonly string[]): CommandLine | 'help' {
  const options = Object.fromEntries(spec.options.map((option) => [option.name, { type: option.value === undefined ? 'boolean' : 'string' } as const]));
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some((token) => token.kind === 'option' && HELP_OPTIONS.has(token.rawName))) return 'help';
  const values: Record<string, string | true> = {};
  const paths: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (!spec.takesPaths) throw new CommandLineError(`Unexpected argument '${token.value}'`, spec);
      paths.push(token.value);
    } else if (token.kind === 'option') {
      values[token.name] = optionValue(spec, token.rawName, token.value, token.inlineValue);
    }
  }
  checkGiven(spec, values, paths);
  return { values, paths };
}

/** The required options, and a path when the command takes paths. */
function checkGiven(spec: CommandSpec, values: Readonly<Record<string, string | true>>, paths: readonly string[]): void {
  for (const name of spec.required ?? []) {
    if (values[name] !== undefined) continue;
    const option = spec.options.find((candidate) => candidate.name === name);
    throw new CommandLineError(`--${name}${option?.value === undefined ? '' : ` ${option.value}`} is required`, spec);
  }
  if (spec.takesPaths && paths.length === 0) throw new CommandLineError(`${spec.name} needs at least one input: a file or a folder (PATH...)`, spec);
}

/** The value of one option given, checked against the spec. */
function optionValue(spec: CommandSpec, rawName: string, value: string | undefined, inline: boolean | undefined): string | true {
  const option = spec.options.find((candidate) => `--${candidate.name}` === rawName);
  if (option === undefined) throw new CommandLineError(`Unknown option '${rawName}'`, spec);
  if (option.value === undefined) {
    if (value !== undefined) throw new CommandLineError(`${rawName} takes no value`, spec);
    return true;
  }
  // `--db --book x` would read "--book" as the file: a value that looks like an option must be written --db=-x.
  if (value === undefined || (inline !== true && value.startsWith('-'))) {
    throw new CommandLineError(`${rawName} needs a value (${rawName} ${option.value})`, spec);
  }
  return value;
}

/** A string option's value, or undefined when it was not given. */
export function stringValue(line: CommandLine, name: string): string | undefined {
  const value = line.values[name];
  return typeof value === 'string' ? value : undefined;
}
