/**
 * Ingest holds a bounded window of accounts (issue 12): each reader lets an account go as soon as it
 * has read it, and what the account still needs from later in the file (its item's institution, the
 * report's date) follows it as a record the writer applies. The documents here are generated, so the
 * positions and the expected values are worked out from how they are built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FormatName } from '../src/core/canonical.js';
import { ingest } from '../src/ingest/ingest.js';
import { FileScan } from '../src/sources/file-scan.js';
import { MAX_HELD_STATEMENT_ROWS } from '../src/sources/plaid/bank-statements-reader.js';
import type { SourceEvent } from '../src/sources/source-events.js';
import { ensureBook } from '../src/store/books.js';
import { openDatabase, type StoreDatabase } from '../src/store/database.js';

/** Feeds `json` to a reader in 64-byte chunks; returns the events, each with how many bytes had been fed when it came out. */
function scanInChunks(format: FormatName, json: string): Array<{ event: SourceEvent; fed: number }> {
  const bytes = Buffer.from(json);
  const scan = new FileScan(format, 'test.json');
  const events: Array<{ event: SourceEvent; fed: number }> = [];
  for (let start = 0; start < bytes.length; start += 64) {
    const fed = Math.min(start + 64, bytes.length);
    for (const event of scan.write(bytes.subarray(start, fed))) events.push({ event, fed });
  }
  for (const event of scan.end()) events.push({ event, fed: bytes.length });
  return events;
}

/** A statements file: one statement of `rows` rows of 1.00, `document_id` before or after them. */
function statements(rows: number, documentId: 'before' | 'after'): string {
  const txns = `"transactions":[${Array.from({ length: rows }, (_, index) => `{"account_id":"s1","amount":1.00,"date":"2024-05-01","original_description":"r${index}"}`).join(',')}]`;
  const id = '"document_id":"doc-1"';
  const account = '"bank_accounts":[{"account_id":"s1","account_type":"checking","periods":[]}]';
  return `{"items":[{"bank_statements":[{${documentId === 'before' ? `${id},${txns}` : `${txns},${id}`},${account}}]}]}`;
}

test('bank statements: rows after the document_id stream out before the statement ends', () => {
  // 2,500 rows: the first batch (2,000 rows) goes out while the statement is still being read.
  const json = statements(2_500, 'before');
  const events = scanInChunks('PLAID_BANK_STATEMENTS', json);
  const firstBatch = events.find(({ event }) => event.kind === 'transactions');
  assert.ok(firstBatch !== undefined);
  assert.ok(firstBatch.fed < json.indexOf('"bank_accounts"'), `the first batch went out at byte ${firstBatch.fed} of ${json.length}`);
  assert.equal(firstBatch.event.kind === 'transactions' && firstBatch.event.batch.rowIds?.[1999], 'doc-1#1999');
});

async function withDb(use: (db: StoreDatabase, bookPk: number) => Promise<void>): Promise<void> {
  const db = await openDatabase(':memory:');
  try {
    await use(db, ensureBook(db, 'acme'));
  } finally {
    await db.close();
  }
}

function stream(text: string): AsyncIterable<Buffer> {
  return (async function* () {
    yield Buffer.from(text);
  })();
}

async function ingestText(db: StoreDatabase, bookPk: number, texts: readonly string[]) {
  const docs = await ingest(db, bookPk, texts.map(stream), { poolSize: 0, name: 'test.json' });
  assert.equal(docs.length, 1);
  return docs[0]!;
}

test(`bank statements: more than ${MAX_HELD_STATEMENT_ROWS} rows before the document_id fail the document, naming the row`, async () => {
  await withDb(async (db, bookPk) => {
    const doc = await ingestText(db, bookPk, [statements(MAX_HELD_STATEMENT_ROWS + 1, 'after')]);
    assert.equal(doc.status, 'FAILED');
    assert.equal(doc.error_path, `items[0].bank_statements[0].transactions[${MAX_HELD_STATEMENT_ROWS}]`);
    assert.match(doc.reason!, /named after its document_id, which has not come yet, and more than 20000 rows .* write document_id before transactions/);
    // Up to the limit, rows before the id are held and named after it.
    const held = await ingestText(db, bookPk, [statements(3, 'after')]);
    assert.equal(held.status, 'VERIFICATION_COMPLETE', held.reason ?? '');
    assert.deepEqual(db.sqlite.prepare('SELECT source_txn_id FROM transactions ORDER BY pk').pluck().all(), ['doc-1#0', 'doc-1#1', 'doc-1#2']);
  });
});
