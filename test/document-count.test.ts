/**
 * A document's txn_count is the number of distinct transactions whose newest copy it holds. The writer
 * takes it two ways: from how far the highest transaction pk rose, when every account the document
 * wrote to is new to the store, and otherwise by counting each of its accounts' rows. Both must give
 * the hand-counted values below, and agree with a plain count over the table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../src/ingest/ingest.js';
import { ensureBook } from '../src/store/books.js';
import { openDatabase, type StoreDatabase } from '../src/store/database.js';

/**
 * A Plaid /transactions/get page with these accounts and rows. A row is `account:id:amount`, the amount
 * as Plaid writes it (a JSON number).
 */
function page(accounts: readonly string[], rows: string): string {
  const account = (id: string) => `{"account_id":"${id}","balances":{"current":100.00,"iso_currency_code":"USD"},"name":"${id}","type":"depository","subtype":"checking"}`;
  const txn = (row: string) => {
    const [account, id, amount] = row.split(':');
    return `{"account_id":"${account}","amount":${amount},"date":"2024-05-01","name":"row ${id}","pending":false,"transaction_id":"${id}"}`;
  };
  const txns = rows.split(' ');
  return `{"accounts":[${accounts.map(account).join(',')}],"transactions":[${txns.map(txn).join(',')}],` +
    `"item":{"institution_id":"ins_1","institution_name":"Test Bank","item_id":"item-1"},"total_transactions":${txns.length},"request_id":"r"}`;
}

interface Counted {
  readonly pk: number;
  readonly txn_count: number;
}

async function ingestPage(db: StoreDatabase, bookPk: number, accounts: readonly string[], rows: string): Promise<Counted> {
  const json = page(accounts, rows);
  const [doc] = await ingest(db, bookPk, [(async function* () { yield Buffer.from(json); })()], { poolSize: 0, name: 'page.json' });
  assert.equal(doc?.status, 'VERIFICATION_COMPLETE', JSON.stringify(doc));
  return { pk: doc!.pk!, txn_count: doc!.txn_count }; // a stored document always has its pk
}

/** The document's txn_count is `expected`, and so is a plain count of the rows it holds right after it. */
function assertCount(db: StoreDatabase, doc: Counted, expected: number): void {
  assert.equal(doc.txn_count, expected, `txn_count of document ${doc.pk}`);
  assert.equal(rowsHeld(db, doc.pk), expected, `rows held by document ${doc.pk}`);
}

/** What a pass over the whole table says: the reference both ways must agree with. */
function rowsHeld(db: StoreDatabase, documentPk: number): number {
  return (db.sqlite.prepare('SELECT count(*) AS n FROM transactions WHERE document_pk = ?').get(documentPk) as { n: number }).n;
}

test('txn_count: new accounts, known accounts, the same ids in another book, and rows repeated in one document', async () => {
  const db = await openDatabase(':memory:');
  try {
    const acme = ensureBook(db, 'acme');
    const other = ensureBook(db, 'other');

    // 1. acme, accounts A and B new: a1, a2, a3, b1, and a2 again (its later copy wins) → 4 distinct rows.
    const first = await ingestPage(db, acme, ['A', 'B'], 'A:a1:1.00 A:a2:2.00 A:a3:3.00 B:b1:4.00 A:a2:2.50');
    assertCount(db, first, 4);

    // 2. acme, A known and C new: a3 (now this document's copy), a4 and c1 new → 3. The first document
    //    keeps a1, a2 and b1.
    const second = await ingestPage(db, acme, ['A', 'C'], 'A:a3:3.30 A:a4:4.40 C:c1:5.50');
    assertCount(db, second, 3);
    assert.equal(rowsHeld(db, first.pk), 3);

    // 3. Book "other", the same account ids (new accounts of that book) and ids a1, b1, b2: 3 rows of its
    //    own, whatever acme holds.
    assertCount(db, await ingestPage(db, other, ['A', 'B'], 'A:a1:1.00 B:b1:4.00 B:b2:6.00'), 3);

    // 4. acme, B known: b1 twice in the document → 1.
    assertCount(db, await ingestPage(db, acme, ['B'], 'B:b1:4.10 B:b1:4.20'), 1);

    // Every row is counted once: acme holds a1..a4, b1, c1; other holds a1, b1, b2.
    assert.equal((db.sqlite.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n, 9);
  } finally {
    await db.close();
  }
});
