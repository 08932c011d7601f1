import { sql, type Kysely } from 'kysely';
import type { IsoDate } from '../core/dates.js';
import type { Database } from '../store/schema.js';
import { column, dialect } from './dialect.js';
import { POSTED } from './posted-transactions.js';
import { RECOMPUTING } from './recomputing.js';
import { createScratch, emptyScratch } from './scratch-tables.js';

/** The days an account's figures span (SPEC §4 "Coverage"), and its posted transactions' dates. */
export interface Coverage {
  readonly begin: IsoDate;
  readonly end: IsoDate;
  readonly firstTxnDate: IsoDate | null;
  readonly lastTxnDate: IsoDate | null;
}

/**
 * Each recomputed account's coverage, in a scratch table: from its first to its last posted transaction
 * (staged in POSTED); an account without any covers the span of its explicit end-of-day balances
 * (statement starts included: they are the end of the day before a statement). An anchor balance alone
 * covers nothing, so such an account's coverage is null. Also whether it has any known balance, and on how
 * many dates; and the day before coverage with its day number, which the daily balances start from. Columns:
 * bank_account_pk, document_pk, coverage_begin, coverage_end, first_txn_date, last_txn_date, has_balances,
 * point_days, day_before, day_before_number.
 */
export const COVERAGE = dialect.scratchTable('recomputing_coverage');

export async function stageCoverage(db: Kysely<Database>, accounts: number): Promise<void> {
  await createScratch(db, COVERAGE, sql`bank_account_pk INTEGER PRIMARY KEY, document_pk INTEGER, coverage_begin TEXT, coverage_end TEXT,
    first_txn_date TEXT, last_txn_date TEXT, has_balances INTEGER, point_days INTEGER, day_before TEXT, day_before_number INTEGER`);
  // One account alone (a large one, as a rule) needs no grouping: its min and max are a scan, a GROUP BY a sort.
  const txnSpans =
    accounts === 1
      ? sql`SELECT (SELECT pk FROM ${RECOMPUTING}) AS bank_account_pk, min(txn_date) AS first, max(txn_date) AS last FROM ${POSTED}`
      : sql`SELECT bank_account_pk, min(txn_date) AS first, max(txn_date) AS last FROM ${POSTED} GROUP BY bank_account_pk`;
  const dayBefore = dialect.addDays(column('coverage_begin'), -1);
  await sql`
    INSERT INTO ${COVERAGE} (bank_account_pk, document_pk, coverage_begin, coverage_end, first_txn_date, last_txn_date, has_balances, point_days,
                             day_before, day_before_number)
    SELECT spans.*, ${dayBefore}, ${dialect.dayNumber(dayBefore)} FROM (
      SELECT r.pk AS bank_account_pk, r.document_pk,
             coalesce(t.first, p.first) AS coverage_begin, coalesce(t.last, p.last) AS coverage_end,
             t.first AS first_txn_date, t.last AS last_txn_date,
             EXISTS (SELECT 1 FROM balance_points AS b WHERE b.bank_account_pk = r.pk) AS has_balances,
             (SELECT count(DISTINCT b.balance_date) FROM balance_points AS b WHERE b.bank_account_pk = r.pk) AS point_days
      FROM ${RECOMPUTING} AS r
      LEFT JOIN (${txnSpans}) AS t ON t.bank_account_pk = r.pk
      LEFT JOIN (
        SELECT bank_account_pk, min(balance_date) AS first, max(balance_date) AS last FROM balance_points
        WHERE bank_account_pk IN (SELECT pk FROM ${RECOMPUTING}) AND kind <> 'anchor' GROUP BY bank_account_pk
      ) AS p ON p.bank_account_pk = r.pk
    ) AS spans`.execute(db);
}

export async function dropCoverage(db: Kysely<Database>): Promise<void> {
  await emptyScratch(db, COVERAGE);
}
