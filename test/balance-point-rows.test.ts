/**
 * Balance points are upserted many to a statement (store/balance-point-rows.ts): every point must land, a later
 * copy of a point must replace an earlier one as it did with one statement a row, and a discarded document's
 * points must never reach the table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BalancePointRows, POINTS_PER_STATEMENT, type BalancePointRow } from '../src/store/balance-point-rows.js';
import { ensureBook } from '../src/store/books.js';
import { openDatabase } from '../src/store/database.js';
import { statementsOf } from '../src/store/writer-statements.js';

test('points upserted many to a statement land as one statement a row would leave them', async () => {
  const db = await openDatabase(':memory:');
  try {
    const book = ensureBook(db, 'acme');
    const documentPk = Number(db.sqlite.prepare("INSERT INTO documents (book_pk, name, status, sha256, files, bytes, warnings, txn_count) VALUES (?, 'd', 'VERIFICATION_COMPLETE', '', '[]', 0, '[]', 0) RETURNING pk").pluck().get(book));
    const accountPk = Number(db.sqlite.prepare("INSERT INTO bank_accounts (book_pk, source, source_account_id, is_depository, document_pk) VALUES (?, 'PLAID', 'a', 1, ?) RETURNING pk").pluck().get(book, documentPk));
    const statements = statementsOf(db);
    const rows = new BalancePointRows(statements.upsertBalancePoint, statements.upsertBalancePoints);
    const point = (day: number, cents: number, kind = 'end_of_day'): BalancePointRow =>
      [accountPk, documentPk, `2024-03-${String(day).padStart(2, '0')}`, kind, kind === 'anchor' ? 1 : 3, cents, (cents / 100).toFixed(2)];
    // 2 full statements and 6 rows left (70 points, days 1 to 28 as end of day, 29 to 31 also as anchors).
    const written: BalancePointRow[] = [];
    for (let n = 0; n < 2 * POINTS_PER_STATEMENT + 6; n++) written.push(point((n % 31) + 1, 1000 + n, n < 31 ? 'end_of_day' : n < 62 ? 'anchor' : 'end_of_day'));
    for (const row of written) rows.add(row);
    rows.flush();
    // Each (day, kind) keeps its last copy: end of day for days 1-31 from n 0-30, except days 1-8 rewritten by n 62-69.
    const stored = db.sqlite.prepare('SELECT balance_date, kind, balance_cents FROM balance_points ORDER BY balance_date, kind').all() as Array<{ balance_date: string; kind: string; balance_cents: number }>;
    assert.equal(stored.length, 31 + 31);
    const cents = (day: number, kind: string) => stored.find((row) => row.balance_date === `2024-03-${String(day).padStart(2, '0')}` && row.kind === kind)?.balance_cents;
    assert.equal(cents(1, 'end_of_day'), 1062);
    assert.equal(cents(8, 'end_of_day'), 1069);
    assert.equal(cents(9, 'end_of_day'), 1008);
    assert.equal(cents(31, 'end_of_day'), 1030);
    assert.equal(cents(1, 'anchor'), 1031);
    assert.equal(cents(31, 'anchor'), 1061);

    // A copy of a point still held flushes the first: the later one wins inside one buffer too.
    rows.add(point(10, 5));
    rows.add(point(10, 7));
    rows.flush();
    const centsNow = (date: string) => db.sqlite.prepare("SELECT balance_cents FROM balance_points WHERE balance_date = ? AND kind = 'end_of_day'").pluck().get(date);
    assert.equal(centsNow('2024-03-10'), 7);

    // Discarded points never arrive.
    rows.add(point(11, 99));
    rows.discard();
    rows.flush();
    assert.equal(centsNow('2024-03-11'), 1010);
  } finally {
    await db.close();
  }
});
