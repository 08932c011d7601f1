import { sql, type Kysely } from 'kysely';
import type { Database, ListedTransaction } from '../store/schema.js';
import { figureRowsOf, LISTED_COLUMNS, type FigureRow } from './figure-rows.js';
import { appendTo } from './grouping.js';
import { POSTED } from './posted-transactions.js';

/** Only amounts above 10.00 in size can recur (SPEC §4 `probable_recurring_txns`). */
const MIN_RECURRING_CENTS = 1_000;
/** A chain holds while each transaction is at most this many days after the previous one. */
const MAX_GAP_DAYS = 45;

/**
 * Materializes the recomputed accounts' probable recurring groups into `figure_txns` (figure `recurring`,
 * grouping `<amount cents>:<chain number>`) from the staged posted rows, all accounts in one pass: exactly the same signed
 * amount, ordered by date (then pk, so same-day rows chain in a stable order); a gap of more than
 * 45 days starts a new chain, and chains of two or more are groups. Descriptions are ignored.
 *
 * A row belongs to a group exactly when its previous or next row of the same amount is within 45
 * days, so one window pass (lag and lead together) finds the members; numbering the chains takes a
 * second pass over the members only, which are few (measured: a third of the time of numbering all rows).
 */
export async function materializeRecurring(db: Kysely<Database>): Promise<void> {
  await sql`
    INSERT INTO figure_txns (bank_account_pk, figure, grouping, transaction_pk)
    WITH neighbours AS (
      SELECT bank_account_pk, pk, txn_date, amount_cents,
             day_number - lag(day_number) OVER same_amount AS gap_before,
             lead(day_number) OVER same_amount - day_number AS gap_after
      FROM ${POSTED}
      WHERE abs(amount_cents) > ${MIN_RECURRING_CENTS}
      WINDOW same_amount AS (PARTITION BY bank_account_pk, amount_cents ORDER BY txn_date, pk)
    ),
    members AS (
      SELECT * FROM neighbours WHERE gap_before <= ${MAX_GAP_DAYS} OR gap_after <= ${MAX_GAP_DAYS}
    ),
    chained AS (
      SELECT bank_account_pk, pk, amount_cents,
             sum(CASE WHEN gap_before IS NULL OR gap_before > ${MAX_GAP_DAYS} THEN 1 ELSE 0 END)
               OVER (PARTITION BY bank_account_pk, amount_cents ORDER BY txn_date, pk ROWS UNBOUNDED PRECEDING) AS chain
      FROM members
    )
    SELECT bank_account_pk, 'recurring', amount_cents || ':' || chain, pk FROM chained`.execute(db);
}

/**
 * One account's recurring groups as recurringGroupsOf orders them (by first date, then amount; each in date order,
 * then pk), read a few thousand rows at a time, a group at a time out: a 375,000-row account has some 150,000
 * recurring rows, which held whole as objects took over a gigabyte (bench/README.md, issue 16). Two groups never
 * share a first date and an amount (a chain of the same amount starts after a gap of more than 45 days). Each read
 * is a whole query, not a cursor left open across yields: the connection stays free for whatever runs between.
 */
export async function* recurringGroupsStreamed(db: Kysely<Database>, accountPk: number): AsyncGenerator<ListedTransaction[]> {
  const groups = await db
    .selectFrom('figure_txns as f')
    .innerJoin('transactions as u', 'u.pk', 'f.transaction_pk')
    .select((eb) => ['f.grouping', eb.fn.min('u.txn_date').as('first_day'), eb.fn.min('u.amount_cents').as('amount'), eb.fn.countAll<number>().as('rows')])
    .where('f.bank_account_pk', '=', accountPk)
    .where('f.figure', '=', 'recurring')
    .groupBy('f.grouping')
    .orderBy('first_day')
    .orderBy('amount')
    .orderBy('f.grouping')
    .execute();
  for (let at = 0; at < groups.length; ) {
    let end = at + 1;
    for (let rows = groups[at]!.rows; end < groups.length && rows + groups[end]!.rows <= ROWS_PER_READ; end++) rows += groups[end]!.rows;
    const read = groups.slice(at, end).map((group) => group.grouping);
    const rows = await db
      .selectFrom('figure_txns as l')
      .innerJoin('transactions as t', 't.pk', 'l.transaction_pk')
      .select(LISTED_COLUMNS)
      .select('l.grouping')
      .where('l.bank_account_pk', '=', accountPk)
      .where('l.figure', '=', 'recurring')
      .where('l.grouping', 'in', read)
      .orderBy('t.txn_date')
      .orderBy('t.pk')
      .execute();
    const byGroup = new Map<string, ListedTransaction[]>(read.map((grouping) => [grouping, []]));
    for (const { grouping, ...transaction } of rows) byGroup.get(grouping)!.push(transaction);
    yield* byGroup.values();
    at = end;
  }
}

/** Recurring rows read at once (more when one group alone has more). */
const ROWS_PER_READ = 5_000;

/** Each of `accountPks`'s recurring groups: each in date order, groups by first date, then by amount. */
export async function recurringGroupsOf(db: Kysely<Database>, accountPks: readonly number[]): Promise<Map<number, ListedTransaction[][]>> {
  const rows = await figureRowsOf(db, accountPks, ['recurring']);
  return new Map([...rows].map(([pk, accountRows]) => [pk, groupsOf(accountRows)]));
}

function groupsOf(rows: readonly FigureRow[]): ListedTransaction[][] {
  const groups = new Map<string, ListedTransaction[]>();
  for (const { grouping, transaction } of rows) appendTo(groups, grouping, transaction);
  // Rows came in date order, so each group's first row is its first date.
  return [...groups.values()].sort(
    (a, b) => (a[0]!.txn_date < b[0]!.txn_date ? -1 : a[0]!.txn_date > b[0]!.txn_date ? 1 : a[0]!.amount_cents - b[0]!.amount_cents),
  );
}
