// A store that was closed says so, in bookstream's words, for every call on it and on its books (issue 15):
// not the engine's 'The database connection is not open', nor a document FAILED for it. Work asked for before
// `close` still runs to its end.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore, UsageError, type Book, type Store } from '../src/index.js';
import { dataFile } from './helpers/books.js';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';

let dir = '';
before(async () => { dir = await makeTempDir(); });
after(async () => removeTempDir(dir));

async function drain(pieces: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of pieces) void _;
}

/** Every call of the library's Store and Book, by name. */
function everyCall(store: Store, book: Book): Record<string, () => Promise<unknown>> {
  const report = dataFile('plaid-asset-report.json');
  return {
    'store.book': () => store.book('west'),
    'store.findBook': () => store.findBook('acme'),
    'store.books': () => store.books(),
    'store.batch': () => drain(store.batch([report])),
    'book.ingest': () => book.ingest([report]),
    'book.summary': () => book.summary(),
    'book.summaryJson': () => drain(book.summaryJson()),
    'book.transactions': () => book.transactions(),
    'book.transactionsJson': () => drain(book.transactionsJson()),
    'book.info': () => book.info(),
    'book.infoJson': () => drain(book.infoJson()),
  };
}

test('every call on a closed store or its books is a UsageError saying the store is closed, naming its path', async () => {
  const path = join(dir, 'closed.db');
  const store = await openStore(path);
  const book = await store.book('acme');
  await store.close();
  for (const [name, call] of Object.entries(everyCall(store, book))) {
    await assert.rejects(call(), (error: Error) => {
      assert.ok(error instanceof UsageError, `${name}: ${error.name}: ${error.message}`);
      assert.equal(error.message, `${path}: the store is closed`, name);
      return true;
    });
  }
  await store.close(); // closing twice is no mistake
});

test('work asked for before close runs to its end; what is asked for after it is refused', async () => {
  const store = await openStore(':memory:');
  const book = await store.book('acme');
  const ingesting = book.ingest([dataFile('plaid-asset-report.json')], { poolSize: 0 });
  const closing = store.close();
  await assert.rejects(book.info(), { name: 'UsageError', message: ':memory:: the store is closed' });
  const [document] = await ingesting;
  assert.equal(document?.status, 'VERIFICATION_COMPLETE', document?.reason ?? '');
  await closing;
});
