/**
 * A store that cannot be written (issue 12, item 9): opened with `{ readonly: true }`, or a file or
 * folder the user may not write. Reads (books, summary, info, transactions) work, on figures
 * computed in private (the stored ones are stale here: the book was never summarized); writes fail
 * with a StoreError 'readonly' naming the path; nothing in the file changes.
 *
 * File modes do not stop root, so when the tests run as root the command lines run as user 65534
 * (nobody); as any other user they run as that user. Either way, for real, in a child process.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { openStore, StoreError } from '../src/index.js';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';
import { dataFile } from './helpers/books.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SEQUENCE = fileURLToPath(new URL('./fixtures/cli-sequence.ts', import.meta.url));
const UNPRIVILEGED = 65534;
/** data/plaid-asset-report.json: 35 transactions; checking and savings together cover 01/03 … 04/01, 90 days. */
const SAMPLE_TXNS = 35;
const SAMPLE_DAYS = 90;

let dir = '';
let original = '';
before(async () => {
  dir = await makeTempDir();
  chmodSync(dir, 0o755); // the unprivileged user must get in
  original = join(dir, 'original.db');
  const store = await openStore(original);
  const [document] = await (await store.book('acme')).ingest([dataFile('plaid-asset-report.json')]);
  assert.equal(document?.status, 'VERIFICATION_COMPLETE', document?.reason ?? '');
  await store.close(); // checkpointed: the whole store is in the one file now
});
after(async () => {
  for (const folder of ['dir-ro', 'dir-ro-bare']) if (existsSync(join(dir, folder))) chmodSync(join(dir, folder), 0o755);
  await removeTempDir(dir);
});

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A copy of the sample store at dir/folder/books.db. */
function copyStore(folder: string): string {
  mkdirSync(join(dir, folder));
  const path = join(dir, folder, 'books.db');
  copyFileSync(original, path);
  return path;
}

describe('a store opened with { readonly: true }', () => {
  test('reads work, on figures computed in private; writes are StoreError readonly naming the path; the file is unchanged', async () => {
    const path = copyStore('library');
    const before = sha256Of(path);
    const store = await openStore(path, { readonly: true });
    try {
      assert.equal(store.readonly, true);
      assert.deepEqual((await store.books()).map((book) => book.name), ['acme']);
      assert.equal(await store.findBook('nobody'), null);
      const book = await store.findBook('acme');
      assert.ok(book !== null);
      const summary = await book.summary();
      assert.equal(summary.total_days, SAMPLE_DAYS);
      assert.equal(summary.bank_accounts.length, 2);
      assert.equal((await book.transactions()).txns.length, SAMPLE_TXNS);
      assert.deepEqual((await book.info()).docs.map((doc) => doc.status), ['VERIFICATION_COMPLETE']);

      const refused = [
        await book.ingest([dataFile('plaid-bank-statements.json')]).catch((error: unknown) => error),
        await store.book('new-book').catch((error: unknown) => error),
      ];
      for (const error of refused) {
        assert.ok(error instanceof StoreError, String(error));
        assert.equal(error.kind, 'readonly');
        assert.ok(error.message.startsWith(`${path}: read-only`), error.message);
      }
      assert.deepEqual(await book.summary(), summary, 'the same figures again');
    } finally {
      await store.close();
    }
    assert.equal(sha256Of(path), before);
  });
});

interface Outcome {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the named command lines in one child process as an unprivileged user; null when this machine cannot. */
function runUnprivileged<Name extends string>(commands: Record<Name, string[]>): Promise<Record<Name, Outcome> | null> {
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? { uid: UNPRIVILEGED, gid: UNPRIVILEGED } : {};
  const names = Object.keys(commands) as Name[];
  const args = ['--import', 'tsx', SEQUENCE, JSON.stringify(names.map((name) => commands[name]))];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { ...user, cwd: REPO, maxBuffer: 64 << 20, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error !== null && (error as NodeJS.ErrnoException).code === 'EPERM') return resolve(null);
      const outs = stdout.split(/\n@@exit \d+\n/);
      const errs = stderr.split(/\n@@exit \d+\n/);
      const statuses = [...stdout.matchAll(/\n@@exit (\d+)\n/g)].map((match) => Number(match[1]));
      assert.equal(statuses.length, names.length, `every command ran: ${stderr}`);
      resolve(Object.fromEntries(names.map((name, index) => [name, { status: statuses[index]!, stdout: outs[index]!, stderr: errs[index]! }])) as Record<Name, Outcome>);
    });
  });
}

