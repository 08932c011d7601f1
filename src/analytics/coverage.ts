import { sql, type Kysely } from 'kysely';
import type { IsoDate } from '../core/dates.js';
import type { Database } from '../store/schema.js';
import { POSTED } from './posted-transactions.js';

/** The days an account's figures span (SPEC §4 "Coverage"), and its posted transactions' dates. */
export interface Coverage {
  readonly begin: IsoDate;
  readonly end: IsoDate;
  readonly firstTxnDate: IsoDate | null;
  readonly lastTxnDate: IsoDate | null;
}

/**
 * From the first to the last posted transaction (staged in POSTED); an account without any covers the span of its
 * explicit end-of-day balances (statement starts included: they are the end of the day before a
 * statement). An anchor balance alone covers nothing, so such an account has no coverage (null).
 */
export async function coverageOf(db: Kysely<Database>, accountPk: number): Promise<Coverage | null> {
  const { rows } = await sql<{ first: IsoDate | null; last: IsoDate | null }>`
    SELECT min(txn_date) AS first, max(txn_date) AS last FROM ${POSTED}`.execute(db);
  const { first, last } = rows[0]!;
  if (first !== null && last !== null) return { begin: first, end: last, firstTxnDate: first, lastTxnDate: last };
  const explicit = await db
    .selectFrom('balance_points')
    .select((eb) => [eb.fn.min('balance_date').as('begin'), eb.fn.max('balance_date').as('end')])
    .where('bank_account_pk', '=', accountPk)
    .where('kind', '<>', 'anchor')
    .executeTakeFirstOrThrow();
  if (explicit.begin === null || explicit.end === null) return null;
  return { begin: explicit.begin, end: explicit.end, firstTxnDate: null, lastTxnDate: null };
}
