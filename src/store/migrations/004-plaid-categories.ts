import type { Kysely } from 'kysely';

/**
 * Plaid's `personal_finance_category.detailed` of each transaction ("BANK_FEES_OVERDRAFT_FEES"), which the NSF
 * rule of SPEC §4a reads beside the legacy `category` path. Null for Finicity rows, for Plaid rows without it,
 * and for the rows of a store made before this column: they keep null until a document lists them again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transactions').addColumn('pfc_detailed', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transactions').dropColumn('pfc_detailed').execute();
}
