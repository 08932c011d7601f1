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

interface Row {
  readonly account: string;
  readonly id: string;
  readonly amount: string;
}

/** A Plaid /transactions/get page with these accounts and rows (amounts as JSON numbers). */
function page(accounts: readonly string[], rows: readonly Row[]): string {
  const account = (id: string) => `{"account_id":"${id}","balances":{"current":100.00,"iso_currency_code":"USD"},"name":"${id}","type":"depository","subtype":"checking"}`;
  const txn = ({ account, id, amount }: Row) =>
    `{"account_id":"${account}","amount":${amount},"date":"2024-05-01","name":"row ${id}","pending":false,"transaction_id":"${id}"}`;
  return `{"accounts":[${accounts.map(account).join(',')}],"transactions":[${rows.map(txn).join(',')}],` +
    `"item":{"institution_id":"ins_1","institution_name":"Test Bank","item_id":"item-1"},"total_transactions":${rows.length},"request_id":"r"}`;
}

async function ingestPage(db: StoreDatabase, bookPk: number, json: string): Promise<{ pk: number; txn_count: number }> {
  const [doc] = await ingest(db, bookPk, [(async function* () { yield Buffer.from(json); })()], { poolSize: 0, name: 'page.json' });
  assert.equal(doc?.status, 'VERIFICATION_COMPLETE', JSON.stringify(doc));
  return doc!;
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
    const first = await ingestPage(db, acme, page(['A', 'B'], [
      { account: 'A', id: 'a1', amount: '1.00' },
      { account: 'A', id: 'a2', amount: '2.00' },
      { account: 'A', id: 'a3', amount: '3.00' },
      { account: 'B', id: 'b1', amount: '4.00' },
      { account: 'A', id: 'a2', amount: '2.50' },
    ]));
    assert.equal(first.txn_count, 4);
    assert.equal(rowsHeld(db, first.pk), 4);

    // 2. acme, A known and C new: a3 (now this document's copy), a4 and c1 new → 3. The first document
    //    keeps a1, a2 and b1.
    const second = await ingestPage(db, acme, page(['A', 'C'], [
      { account: 'A', id: 'a3', amount: '3.30' },
      { account: 'A', id: 'a4', amount: '4.40' },
      { account: 'C', id: 'c1', amount: '5.50' },
    ]));
    assert.equal(second.txn_count, 3);
    assert.equal(rowsHeld(db, second.pk), 3);
    assert.equal(rowsHeld(db, first.pk), 3);

    // 3. Book "other", the same account ids (new accounts of that book) and ids a1, b1, b2: 3 rows of its
    //    own, whatever acme holds.
    const third = await ingestPage(db, other, page(['A', 'B'], [
      { account: 'A', id: 'a1', amount: '1.00' },
      { account: 'B', id: 'b1', amount: '4.00' },
      { account: 'B', id: 'b2', amount: '6.00' },
    ]));
    assert.equal(third.txn_count, 3);
    assert.equal(rowsHeld(db, third.pk), 3);

    // 4. acme, B known: b1 twice in the document → 1.
    const fourth = await ingestPage(db, acme, page(['B'], [
      { account: 'B', id: 'b1', amount: '4.10' },
      { account: 'B', id: 'b1', amount: '4.20' },
    ]));
    assert.equal(fourth.txn_count, 1);
    assert.equal(rowsHeld(db, fourth.pk), 1);

    // Every row is counted once: acme holds a1..a4, b1, c1; other holds a1, b1, b2.
    assert.equal((db.sqlite.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n, 9);
  } finally {
    await db.close();
  }
});
