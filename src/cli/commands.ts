import { batchCommand } from './batch-command.js';
import type { CliCommand, CommandSpec } from './command-line.js';
import type { Command } from './command-options.js';
import { generateCommand } from './generate-command.js';
import { demoCommand, ingestCommand } from './ingest-command.js';
import { commandOptions, OPTIONS } from './options.js';
import { printJson, printJsonPieces } from './output.js';
import { existingBook, READ, withStore } from './store-access.js';

const { db, book, source, pool, lockTimeout, extraFields, rules, results, jobs, compact } = OPTIONS;

/** A command on a store: its spec, and what runs it with the options read by it. */
function storeCommand(spec: CommandSpec, run: Command): CliCommand {
  return { spec, run: (line) => run(commandOptions(spec, line)) };
}

/** Every command, in the order the usage lists them. */
export const COMMANDS: readonly CliCommand[] = [
  storeCommand({
    name: 'ingest',
    synopsis: '--db FILE --book NAME [--source PLAID|FINICITY] [--pool N] [--lock-timeout SECONDS] [--compact] PATH...',
    about: 'Ingests files into the book, creating the store and the book if needed; a folder stands for its *.json files,\n'
      + 'and a Finicity bundle is its files given together (or their folder). Prints the documents made as JSON;\n'
      + 'a document that failed or was rejected is also said on stderr, and the exit status is then 1.',
    options: [db, book, source, pool, lockTimeout, compact],
    required: ['book'],
    takesPaths: true,
  }, ingestCommand),
  storeCommand({
    name: 'summary',
    synopsis: '--db FILE --book NAME [--extra-fields a,b] [--rules DIR] [--compact]',
    about: 'The book\'s summary (the Ocrolus book-summary object) as JSON. Never creates a store or a book.',
    options: [db, book, extraFields, rules, compact],
    required: ['book'],
    takesPaths: false,
  }, (options) => withStore(options.db, READ, async (store) => {
    const found = await existingBook(store, options);
    await printJsonPieces(found.summaryJson({ extraFields: options.extraFields, rules: options.rules }), options.compact);
    return 0;
  })),
  storeCommand({
    name: 'info',
    synopsis: '--db FILE --book NAME [--compact]',
    about: 'The book\'s info (the Ocrolus book/info object: accounts, documents and their status) as JSON.',
    options: [db, book, compact],
    required: ['book'],
    takesPaths: false,
  }, (options) => withStore(options.db, READ, async (store) => {
    await printJsonPieces((await existingBook(store, options)).infoJson(), options.compact);
    return 0;
  })),
  storeCommand({
    name: 'transactions',
    synopsis: '--db FILE --book NAME [--rules DIR] [--compact]',
    about: 'The book\'s transactions (the Ocrolus /transaction object), each with its classification, as JSON.',
    options: [db, book, rules, compact],
    required: ['book'],
    takesPaths: false,
  }, (options) => withStore(options.db, READ, async (store) => {
    await printJsonPieces((await existingBook(store, options)).transactionsJson({ rules: options.rules }), options.compact);
    return 0;
  })),
  storeCommand({
    name: 'books',
    synopsis: '--db FILE [--compact]',
    about: 'The books of the store as JSON.',
    options: [db, compact],
    takesPaths: false,
  }, (options) => withStore(options.db, READ, async (store) => (await printJson(await store.books(), options.compact), 0))),
  storeCommand({
    name: 'batch',
    synopsis: '--db FILE --out RESULTS.ndjson [--jobs N] [--rules DIR] [--extra-fields a,b] [--source PLAID|FINICITY] [--lock-timeout SECONDS] [--compact] PATH...',
    about: 'Bulk exports: every input file (or folder\'s Finicity bundle) becomes a book of its own, with one result line\n'
      + 'in RESULTS (its summary, or its error) as it commits. A re-run passes over the books done. Prints counts as JSON.',
    options: [db, results, jobs, rules, extraFields, source, lockTimeout, compact],
    required: ['out'],
    takesPaths: true,
  }, batchCommand),
  storeCommand({
    name: 'demo',
    synopsis: '[--db FILE] [--book NAME] [--compact]',
    about: 'Ingests the bundled sample exports (data/) and prints the documents, info, summary and transactions.\n'
      + 'The store is in memory unless --db is given.',
    options: [{ ...db, help: 'a store to keep the demo book in (default: in memory)' }, { ...book, help: 'the book\'s name (default acme-plumbing-demo)' }, compact],
    takesPaths: false,
  }, demoCommand),
  generateCommand,
];

/** The command of that name, if there is one. */
export function commandNamed(name: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.spec.name === name);
}
