import type { Kysely } from 'kysely';

/**
 * A book's accounts in pk order, straight from an index: SQLite keeps each index entry's rowid after its columns,
 * so (book_pk) is (book_pk, pk). Paging a book's accounts had to choose between gathering the whole book through
 * the (book_pk, source, source_account_id) key and sorting it for every page (slow for a book of 200,000
 * accounts), and walking every account of the store along the primary key (slow for the 10,000th small book
 * of a batch: its summary walked every account before it, 1.2 ms a query at 3,000 books and growing).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('bank_accounts_by_book').on('bank_accounts').column('book_pk').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('bank_accounts_by_book').execute();
}