describe('a store the user may not write (command line, as an unprivileged user)', () => {
  test('read commands work on a read-only file and in a read-only folder; ingest and a missing store fail naming the path', async (t) => {
    // A read-only file in a folder the user may write: SQLite creates the -shm and -wal it reads through.
    const readonlyFile = copyStore('file-ro');
    chmodSync(join(dir, 'file-ro'), 0o777);
    chmodSync(readonlyFile, 0o444);
    // A read-only folder where a reader left the -shm and -wal files: SQLite reads through them.
    const readonlyFolder = copyStore('dir-ro');
    const reader = new SqliteDatabase(readonlyFolder, { readonly: true });
    reader.prepare('SELECT count(*) FROM books').get(); // the first read makes them
    reader.close();
    for (const suffix of ['', '-shm', '-wal']) chmodSync(`${readonlyFolder}${suffix}`, 0o444);
    chmodSync(join(dir, 'dir-ro'), 0o555);
    // A read-only folder without them: SQLite cannot read a WAL store there (see README).
    const bareFolder = copyStore('dir-ro-bare');
    chmodSync(bareFolder, 0o444);
    chmodSync(join(dir, 'dir-ro-bare'), 0o555);
    const missing = join(dir, 'file-ro', 'missing.db');
    const befores = [readonlyFile, readonlyFolder].map(sha256Of);

    const bankStatements = dataFile('plaid-bank-statements.json');
    const outcomes = await runUnprivileged({
      books: ['books', '--db', readonlyFile],
      summary: ['summary', '--db', readonlyFile, '--book', 'acme'],
      info: ['info', '--db', readonlyFile, '--book', 'acme'],
      transactions: ['transactions', '--db', readonlyFile, '--book', 'acme'],
      ingest: ['ingest', '--db', readonlyFile, '--book', 'acme', bankStatements],
      folderSummary: ['summary', '--db', readonlyFolder, '--book', 'acme'],
      folderIngest: ['ingest', '--db', readonlyFolder, '--book', 'acme', bankStatements],
      bareSummary: ['summary', '--db', bareFolder, '--book', 'acme'],
      missingBooks: ['books', '--db', missing],
    });
    if (outcomes === null) return t.skip('this machine cannot run a process as another user');
    const { books, summary, info, transactions, ingest, folderSummary, folderIngest, bareSummary, missingBooks } = outcomes;

    for (const read of [books, summary, info, transactions, folderSummary]) assert.equal(read.status, 0, read.stderr);
    assert.deepEqual(JSON.parse(books.stdout).map((book: { name: string }) => book.name), ['acme']);
    assert.equal(JSON.parse(summary.stdout).total_days, SAMPLE_DAYS);
    assert.equal(JSON.parse(folderSummary.stdout).total_days, SAMPLE_DAYS);
    assert.equal(JSON.parse(info.stdout).docs.length, 1);
    assert.equal(JSON.parse(transactions.stdout).txns.length, SAMPLE_TXNS);

    for (const [refused, path] of [[ingest, readonlyFile], [folderIngest, readonlyFolder]] as const) {
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, new RegExp(`^bookstream: ${path}: read-only`, 'm'));
    }
    assert.equal(bareSummary.status, 1);
    assert.match(bareSummary.stderr, new RegExp(`^bookstream: ${bareFolder}: read-only: .*books\\.db-shm`, 'm'));
    assert.equal(missingBooks.status, 1);
    assert.match(missingBooks.stderr, new RegExp(`^bookstream: ${missing}: no bookstream store`, 'm'));
    assert.equal(existsSync(missing), false, 'a read command creates no store');
    assert.deepEqual([readonlyFile, readonlyFolder].map(sha256Of), befores, 'the stores are unchanged');
  });
});
