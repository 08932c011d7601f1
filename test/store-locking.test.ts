/**
 * Two connections on one store (issue 12, items 8 and 11). Reads never need the write lock: WAL lets
 * them read the last commit while another connection writes, and a multi-statement read sees one
 * snapshot. A second writer waits its turn without blocking the event loop, up to the lock timeout;
 * then it fails naming the store and who holds it (from the `<db>-writer` record).
 *
 * "Another connection writes" is either a raw SQLite connection inside BEGIN IMMEDIATE (another
 * program, or an older bookstream) or a second Store whose ingest is held mid-document by a stream
 * that waits for the test's signal. Every wait has a small explicit bound.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { Book } from '../src/api/book.js';
import { StoreHandle } from '../src/api/store-handle.js';
import { openStore, StoreError } from '../src/index.js';
import { findBook } from '../src/store/books.js';
import { openDatabase, type StoreDatabase } from '../src/store/database.js';
import { jsonText, makeTempDir, removeTempDir, simpleAssetReport, writeInput } from './fixtures/make-inputs.js';
import { dataFile, type IngestedDocument } from './helpers/books.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SEQUENCE = fileURLToPath(new URL('./fixtures/cli-sequence.ts', import.meta.url));
/** data/plaid-asset-report.json: 35 transactions over 90 days (two accounts). */
const SAMPLE_TXNS = 35;
const SAMPLE_DAYS = 90;
const BOUND = { timeout: 8_000 };

let dir = '';
let sample = '';
let count = 0;
before(async () => {
  dir = await makeTempDir();
  sample = join(dir, 'sample.db');
  const store = await openStore(sample);
  const [document] = await (await store.book('acme')).ingest([dataFile('plaid-asset-report.json')], { poolSize: 0 });
  assert.equal(document?.status, 'VERIFICATION_COMPLETE', document?.reason ?? '');
  await store.close(); // checkpointed: the whole store is in the one file
});
after(async () => removeTempDir(dir));

/** A copy of a store holding book acme with the sample Asset Report, never summarized (its figures are stale). */
function sampleStore(): string {
  const path = join(dir, `store-${++count}.db`);
  copyFileSync(sample, path);
  return path;
}

/** Another program writing: a raw connection inside BEGIN IMMEDIATE, with a change not committed yet. */
function rawWriter(path: string): { release: () => void } {
  const raw = new SqliteDatabase(path);
  raw.exec('BEGIN IMMEDIATE');
  raw.prepare("INSERT INTO books (name) VALUES ('uncommitted')").run();
  return { release: () => (raw.exec('ROLLBACK'), raw.close()) };
}

/** A stream that stops after its first 64 KiB until `release` is called: its document holds the write lock meanwhile. */
function heldStream(bytes: Buffer): { stream: AsyncIterable<Buffer>; holding: Promise<void>; release: () => void } {
  let release!: () => void;
  let holding!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (holding = resolve));
  async function* stream() {
    yield bytes.subarray(0, 65_536);
    holding(); // asked for more: the document has begun, and holds the lock
    await released;
    yield bytes.subarray(65_536);
  }
  return { stream: stream(), holding: started, release };
}

