import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountPage } from '../src/analytics/account-chunks.js';
import { openDatabase } from '../src/store/database.js';

/**
 * A book's accounts are paged from the (book_pk) index (migration 007), never by walking every account of the
 * store: a batch's 10,000th small book must not pay for the 9,999 before it (its summary did, 1.2 ms a query
 * at 3,000 books and growing), nor a book of 200,000 accounts for a sort of all of them on every page.
 */
test('a page of a book\'s accounts is a search of the (book_pk) index in pk order, without a scan or a sort', async () => {
  const db = await openDatabase(':memory:');
  try {
    const { sql, parameters } = accountPage(db, 7, 100).select(['a.pk']).compile();
    const plan = (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as Array<{ detail: string }>).map((row) => row.detail);
    assert.ok(plan.some((detail) => /^SEARCH a USING (COVERING )?INDEX bank_accounts_by_book \(book_pk=\? AND rowid>\?\)/.test(detail)), plan.join(' | '));
    assert.ok(!plan.some((detail) => /^SCAN a\b|TEMP B-TREE/.test(detail)), plan.join(' | '));
  } finally {
    await db.close();
  }
});
