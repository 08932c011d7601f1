import { sql, type Kysely } from 'kysely';
import type { Database, TransactionRow } from '../store/schema.js';
import { column, dates } from './dialect.js';
import { appendTo } from './grouping.js';

/** Only amounts above 10.00 in size can recur (SPEC §4 `probable_recurring_txns`). */
const MIN_RECURRING_CENTS = 1_000;
/** A chain holds while each transaction is at most this many days after the previous one. */
const MAX_GAP_DAYS = 45;

/**
 * Materializes the account's probable recurring groups into `figure_txns` (figure `recurring`,
 * grouping `<amount cents>:<chain number>`): posted transactions with exactly the same signed
 * amount, ordered by date (then pk, so same-day rows chain in a stable order); a gap of more than
 * 45 days starts a new chain, and chains of two or more are groups. Descriptions are ignored.
 */
export async function materializeRecurring(db: Kysely<Database>, accountPk: number): Promise<void> {
  const gap = dates.daysBetween(sql`lag(txn_date) OVER same_amount`, column('txn_date'));
  await sql`
    INSERT INTO figure_txns (bank_account_pk, figure, grouping, transaction_pk)
    WITH candidates AS (
      SELECT pk, txn_date, amount_cents, ${gap} AS gap
      FROM transactions
      WHERE bank_account_pk = ${accountPk} AND status = 'posted' AND abs(amount_cents) > ${MIN_RECURRING_CENTS}
      WINDOW same_amount AS (PARTITION BY amount_cents ORDER BY txn_date, pk)
    ),
    chained AS (
      SELECT pk, amount_cents,
             sum(CASE WHEN gap IS NULL OR gap > ${MAX_GAP_DAYS} THEN 1 ELSE 0 END)
               OVER (PARTITION BY amount_cents ORDER BY txn_date, pk ROWS UNBOUNDED PRECEDING) AS chain
      FROM candidates
    ),
    sized AS (
      SELECT pk, amount_cents, chain, count(*) OVER (PARTITION BY amount_cents, chain) AS size FROM chained
    )
    SELECT ${accountPk}, 'recurring', amount_cents || ':' || chain, pk FROM sized WHERE size >= 2`.execute(db);
}

/** The account's recurring groups: each in date order, groups by first date, then by amount. */
export async function recurringGroupsOf(db: Kysely<Database>, accountPk: number): Promise<TransactionRow[][]> {
  const rows = await db
    .selectFrom('figure_txns as r')
    .innerJoin('transactions as t', 't.pk', 'r.transaction_pk')
    .selectAll('t')
    .select('r.grouping')
    .where('r.bank_account_pk', '=', accountPk)
    .where('r.figure', '=', 'recurring')
    .orderBy('t.txn_date')
    .orderBy('t.pk')
    .execute();
  const groups = new Map<string, TransactionRow[]>();
  for (const { grouping, ...transaction } of rows) appendTo(groups, grouping, transaction);
  // Rows came in date order, so each group's first row is its first date.
  return [...groups.values()].sort(
    (a, b) => (a[0]!.txn_date < b[0]!.txn_date ? -1 : a[0]!.txn_date > b[0]!.txn_date ? 1 : a[0]!.amount_cents - b[0]!.amount_cents),
  );
}

