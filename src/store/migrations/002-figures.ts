import type { Kysely } from 'kysely';

/**
 * Materialized figures, one set per bank account (SPEC §4). They are derived data: an ingest
 * marks the accounts it touched (bank_accounts.document_pk moves on) and only those are
 * recomputed, so a summary reads small tables instead of scanning every transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per account whose figures are up to date as of `document_pk`.
  await db.schema
    .createTable('account_figures')
    .addColumn('bank_account_pk', 'integer', (c) => c.primaryKey().references('bank_accounts.pk'))
    .addColumn('document_pk', 'integer', (c) => c.notNull())
    .addColumn('coverage_begin', 'text')
    .addColumn('coverage_end', 'text')
    .addColumn('first_txn_date', 'text')
    .addColumn('last_txn_date', 'text')
    .addColumn('has_balances', 'integer', (c) => c.notNull())
    /** The balance at the end of the day before coverage: the first calendar period's begin balance. */
    .addColumn('opening_balance_cents', 'bigint')
    .execute();

  // Every day of coverage: its end-of-day balance (null without known points) and its posted flows,
  // whose per-month sums give every month figure (and the book's pooled ones) without a scan.
  await db.schema
    .createTable('account_days')
    .addColumn('bank_account_pk', 'integer', (c) => c.notNull().references('bank_accounts.pk'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('is_weekday', 'integer', (c) => c.notNull())
    .addColumn('balance_cents', 'bigint')
    .addColumn('txn_count', 'integer', (c) => c.notNull())
    .addColumn('net_cents', 'bigint', (c) => c.notNull())
    .addColumn('abs_cents', 'bigint', (c) => c.notNull())
    .addColumn('deposit_count', 'integer', (c) => c.notNull())
    .addColumn('deposit_cents', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_days_key', ['bank_account_pk', 'day'])
    .execute();

  // Transactions a figure lists: deposit_max / deposit_min (per month), round_number, recurring (per group).
  await db.schema
    .createTable('figure_txns')
    .addColumn('bank_account_pk', 'integer', (c) => c.notNull().references('bank_accounts.pk'))
    .addColumn('figure', 'text', (c) => c.notNull())
    .addColumn('grouping', 'text', (c) => c.notNull())
    .addColumn('transaction_pk', 'integer', (c) => c.notNull().references('transactions.pk'))
    .addPrimaryKeyConstraint('figure_txns_key', ['bank_account_pk', 'figure', 'grouping', 'transaction_pk'])
    .execute();
  await db.schema.createIndex('figure_txns_by_transaction').on('figure_txns').columns(['transaction_pk', 'figure']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['figure_txns', 'account_days', 'account_figures']) {
    await db.schema.dropTable(table).execute();
  }
}
