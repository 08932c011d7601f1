import { parseArgs } from 'node:util';
import { UsageError } from './core/errors.js';
import type { CommandOptions } from './cli/command-options.js';
import { commands, DEFAULT_DB } from './cli/commands.js';
import { forTerminal } from './cli/terminal-text.js';
import { DEFAULT_LOCK_TIMEOUT_MS } from './api/store.js';
import { generateCommand } from './cli/generate-command.js';

const USAGE = `usage:
  bookstream ingest --db FILE --book NAME [--source PLAID|FINICITY] [--pool N] [--lock-timeout SECONDS] PATH...
  bookstream summary --db FILE --book NAME [--extra-fields a,b] [--rules DIR]
  bookstream info --db FILE --book NAME
  bookstream transactions --db FILE --book NAME [--rules DIR]
  bookstream books --db FILE
  bookstream batch --db FILE --out RESULTS.ndjson [--jobs N] [--rules DIR] [--extra-fields a,b] [--source PLAID|FINICITY] PATH...
                                       every input file (or folder's Finicity bundle) its own book, one result line each
  bookstream demo [--db FILE]          ingest the bundled sample exports (data/) and print the book
  bookstream generate --format plaid-assets|plaid-transactions|plaid-statements|finicity --out PATH [--size 2GB | --transactions N] [--accounts N] [--months N] [--seed N] [--books N]
--db defaults to ${DEFAULT_DB}. JSON goes to stdout, progress and errors to stderr.
--rules: a folder of lenders.json and terms.json replacing the shipped data/rules/ (copy it and edit it).
--jobs: inputs read at once by batch (default: the machine's cores); a re-run of a batch passes over the books done.
--lock-timeout: how long ingest waits while another process writes the store (default ${DEFAULT_LOCK_TIMEOUT_MS / 1000}).
Reading commands never create a store or a book, and work on a read-only store.
Exit status: 0 success, 1 a document failed or was rejected, 2 a usage error.`;

/** Runs the command line; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return name === undefined ? 2 : 0;
    }
    // generate writes inputs and opens no store: it parses its own options.
    if (name === 'generate') return await generateCommand(rest);
    const command = commands[name];
    if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
    return await command(parseOptions(rest));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`bookstream: ${forTerminal(error.message)}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`bookstream: ${forTerminal((error as Error).message)}\n`);
    return 1;
  }
}

function parseOptions(args: readonly string[]): CommandOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        db: { type: 'string', default: DEFAULT_DB },
        book: { type: 'string' },
        source: { type: 'string' },
        pool: { type: 'string' },
        'extra-fields': { type: 'string' },
        rules: { type: 'string' },
        'lock-timeout': { type: 'string' },
        out: { type: 'string' },
        jobs: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { db, book, source, pool, 'extra-fields': extraFields, rules, 'lock-timeout': lockTimeout, out, jobs } = parsed.values;
  if (source !== undefined && source !== 'PLAID' && source !== 'FINICITY') {
    throw new UsageError(`--source must be PLAID or FINICITY (case-sensitive), not ${JSON.stringify(source)}`);
  }
  if (pool !== undefined && !/^\d+$/.test(pool)) throw new UsageError(`--pool must be a whole number, not ${JSON.stringify(pool)}`);
  if (jobs !== undefined && !/^\d+$/.test(jobs)) throw new UsageError(`--jobs must be a whole number, not ${JSON.stringify(jobs)}`);
  if (lockTimeout !== undefined && !/^\d+(\.\d+)?$/.test(lockTimeout)) {
    throw new UsageError(`--lock-timeout must be a number of seconds (60, 0.5), not ${JSON.stringify(lockTimeout)}`);
  }
  const lockTimeoutMs = lockTimeout === undefined ? undefined : Math.round(Number(lockTimeout) * 1000);
  return { db: db!, book, source, poolSize: pool === undefined ? undefined : Number(pool), paths: parsed.positionals, extraFields, rules, lockTimeoutMs,
    out, jobs: jobs === undefined ? undefined : Number(jobs) };
}
