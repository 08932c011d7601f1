/**
 * Faults of the environment and of the program while a call ingests several documents (issue 12,
 * items 7 and 16): the store is full, or something ingest did not expect goes wrong. Every document
 * of the call must still come back with its status and a reason that says what happened (the db
 * path too, when the store is at fault), the documents before keep what they committed, and the
 * documents after are still tried.
 *
 * "Disk full" is provoked deterministically with SQLite's `max_page_count`, set to the store's size
 * of the moment: a small document fits in the tables' existing pages, a large one needs new ones.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { ingest } from '../src/ingest/ingest.js';
import { InputFile } from '../src/sources/input.js';
import { DocumentWriter } from '../src/store/document-writer.js';
import type { IngestedDocument } from '../src/ingest/ingested-document.js';
import { ensureBook } from '../src/store/books.js';
import { openDatabase, type StoreDatabase } from '../src/store/database.js';
import { loadRules } from '../src/rules/rules-folder.js';
import { transactionsReport } from '../src/report/transactions.js';
import {
  SAVINGS_ID, jsonText, largeAssetReportBuffer, makeTempDir, removeTempDir, simpleAssetReport, writeInput,
} from './fixtures/make-inputs.js';
import { capturingStderr, withReplaced } from './helpers/faults.js';

let dir = '';
before(async () => { dir = await makeTempDir(); });
after(async () => removeTempDir(dir));

// Plaid's sign: 10 out → -10.00; -20 in → 20.00.
const SMALL_A = simpleAssetReport([{ id: 'a1', amount: 10, date: '2023-03-01' }, { id: 'a2', amount: -20, date: '2023-03-02' }]);
const SMALL_C = simpleAssetReport([{ id: 'c1', amount: 5, date: '2023-03-03', accountId: SAVINGS_ID }], { id: SAVINGS_ID, name: 'Saving' });
const SMALL_B = simpleAssetReport([{ id: 'b1', amount: 7, date: '2023-03-04' }]);
/** About 1 MB: some 1,700 transactions, far more than the tables' first pages hold. */
const LARGE_BYTES = 1 << 20;

/** A fresh store file that cannot grow any more: SQLite answers SQLITE_FULL as a full disk would. */
async function fullStore(name: string): Promise<{ db: StoreDatabase; book: number; path: string }> {
  const path = join(dir, name);
  const db = await openDatabase(path);
  const book = ensureBook(db, 'acme');
  const pages = db.sqlite.pragma('page_count', { simple: true }) as number;
  db.sqlite.pragma(`max_page_count = ${pages}`);
  return { db, book, path };
}

/** Runs `ingest` with a bug planted on the way of the document read from `target`; `bug` throws it. */
type BugInjection = (target: string, bug: () => never, ingest: () => Promise<IngestedDocument[]>) => Promise<IngestedDocument[]>;

/** A bug at each step of a document: its planning (the peek at its head), the opening of its file to read it, its commit. */
const INJECTED_BUGS: ReadonlyArray<readonly [string, BugInjection]> = [
  ['planning', (target, bug, ingest) => {
    const peek = InputFile.prototype.peek;
    return withReplaced(InputFile.prototype, 'peek', function (this: InputFile) { return this.name === target ? bug() : peek.call(this); }, ingest);
  }],
  ['opening', (target, bug, ingest) => {
    const open = InputFile.open;
    let opens = 0; // the first open is the planning's, the second the read's
    return withReplaced(InputFile, 'open', (input, label) => (input === target && ++opens === 2 ? bug() : open(input, label)), ingest);
  }],
  ['commit', (_target, bug, ingest) => {
    const commit = DocumentWriter.prototype.commit;
    let commits = 0; // the second document's
    return withReplaced(DocumentWriter.prototype, 'commit', function (this: DocumentWriter, totals) { return ++commits === 2 ? bug() : commit.call(this, totals); }, ingest);
  }],
];

function statuses(documents: readonly IngestedDocument[]): string[] {
  return documents.map((document) => `${document.name.slice(dir.length + 1)} ${document.status}`);
}

async function storedTxnIds(db: StoreDatabase, book: number): Promise<string[]> {
  return (await transactionsReport(db, book, await loadRules())).txns.map((txn) => txn.source_txn_id).sort();
}

