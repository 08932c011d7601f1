/**
 * `generate(options)`: writes deterministic exports of planted books in one of the four formats, streamed
 * with back-pressure, and returns the manifest of what was planted. The same options write the same bytes.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { FormatWriter, WrittenBook } from './book-output.js';
import { writeFinicity } from './finicity.js';
import { ACCOUNT_KINDS, DEPOSITORY_KINDS, LedgerBook } from './ledger.js';
import { BookTally, type BookManifest, type GenerationManifest } from './manifest.js';
import { DEFAULTS, resolveOptions, type GenerateFormat, type GenerateOptions, type ResolvedOptions } from './options.js';
import { writePlaidAssets } from './plaid-assets.js';
import { plaidTransactionsPaged, writePlaidTransactions } from './plaid-transactions.js';
import { writePlaidStatements } from './plaid-statements.js';
import { mixSeed, Random } from './random.js';
import { isoDay } from './values.js';
import { COUNTING, diskSink, type FileSink } from './writer.js';

const WRITERS: Readonly<Record<GenerateFormat, FormatWriter>> = {
  'plaid-assets': writePlaidAssets,
  'plaid-transactions': writePlaidTransactions,
  'plaid-statements': writePlaidStatements,
  finicity: writeFinicity,
};

/** The key of the format's own random stream (ids, owners), apart from the ledger's. */
const FORMAT_STREAM = 0xf0f0;
/** Rows added in the second dry run that measures how many bytes a row costs. */
const CALIBRATION_ROWS = 2_000;

export async function generate(options: GenerateOptions): Promise<GenerationManifest> {
  const resolved = resolveOptions(options);
  let written = 0;
  const sink = diskSink((bytes) => options.onProgress?.((written += bytes)));
  const count = resolved.books ?? 1;
  if (resolved.books !== null) await prepareFolder(resolved.out);
  const books: BookManifest[] = [];
  for (let index = 0; index < count; index++) {
    // One book: the seed as given. Many: each its own seed, derived from the seed and its number.
    const seed = resolved.books === null ? resolved.seed : mixSeed(resolved.seed, index + 1);
    const path = resolved.books === null ? resolved.out : join(resolved.out, bookName(index, count));
    books.push(await generateBook(resolved, seed, path, sink));
  }
  const { format, out, accounts, months, seed, books: bookCount, size, transactions } = resolved;
  return { format, out, options: { accounts, months, seed, books: bookCount, size, transactions }, bytes: books.reduce((n, book) => n + book.bytes, 0), books };
}

function bookName(index: number, count: number): string {
  return `book-${String(index + 1).padStart(Math.max(3, String(count).length), '0')}`;
}

async function generateBook(options: ResolvedOptions, seed: number, path: string, sink: FileSink): Promise<BookManifest> {
  const transactions = options.transactions ?? (options.size === null ? DEFAULTS.transactions : await rowsForSize(options, seed, options.size));
  const book = ledgerBook(options, seed, transactions);
  const folder = options.format === 'finicity' || (options.format === 'plaid-transactions' && plaidTransactionsPaged(book.transactions));
  const target = options.books !== null && !folder ? `${path}.json` : path;
  await (folder ? prepareFolder(target) : mkdir(dirname(target), { recursive: true }));
  const tally = new BookTally(book.accounts.length);
  const written = await WRITERS[options.format]({ book, tally, sink, path: target, random: Random.at(seed, FORMAT_STREAM) });
  return bookManifest(book, tally, written, target, seed);
}

function ledgerBook(options: ResolvedOptions, seed: number, transactions: number): LedgerBook {
  const kinds = options.format === 'plaid-statements' ? DEPOSITORY_KINDS : ACCOUNT_KINDS;
  return new LedgerBook({ seed, accounts: options.accounts, months: options.months, transactions, kinds });
}

/**
 * How many rows make a book of about `size` bytes: two dry runs that count bytes without writing (the
 * planted rows alone, then 2,000 rows more) give the fixed part and the cost of a row in this format.
 */
async function rowsForSize(options: ResolvedOptions, seed: number, size: number): Promise<number> {
  const dryRun = async (transactions: number): Promise<{ rows: number; bytes: number }> => {
    const book = ledgerBook(options, seed, transactions);
    const tally = new BookTally(book.accounts.length);
    const { bytes } = await WRITERS[options.format]({ book, tally, sink: COUNTING, path: 'dry-run', random: Random.at(seed, FORMAT_STREAM) });
    return { rows: book.transactions, bytes };
  };
  const planted = await dryRun(0);
  const more = await dryRun(planted.rows + CALIBRATION_ROWS);
  const perRow = (more.bytes - planted.bytes) / (more.rows - planted.rows);
  return planted.rows + Math.max(0, Math.round((size - planted.bytes) / perRow));
}

/** A folder to write into: made if missing; one holding anything is refused, since stray pages would join a bundle. */
async function prepareFolder(path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info !== null && !info.isDirectory()) throw new UsageError(`--out ${path} is a file; this output is a folder`);
  if (info !== null && (await readdir(path)).length > 0) throw new UsageError(`--out ${path} is a folder that is not empty; give a new or empty one`);
  await mkdir(path, { recursive: true });
}

function bookManifest(book: LedgerBook, tally: BookTally, written: WrittenBook, path: string, seed: number): BookManifest {
  const totals = tally.summary();
  const { calendar } = book;
  const gap = calendar.gapMonth;
  return {
    path,
    files: written.files,
    bytes: written.bytes,
    seed,
    firstDate: isoDay(calendar.firstDay),
    lastDate: isoDay(calendar.lastDay),
    gapMonth: gap === null ? null : `${Math.floor(gap / 12)}-${String((gap % 12) + 1).padStart(2, '0')}`,
    transactions: { posted: totals.posted, pending: totals.pending },
    accounts: book.accounts.map((account, index) => {
      const counted = tally.perAccount[index]!;
      return {
        accountId: written.accountIds[index]!,
        name: account.kind.name,
        kind: account.kind.key,
        mask: account.mask,
        posted: counted.posted,
        pending: counted.pending,
        depositCount: counted.depositCount,
        depositsCents: String(counted.deposits),
        withdrawalCount: counted.withdrawalCount,
        withdrawalsCents: String(counted.withdrawals),
        nsfFees: counted.nsfFees,
        revenueCents: String(counted.revenue),
        endingBalanceCents: String(written.endingCents[index]!),
      };
    }),
    nsfFees: totals.nsfFees,
    lenderFundings: totals.lenderFundings,
    lenderDebits: totals.lenderDebits,
    lenders: totals.lenders,
    interbankPairs: totals.interbankPairs,
    recurringRows: totals.recurringRows,
  };
}
