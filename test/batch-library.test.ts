// `store.batch(paths, options)` (README "Batch", Library), and the figures of a batch: a batch's summary is the
// summary `ingest` gives the same input in a fresh store. Expected statuses and names come from the README; the
// figures are compared with the product's own ingest path, which test/plaid-samples.test.ts and
// test/finicity-bundle.test.ts check against values worked out by hand.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore, UsageError } from '../src/index.js';
import type { Store } from './helpers/books.js';
import { makeTempDir, removeTempDir, writeLargeAssetReport } from './fixtures/make-inputs.js';
import {
  bookstream, documentFacts, figuresOf, putFile, readResults, REPO, smallReportText, writeMixedExports, type ExpectedBook,
} from './helpers/batch.js';

const T = { timeout: 30_000 };
type BatchResult = Store['batch'] extends (...args: never[]) => AsyncIterable<infer R> ? R : never;

async function collect(store: Store, paths: string[], options: Parameters<Store['batch']>[1] = {}): Promise<BatchResult[]> {
  const iterable = store.batch(paths, options);
  assert.equal(typeof iterable[Symbol.asyncIterator], 'function', 'store.batch gives an async iterable');
  const results: BatchResult[] = [];
  for await (const result of iterable) results.push(result);
  return results;
}

async function withStore<T>(use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(':memory:');
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** What two runs over the same inputs must share, whatever their threads: pks and creation times left out. */
const facts = (results: BatchResult[]) => results.map((result) => ({
  input: result.input,
  name: result.book.name,
  document: documentFacts(result.document),
  resumed: result.resumed,
  summary: result.summary === null ? null : figuresOf(result.summary),
}));

describe('store.batch (library)', () => {
  let root = '';
  let folder = '';
  let expected: ExpectedBook[] = [];
  before(async () => {
    root = await makeTempDir();
    // The exports folder alone: the mixed exports without the lone Finicity part given beside it.
    expected = (await writeMixedExports(root)).expected.filter((book) => book.input.startsWith('exports/'));
    folder = join(root, 'exports');
  });
  after(async () => removeTempDir(root));

  test('jobs 0 and jobs 2 give the same books, documents and summaries; one result per book; a re-run is all resumed', T, async () => {
    const progress: Array<Record<string, number>> = [];
    const [inline, threaded] = await Promise.all([
      withStore(async (store) => {
        const first = await collect(store, [folder], { jobs: 0 });
        const again = await collect(store, [folder], { jobs: 0 });
        const books = (await store.books()).map((book) => book.name).sort();
        return { first, again, books };
      }),
      withStore(async (store) => {
        const first = await collect(store, [folder], { jobs: 2, onProgress: (p) => progress.push({ ...p }) });
        return { first, books: (await store.books()).map((book) => book.name).sort() };
      }),
    ]);

    assert.deepEqual(inline.books, expected.map((book) => book.name).sort());
    assert.deepEqual(threaded.books, inline.books);
    assert.deepEqual(facts(threaded.first), facts(inline.first));

    assert.equal(inline.first.length, expected.length, 'one result per book');
    for (const want of expected) {
      const result = inline.first.find((candidate) => candidate.book.name === want.name);
      assert.ok(result !== undefined, want.name);
      assert.equal(result.resumed, false, want.name);
      assert.equal(result.document.status, want.status, `${want.name}: ${result.document.reason}`);
      if (want.status === 'VERIFICATION_COMPLETE') {
        assert.ok(result.summary !== null, want.name);
        assert.deepEqual([result.summary.pk, result.summary.name], [result.book.pk, result.book.name]);
      } else {
        assert.equal(result.summary, null, `${want.name}: no summary for a ${want.status} document`);
        assert.ok(result.document.reason?.includes(want.names), `${want.name}: ${result.document.reason}`);
      }
    }

    // The same store again: every book was done before, read back from the store as it was.
    assert.ok(inline.again.every((result) => result.resumed), JSON.stringify(inline.again.map((r) => [r.book.name, r.resumed])));
    assert.deepEqual(
      inline.again.map((result) => ({ ...result, resumed: true })),
      inline.first.map((result) => ({ ...result, resumed: true })),
    );

    const last = progress.at(-1);
    assert.ok(last !== undefined, 'onProgress was called');
    assert.deepEqual([last.books, last.failed], [expected.length, 4], JSON.stringify(last));
    assert.equal(last.files, last.totalFiles, JSON.stringify(last));
  });

  test('a file given twice and inside a folder given is one result; a nested bundle is named by its path; extraFields', T, async () => {
    await withStore(async (store) => {
      const nested = join(root, 'nested');
      await putFile(nested, 'r-1.json', smallReportText(1));
      for (const part of ['accounts', 'customer', 'institution', 'transactions-page-1']) {
        await putFile(nested, `deep/acme-finicity/${part}.json`, readFileSync(join(REPO, 'data', 'finicity', `${part}.json`)));
      }
      const file = join(nested, 'r-1.json');
      const results = await collect(store, [file, nested, file], { extraFields: ['weekday_balances'] });
      assert.deepEqual(results.map((result) => [result.book.name, result.document.status]), [
        ['r-1', 'VERIFICATION_COMPLETE'], ['deep/acme-finicity', 'VERIFICATION_COMPLETE'],
      ]);
      for (const result of results) assert.ok(result.summary !== null && 'average_daily_balance_weekday' in result.summary, result.book.name);
    });
  });

  test('a caller that stops after the first result and closes the store: no thread is stopped mid-read, and a re-run finishes the rest', T, async () => {
    const many = join(root, 'many');
    for (let index = 1; index <= 120; index += 1) await putFile(root, `many/r-${String(index).padStart(3, '0')}.json`, smallReportText(index));
    const db = join(root, 'stopped.db');
    const first = await openStore(db);
    for await (const result of first.batch([many], { jobs: 2 })) {
      assert.equal(result.input, join(many, 'r-001.json'));
      break; // while the pool still reads the documents ahead
    }
    await first.close();
    const again = await openStore(db);
    try {
      const results = await collect(again, [many], { jobs: 2 });
      assert.equal(results.length, 120);
      assert.ok(results[0]!.resumed, 'the first book was committed before the caller stopped');
      assert.equal((await again.books()).length, 120, 'every input once');
    } finally {
      await again.close();
    }
  });

  test('a path that does not exist is a UsageError naming it, and no book is made', T, async () => {
    await withStore(async (store) => {
      const missing = join(root, 'no-such-export.json');
      await assert.rejects(collect(store, [folder, missing]), (error: unknown) => {
        assert.ok(error instanceof UsageError, String(error));
        assert.match(error.message, /no-such-export\.json/);
        return true;
      });
      assert.deepEqual(await store.books(), []);
    });
  });
});

describe('batch figures are the figures of ingest', () => {
  let root = '';
  before(async () => (root = await makeTempDir()));
  after(async () => removeTempDir(root));

  test('Asset Report, bank statements, Finicity bundle: each line\'s summary is the summary of the same input ingested alone', T, async () => {
    const inputs = ['plaid-asset-report.json', 'plaid-bank-statements.json', 'finicity'].map((name) => join(REPO, 'data', name));
    const extraFields = ['weekday_balances', 'probable_recurring_txns'] as const;
    const run = await bookstream(['batch', '--db', 'books.db', '--out', 'results.ndjson', '--extra-fields', extraFields.join(','), ...inputs], root);
    assert.equal(run.code, 0, run.stderr);
    const { lines } = readResults(join(root, 'results.ndjson'));
    // A file or bundle folder given by itself is named after its base name.
    assert.deepEqual(lines.map((line) => line.book.name), ['plaid-asset-report', 'plaid-bank-statements', 'finicity']);
    for (const [index, input] of inputs.entries()) {
      const line = lines[index]!;
      const alone = await withStore(async (store) => {
        const book = await store.book('alone');
        // The library's ingest takes files: a bundle folder stands for its *.json files (as on the command line).
        const files = statSync(input).isDirectory()
          ? readdirSync(input).filter((name) => name.endsWith('.json')).sort().map((name) => join(input, name))
          : [input];
        const docs = await book.ingest(files);
        assert.deepEqual(docs.map((doc) => doc.status), ['VERIFICATION_COMPLETE'], input);
        return JSON.parse(JSON.stringify(await book.summary({ extraFields: [...extraFields] }))) as unknown;
      });
      assert.ok(line.summary !== undefined, input);
      assert.ok('average_daily_balance_weekday' in line.summary, `${input}: the extra fields asked for`);
      assert.deepEqual(figuresOf(line.summary), figuresOf(alone), input);
    }
  });

  test('a document over 4 MiB (streamed from its file) beside small ones: the same figures as ingest', T, async () => {
    const big = join(root, 'big', 'big.json');
    await mkdir(join(root, 'big'));
    await writeLargeAssetReport(big, 5 * 2 ** 20);
    await putFile(root, 'big/small.json', smallReportText(1));
    const run = await bookstream(['batch', '--db', 'big.db', '--out', 'big.ndjson', 'big'], root);
    assert.equal(run.code, 0, run.stderr);
    const { lines } = readResults(join(root, 'big.ndjson'));
    assert.deepEqual(lines.map((line) => line.book.name), ['big', 'small']);
    for (const [index, input] of [big, join(root, 'big/small.json')].entries()) {
      const alone = await withStore(async (store) => {
        const book = await store.book('alone');
        assert.deepEqual((await book.ingest([input])).map((doc) => doc.status), ['VERIFICATION_COMPLETE'], input);
        return JSON.parse(JSON.stringify(await book.summary())) as unknown;
      });
      assert.deepEqual(figuresOf(lines[index]!.summary), figuresOf(alone), input);
    }
  });
});
