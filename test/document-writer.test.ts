/**
 * The writer switches SQLite's foreign-key checks off for a document's transaction only (a bulk-load
 * speed-up): they must be on again afterwards, whatever the outcome, and every row it wrote must
 * still have its parents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../src/ingest/ingest.js';
import { ensureBook } from '../src/store/books.js';
import { openDatabase } from '../src/store/database.js';
import { dataFile } from './helpers/books.js';

test('foreign keys are enforced again after a committed, a failed and a duplicate document, and every row has its parents', async () => {
  const db = await openDatabase(':memory:');
  try {
    const foreignKeys = (): unknown => db.sqlite.pragma('foreign_keys', { simple: true });
    assert.equal(foreignKeys(), 1);
    const book = ensureBook(db, 'acme');
    for (const poolSize of [0, 1]) {
      const [committed] = await ingest(db, book, [dataFile('plaid-asset-report.json')], { poolSize });
      assert.ok(committed?.status === 'VERIFICATION_COMPLETE', JSON.stringify(committed));
      assert.equal(foreignKeys(), 1, `after a committed document (pool ${poolSize})`);
      const [failed] = await ingest(db, book, [(async function* () { yield Buffer.from('{"report":{"items":[{"accounts":['); })()], { poolSize });
      assert.equal(failed?.status, 'FAILED');
      assert.equal(foreignKeys(), 1, `after a failed document (pool ${poolSize})`);
    }
    // The second ingest of the same bytes was a duplicate: rolled back, checks on again (asserted above).
    assert.deepEqual(db.sqlite.pragma('foreign_key_check'), []);
    // A row pointing nowhere is refused again.
    assert.throws(() => db.sqlite.prepare("INSERT INTO bank_accounts (book_pk, source, source_account_id, is_depository, document_pk) VALUES (?, 'PLAID', 'x', 0, 999999)").run(book), /FOREIGN KEY/);
  } finally {
    await db.close();
  }
});
