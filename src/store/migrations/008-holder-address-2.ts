import type { Kysely } from 'kysely';

/**
 * The second line of the holder's street address (Ocrolus' `holder_address_2`), where the source has one: Plaid
 * addresses that carry `street2`. Null for every other source, and for the accounts of a store made before this
 * column until a document describes them again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('bank_accounts').addColumn('holder_address_2', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('bank_accounts').dropColumn('holder_address_2').execute();
}
