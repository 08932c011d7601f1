// A folder given to `book.ingest` (and so to `bookstream ingest`) stands for its JSON files (issue 15; SPEC §6: a
// Finicity bundle is "its files given together, or a folder holding them"). The oracle is the same files given
// one by one, which bookstream has always ingested; counts come from data/finicity/README.md.
import assert from 'node:assert/strict';
import { chmod, copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { UsageError } from '../src/index.js';
import { dataFile, withBook, type IngestedDocument } from './helpers/books.js';
import { bookstream } from './helpers/batch.js';
import { jsonText, makeTempDir, removeTempDir, simpleAssetReport, writeInput } from './fixtures/make-inputs.js';

const BUNDLE_DIR = dataFile('finicity');
/** data/finicity/ holds five JSON files and a README. */
const BUNDLE_NAMES = ['accounts.json', 'customer.json', 'institution.json', 'transactions-page-1.json', 'transactions-page-2.json'];

let dir = '';
before(async () => {
  dir = await makeTempDir();
  await chmod(dir, 0o755); // test folders are world-readable: store-readonly.test.ts runs commands as user 65534
});
after(async () => removeTempDir(dir));

/** What two ingests of the same bytes must agree on. */
function facts(document: IngestedDocument) {
  const { status, format, txn_count, sha256, bytes, warnings } = document;
  return { status, format, txn_count, sha256, bytes, warnings, files: document.files.length };
}

test('a folder holding a Finicity bundle is one document, as its files given together are', async () => {
  const oneByOne = await withBook((book) => book.ingest(BUNDLE_NAMES.map((name) => join(BUNDLE_DIR, name))));
  const folder = await withBook((book) => book.ingest([BUNDLE_DIR]));
  assert.equal(folder.length, 1, JSON.stringify(folder));
  assert.deepEqual(facts(folder[0]!), facts(oneByOne[0]!));
  // 8 distinct transactions, worked out in data/finicity/README.md.
  assert.deepEqual([folder[0]!.status, folder[0]!.format, folder[0]!.txn_count], ['VERIFICATION_COMPLETE', 'FINICITY_BUNDLE', 8]);
  assert.deepEqual([...folder[0]!.files].sort(), BUNDLE_NAMES.map((name) => join(BUNDLE_DIR, name)), 'the README is not read');
});

test('what is not a JSON input is passed over as batch passes it over: dot names, other extensions, subfolders', async () => {
  const folder = join(dir, 'acme');
  await mkdir(join(folder, 'older'), { recursive: true });
  for (const name of BUNDLE_NAMES) await copyFile(join(BUNDLE_DIR, name), join(folder, name));
  await writeInput(folder, '._accounts.json', Buffer.from([0, 5, 22, 7, 0, 2])); // an AppleDouble file: not JSON at all
  await writeInput(folder, '.draft.json', '{"accounts": ['); // would be FAILED if it were read
  await writeInput(folder, 'notes.txt', 'sent 2024-05-01');
  await writeInput(join(folder, 'older'), 'report.json', jsonText(simpleAssetReport([{ id: 'x1', amount: 1, date: '2023-01-02' }])));
  const documents = await withBook((book) => book.ingest([folder]));
  assert.deepEqual(documents.map(facts), [facts((await withBook((book) => book.ingest(BUNDLE_NAMES.map((name) => join(folder, name)))))[0]!)]);
  assert.equal(documents[0]!.status, 'VERIFICATION_COMPLETE', documents[0]!.reason ?? '');
});

test('a folder of Plaid files: the /transactions/get pages are one document, the Asset Report another', async () => {
  const folder = join(dir, 'plaid');
  await mkdir(folder);
  const names = ['plaid-asset-report.json', 'plaid-transactions-page-1.json', 'plaid-transactions-page-2.json'];
  for (const name of names) await copyFile(dataFile(name), join(folder, name));
  const documents = await withBook((book) => book.ingest([folder]));
  const given = await withBook((book) => book.ingest([join(folder, names[0]!), join(folder, names[1]!), join(folder, names[2]!)]));
  assert.deepEqual(documents.map(facts), given.map(facts));
  assert.deepEqual(documents.map((document) => [document.format, document.files.length]), [['PLAID_ASSET_REPORT', 1], ['PLAID_TRANSACTIONS', 2]]);
});

test('a folder without a JSON file is a usage error naming it, and nothing is written', async () => {
  const folder = join(dir, 'empty');
  await mkdir(join(folder, 'inner'), { recursive: true });
  await writeInput(folder, 'notes.txt', 'nothing yet');
  await writeInput(join(folder, 'inner'), 'report.json', jsonText(simpleAssetReport([])));
  await withBook(async (book) => {
    await assert.rejects(book.ingest([dataFile('plaid-asset-report.json'), folder]), (error: Error) => {
      assert.ok(error instanceof UsageError, String(error));
      assert.ok(error.message.startsWith(`${folder}: `), error.message);
      return true;
    });
    assert.deepEqual((await book.info()).docs, [], 'not even the file before it');
  });
});

test('bookstream ingest FOLDER reads it the same way', async () => {
  const run = await bookstream(['ingest', '--db', join(dir, 'cli.db'), '--book', 'acme', BUNDLE_DIR], dir);
  assert.equal(run.code, 0, run.stderr);
  const documents = JSON.parse(run.stdout) as IngestedDocument[];
  assert.deepEqual(documents.map((document) => [document.format, document.txn_count, document.files.length]), [['FINICITY_BUNDLE', 8, 5]]);
  assert.deepEqual((await readdir(BUNDLE_DIR)).filter((name) => name.endsWith('.json')).sort(), BUNDLE_NAMES, 'the sample is as this test knows it');
});
