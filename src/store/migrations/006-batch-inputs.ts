import type { Kysely } from 'kysely';

/**
 * What `batch` has done (SPEC §6): one row per input it made a book of, written in the same transaction as that
 * book's document, so that a run killed at any moment and run again finds exactly the inputs whose books committed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('batch_inputs')
    // The input's absolute path: the same command run again from another folder still finds it.
    .addColumn('input_key', 'text', (c) => c.primaryKey())
    .addColumn('book_pk', 'integer', (c) => c.notNull().references('books.pk'))
    .addColumn('document_pk', 'integer', (c) => c.notNull().references('documents.pk'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('batch_inputs').execute();
}