describe('disk full in the middle of a call', () => {
  test('the document that hits it is FAILED saying "disk full" and the db path; the others before and after are kept and reported', async () => {
    const { db, book, path } = await fullStore('full.db');
    try {
      const a = await writeInput(dir, 'a.json', jsonText(SMALL_A));
      const large = await writeInput(dir, 'large.json', largeAssetReportBuffer(LARGE_BYTES));
      const c = await writeInput(dir, 'c.json', jsonText(SMALL_C));
      const documents = await ingest(db, book, [a, large, c], { poolSize: 0 });
      assert.deepEqual(statuses(documents), ['a.json VERIFICATION_COMPLETE', 'large.json FAILED', 'c.json VERIFICATION_COMPLETE']);
      const failed = documents[1]!;
      assert.ok(failed.reason!.startsWith(`${large}: `), failed.reason!);
      assert.match(failed.reason!, /disk full/);
      assert.ok(failed.reason!.includes(path), `the reason names the store ${path}: ${failed.reason}`);
      assert.equal(typeof failed.pk, 'number', 'the FAILED row fitted in the store and was recorded');
      assert.equal(failed.bytes, (await import('node:fs')).statSync(large).size, 'hashed over all its bytes');
      assert.deepEqual(await storedTxnIds(db, book), ['a1', 'a2', 'c1'], 'nothing of the large document was kept');
      assert.deepEqual(db.sqlite.pragma('foreign_keys', { simple: true }), 1, 'foreign keys on again');
      assert.equal(db.sqlite.inTransaction, false);
    } finally {
      await db.close();
    }
  });

  test('when even the FAILED row does not fit, the document is still returned (pk null) and the next one is tried', async () => {
    const { db, book, path } = await fullStore('full-record.db');
    try {
      // A document row with a 6,000-character name needs an overflow page, and there is none to be had.
      const longName = `${'n'.repeat(6000)}.json`;
      const stream = (async function* () { yield Buffer.from(jsonText(SMALL_A)); })();
      const c = await writeInput(dir, 'c2.json', jsonText(SMALL_C));
      const [unrecorded, next] = await ingest(db, book, [stream], { poolSize: 0, name: longName }).then(
        async (first) => [...first, ...(await ingest(db, book, [c], { poolSize: 0 }))],
      );
      assert.equal(unrecorded?.status, 'FAILED');
      assert.equal(unrecorded?.pk, null);
      assert.match(unrecorded!.reason!, /disk full/);
      assert.ok(unrecorded!.reason!.includes(path), unrecorded!.reason!);
      assert.match(unrecorded!.reason!, /not recorded/);
      assert.equal(unrecorded?.bytes, Buffer.byteLength(jsonText(SMALL_A)));
      assert.equal(next?.status, 'VERIFICATION_COMPLETE', next?.reason ?? '');
      assert.deepEqual(await storedTxnIds(db, book), ['c1']);
    } finally {
      await db.close();
    }
  });
});

describe('an error ingest does not expect', () => {
  test('keeps its real message as the FAILED reason, and the documents before and after go on', async () => {
    const db = await openDatabase(':memory:');
    try {
      const book = ensureBook(db, 'acme');
      const a = await writeInput(dir, 'a3.json', jsonText(SMALL_A));
      const c = await writeInput(dir, 'c3.json', jsonText(SMALL_C));
      // A stream whose iterator throws something that is not an Error, once detection has its first 64 KiB.
      const odd = (async function* () {
        yield largeAssetReportBuffer(LARGE_BYTES).subarray(0, 100_000);
        throw null; // eslint-disable-line no-throw-literal
      })();
      const { result: documents, stderr } = await capturingStderr(() => ingest(db, book, [a, odd, c], { poolSize: 0, name: 'odd.json' }));
      assert.deepEqual(documents.map((document) => document.status), ['VERIFICATION_COMPLETE', 'FAILED', 'VERIFICATION_COMPLETE']);
      const failed = documents[1]!;
      assert.match(failed.reason!, /^odd\.json#2: unexpected error: TypeError: .*null/);
      assert.match(stderr, /odd\.json#2[^\n]*\nTypeError: .*null/, 'the stack is on stderr');
      assert.equal(typeof failed.pk, 'number');
      assert.deepEqual(await storedTxnIds(db, book), ['a1', 'a2', 'c1']);
    } finally {
      await db.close();
    }
  });

  for (const [step, inject] of INJECTED_BUGS) {
    test(`at its ${step}: the document is FAILED with the error's own class and message, its stack is on stderr, the others go on`, async () => {
      const db = await openDatabase(':memory:');
      try {
        const book = ensureBook(db, 'acme');
        const a = await writeInput(dir, `${step}-a.json`, jsonText(SMALL_A));
        const b = await writeInput(dir, `${step}-b.json`, jsonText(SMALL_B));
        const c = await writeInput(dir, `${step}-c.json`, jsonText(SMALL_C));
        let thrown: Error | undefined;
        const bug = (): never => {
          thrown = new RangeError(`${step} exploded`);
          throw thrown;
        };
        const { result: documents, stderr } = await capturingStderr(() => inject(b, bug, () => ingest(db, book, [a, b, c], { poolSize: 0 })));
        assert.ok(thrown !== undefined, 'the bug was provoked');
        assert.deepEqual(documents.map((document) => document.status), ['VERIFICATION_COMPLETE', 'FAILED', 'VERIFICATION_COMPLETE']);
        assert.equal(documents[1]!.reason, `${b}: unexpected error: RangeError: ${step} exploded`);
        assert.equal(typeof documents[1]!.pk, 'number', 'recorded in the store');
        assert.ok(stderr.includes(b) && stderr.includes(thrown.stack!), `stderr names the file and holds the stack: ${stderr}`);
        assert.deepEqual(await storedTxnIds(db, book), ['a1', 'a2', 'c1'], 'nothing of the failed document was kept');
      } finally {
        await db.close();
      }
    });
  }
});
