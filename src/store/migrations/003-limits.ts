import { sql, type Kysely } from 'kysely';

/**
 * The running bounds the book-level limits are checked against (store/book-limits.ts): each account's span
 * of posted transactions and explicit balances, and each book's money. Stores made before them are filled in
 * from their rows, with SQLite's float `total()` so that a book already past the limit cannot make the
 * migration itself overflow (the bound only has to be at least the true value to be safe).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('bank_accounts').addColumn('dated_from', 'text').execute();
  await db.schema.alterTable('bank_accounts').addColumn('dated_to', 'text').execute();
  await db.schema.alterTable('books').addColumn('money_cents', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await sql`
    UPDATE bank_accounts SET
      dated_from = (SELECT min(day) FROM (
        SELECT min(txn_date) AS day FROM transactions WHERE bank_account_pk = bank_accounts.pk AND status = 'posted'
        UNION ALL SELECT min(balance_date) FROM balance_points WHERE bank_account_pk = bank_accounts.pk AND kind <> 'anchor')),
      dated_to = (SELECT max(day) FROM (
        SELECT max(txn_date) AS day FROM transactions WHERE bank_account_pk = bank_accounts.pk AND status = 'posted'
        UNION ALL SELECT max(balance_date) FROM balance_points WHERE bank_account_pk = bank_accounts.pk AND kind <> 'anchor'))`.execute(db);
  await sql`
    UPDATE books SET money_cents = CAST(min(9.2e18,
      (SELECT total(abs(amount_cents)) FROM transactions WHERE book_pk = books.pk)
      + (SELECT total(abs(p.balance_cents)) FROM balance_points AS p JOIN bank_accounts AS a ON a.pk = p.bank_account_pk
         WHERE a.book_pk = books.pk)) AS INTEGER)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('books').dropColumn('money_cents').execute();
  await db.schema.alterTable('bank_accounts').dropColumn('dated_to').execute();
  await db.schema.alterTable('bank_accounts').dropColumn('dated_from').execute();
}
