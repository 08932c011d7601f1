import { DEFAULT_LOCK_TIMEOUT_MS } from '../api/store.js';
import { checkThreadsOption } from '../ingest/ingest.js';
import { EXTRA_FIELDS } from '../report/extra-fields.js';
import { CommandLineError, stringValue, type CommandLine, type CommandSpec, type OptionSpec } from './command-line.js';
import type { CommandOptions } from './command-options.js';

export const DEFAULT_DB = 'bookstream.db';

/** The options the store commands share; each command lists those it takes (src/cli/commands.ts). */
export const OPTIONS = {
  db: { name: 'db', value: 'FILE', help: `the store, a SQLite file (default ${DEFAULT_DB} in the working folder)` },
  book: { name: 'book', value: 'NAME', help: 'the book (a borrower\'s case file) by its name' },
  source: { name: 'source', value: 'PLAID|FINICITY', help: 'read the inputs as this aggregator\'s exports only (case-sensitive)' },
  pool: { name: 'pool', value: 'N', help: 'worker threads reading and normalizing (0: none; default 1, and a document under 1 MiB read inline)' },
  lockTimeout: {
    name: 'lock-timeout', value: 'SECONDS',
    help: `how long to wait while another process writes the store (default ${DEFAULT_LOCK_TIMEOUT_MS / 1000})`,
  },
  extraFields: { name: 'extra-fields', value: 'a,b', help: `summary fields given only when asked for: ${EXTRA_FIELDS.join(', ')}` },
  rules: { name: 'rules', value: 'DIR', help: 'a folder of lenders.json and terms.json replacing the shipped data/rules/' },
  results: { name: 'out', value: 'RESULTS.ndjson', help: 'the results file: one line per book, appended as each book commits' },
  jobs: { name: 'jobs', value: 'N', help: 'inputs read at once (default: the machine\'s cores)' },
  compact: { name: 'compact', help: 'JSON on one line (default: indented by 2 spaces), for every JSON this command prints' },
} as const satisfies Record<string, OptionSpec>;

/** The command line of a store command as CommandOptions; a value that is not right is a usage error naming the option. */
export function commandOptions(spec: CommandSpec, line: CommandLine): CommandOptions {
  const value = (name: string) => stringValue(line, name);
  const db = value('db') ?? DEFAULT_DB;
  if (db === '') throw new CommandLineError('--db needs a file path (or :memory:)', spec);
  const book = value('book');
  if (book !== undefined && book.trim() === '') throw new CommandLineError('--book needs a name that is not empty', spec);
  return {
    db,
    book,
    source: sourceOf(spec, value('source')),
    poolSize: threads(spec, '--pool', value('pool')),
    paths: line.paths,
    extraFields: value('extra-fields'),
    rules: value('rules'),
    lockTimeoutMs: lockTimeoutMs(spec, value('lock-timeout')),
    out: value('out'),
    jobs: threads(spec, '--jobs', value('jobs')),
    compact: line.values.compact === true,
  };
}

function sourceOf(spec: CommandSpec, source: string | undefined): CommandOptions['source'] {
  if (source === undefined || source === 'PLAID' || source === 'FINICITY') return source;
  throw new CommandLineError(`--source must be PLAID or FINICITY (case-sensitive), not ${JSON.stringify(source)}`, spec);
}

/** A number of threads, checked here in full: a usage error found later would come after the store was made. */
function threads(spec: CommandSpec, option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new CommandLineError(`${option} must be a whole number, not ${JSON.stringify(text)}`, spec);
  try {
    checkThreadsOption(option, Number(text));
  } catch (error) {
    throw new CommandLineError((error as Error).message, spec);
  }
  return Number(text);
}

function lockTimeoutMs(spec: CommandSpec, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new CommandLineError(`--lock-timeout must be a number of seconds (60, 0.5), not ${JSON.stringify(text)}`, spec);
  return Math.round(Number(text) * 1000);
}