/** A Plaid Asset Report larger than detection's first 64 KiB (long descriptions), with `count` transactions. */
function reportBytes(prefix: string, count = 40): Buffer {
  const txns = Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}`, amount: index + 1, date: '2023-03-01', description: `${prefix} ${'x'.repeat(2000)}` }));
  return Buffer.from(jsonText(simpleAssetReport(txns)));
}

/** A second bookstream writer, mid-document, in this process: its store, its ingest under way, and the way to let it finish. */
async function heldWriter(path: string): Promise<{ done: Promise<IngestedDocument[]>; release: () => Promise<IngestedDocument[]> }> {
  const store = await openStore(path);
  const held = heldStream(reportBytes('held'));
  const done = (await store.book('acme')).ingest([held.stream], { name: 'held.json', poolSize: 0 }).finally(() => store.close());
  await held.holding;
  return { done, release: () => (held.release(), done) };
}

function statusesOf(documents: readonly IngestedDocument[]): string[] {
  return documents.map((document) => document.status);
}

describe('reads while another connection writes', () => {
  test('books, book, summary, info and transactions read the last commit without waiting for the write lock', BOUND, async () => {
    const path = sampleStore();
    const writer = rawWriter(path);
    const store = await openStore(path, { lockTimeoutMs: 100 });
    let locked;
    try {
      assert.deepEqual((await store.books()).map((book) => book.name), ['acme'], 'not the uncommitted book');
      const book = await store.book('acme'); // exists: found, not written
      const summary = await book.summary();
      assert.equal(summary.total_days, SAMPLE_DAYS);
      assert.equal((await book.transactions()).txns.length, SAMPLE_TXNS);
      assert.equal((await book.info()).docs.length, 1);
      locked = summary;
      writer.release();
      assert.deepEqual(await book.summary(), locked, 'the figures computed in private are the ones stored once the lock is free');
    } finally {
      await store.close();
    }
  });

  test('a streamed read sees one snapshot while another store commits a document', BOUND, async () => {
    const path = sampleStore();
    const reader = await openStore(path);
    const writer = await openStore(path);
    try {
      const pieces = (await reader.book('acme')).transactionsJson()[Symbol.asyncIterator]();
      const first = await pieces.next(); // the snapshot is taken
      const [other] = await (await writer.book('acme')).ingest([dataFile('plaid-bank-statements.json')], { poolSize: 0 });
      assert.equal(other?.status, 'VERIFICATION_COMPLETE', other?.reason ?? '');
      let text = first.value as string;
      for (let next = await pieces.next(); next.done !== true; next = await pieces.next()) text += next.value;
      const report = JSON.parse(text);
      assert.equal(report.txns.length, SAMPLE_TXNS, 'no row of the document committed meanwhile');
      assert.equal(Object.keys(report.uploaded_docs).length, 1, 'nor the document itself');
    } finally {
      await reader.close();
      await writer.close();
    }
  });
  test('a summary, info or transactions of an unchanged book writes nothing, not even to private tables', BOUND, async () => {
    const db = await openDatabase(sampleStore());
    try {
      const book = Book.of(new StoreHandle(db), findBook(db, 'acme')!, 'acme');
      const first = await book.summary(); // stores the figures: the book changed since the last one
      const statements: string[] = [];
      const prepare = db.sqlite.prepare.bind(db.sqlite);
      db.sqlite.prepare = ((source: string) => (statements.push(source), prepare(source))) as typeof db.sqlite.prepare;
      const exec = db.sqlite.exec.bind(db.sqlite);
      db.sqlite.exec = ((source: string) => (statements.push(source), exec(source))) as typeof db.sqlite.exec;
      const changesBefore = totalChanges(db);
      assert.deepEqual(await book.summary(), first);
      await book.info();
      await book.transactions();
      assert.equal(totalChanges(db), changesBefore, 'no row changed, in the store or in a temp table');
      const writes = statements.filter((source) => /^\s*(insert|update|delete|create|drop|replace|begin immediate)\b/i.test(source));
      assert.deepEqual(writes, []);
      assert.ok(statements.length > 0, 'the statements were seen');
    } finally {
      await db.close();
    }
  });
});

function totalChanges(db: StoreDatabase): number {
  return (db.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

describe('a second writer', () => {
  test('waits its turn without blocking the event loop, and goes on once the lock is free', BOUND, async () => {
    const path = sampleStore();
    const first = await heldWriter(path);
    const store = await openStore(path, { lockTimeoutMs: 5_000 });
    try {
      const book = await store.book('acme');
      const second = book.ingest([await writeInput(dir, 'second.json', reportBytes('second', 3))], { poolSize: 0 });
      await sleep(150); // the second writer is waiting now; the first can only finish if the event loop runs
      assert.deepEqual(statusesOf(await first.release()), ['VERIFICATION_COMPLETE']);
      assert.deepEqual(statusesOf(await second), ['VERIFICATION_COMPLETE']);
      assert.equal((await book.transactions()).txns.length, SAMPLE_TXNS + 40 + 3);
      assert.equal(existsSync(`${path}-writer`), false, 'no writer record is left behind');
    } finally {
      await store.close();
    }
  });

  test('gives up after the lock timeout: every document FAILED, unrecorded, naming the store and the bookstream writer holding it', BOUND, async () => {
    const path = sampleStore();
    const first = await heldWriter(path);
    const store = await openStore(path, { lockTimeoutMs: 200 });
    try {
      const book: Book = await store.book('acme');
      const files = [await writeInput(dir, 'late-1.json', reportBytes('late1', 2)), await writeInput(dir, 'late-2.json', reportBytes('late2', 2))];
      const documents = await book.ingest(files, { poolSize: 0 });
      assert.deepEqual(statusesOf(documents), ['FAILED', 'FAILED']);
      for (const [index, document] of documents.entries()) {
        assert.equal(document.pk, null, 'the store is busy: the failure cannot be recorded');
        assert.ok(document.reason!.startsWith(`${files[index]}: `), document.reason!);
        assert.ok(document.reason!.includes(`${path}: busy`), document.reason!);
        assert.match(document.reason!, new RegExp(`pid ${process.pid} on ${hostname()}`));
        assert.match(document.reason!, /cli|test/, 'the command of the holder');
      }
      assert.match(documents[0]!.reason!, /waited 0\.2 s/);
    } finally {
      assert.deepEqual(statusesOf(await first.release()), ['VERIFICATION_COMPLETE']);
      await store.close();
    }
  });

  test('says when no bookstream writer is recorded, and when the recorded one is no longer running', BOUND, async () => {
    const path = sampleStore();
    const writer = rawWriter(path);
    const store = await openStore(path, { lockTimeoutMs: 100 });
    try {
      const unrecorded = await store.book('new-book').catch((error: unknown) => error);
      assert.ok(unrecorded instanceof StoreError && unrecorded.kind === 'busy', String(unrecorded));
      assert.match(unrecorded.message, new RegExp(`^${path}: busy: .*another connection \\(not a bookstream writer, or an older version\\)`));

      const gone = spawnSync(process.execPath, ['-e', '']).pid!; // a process that has exited
      writeFileSync(`${path}-writer`, JSON.stringify({ pid: gone, host: hostname(), command: 'bookstream ingest old.json', since: '2026-01-01T00:00:00.000Z' }));
      const stale = await store.book('new-book').catch((error: unknown) => error);
      assert.ok(stale instanceof StoreError && stale.kind === 'busy', String(stale));
      assert.match(stale.message, new RegExp(`pid ${gone} on ${hostname()}.*bookstream ingest old\\.json.*no longer running`));
    } finally {
      writer.release();
      await store.close();
    }
  });

  test('command line: --lock-timeout bounds the wait; a bad value is a usage error', { timeout: 30_000 }, async () => {
    const path = sampleStore();
    const writer = rawWriter(path);
    try {
      const file = dataFile('plaid-bank-statements.json');
      const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
        const commands = [['ingest', '--db', path, '--book', 'acme', '--lock-timeout', '0.2', file], ['ingest', '--db', path, '--book', 'acme', '--lock-timeout', 'soon', file]];
        execFile(process.execPath, ['--import', 'tsx', SEQUENCE, JSON.stringify(commands)], { cwd: REPO, timeout: 20_000 }, (_error, out, err) => resolve({ stdout: out, stderr: err }));
      });
      const [ingested, usage] = stdout.split(/\n@@exit \d+\n/);
      assert.deepEqual([...stdout.matchAll(/@@exit (\d+)/g)].map((match) => match[1]), ['1', '2'], stderr);
      const [document] = JSON.parse(ingested!);
      assert.equal(document.status, 'FAILED');
      assert.ok(document.reason.includes(`${path}: busy`), document.reason);
      assert.equal(usage, '');
      assert.match(stderr, /--lock-timeout must be a number of seconds/);
    } finally {
      writer.release();
    }
  });
});
