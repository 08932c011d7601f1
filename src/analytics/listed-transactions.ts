import { sql, type Kysely } from 'kysely';
import type { Database, ListedTransaction } from '../store/schema.js';
import { column, dialect } from './dialect.js';
import { POSTED } from './posted-transactions.js';
import { figureRowsOf, type FigureRow } from './figure-rows.js';
import { appendTo } from './grouping.js';

/** Round numbers are non-zero whole multiples of 100.00 (SPEC §4 `round_number_txns`). */
const ROUND_CENTS = 10_000;

/**
 * Materializes the per-account lists of `figure_txns` that need no chaining, for every recomputed
 * account at once: each month's largest and smallest deposits (every tie), and the round-number
 * transactions, from the staged posted rows.
 */
export async function materializeListedTransactions(db: Kysely<Database>): Promise<void> {
  const month = dialect.monthOf(column('txn_date'));
  await sql`
    INSERT INTO figure_txns (bank_account_pk, figure, grouping, transaction_pk)
    WITH deposits AS (
      SELECT bank_account_pk, pk, ${month} AS month, amount_cents,
             max(amount_cents) OVER by_month AS largest, min(amount_cents) OVER by_month AS smallest
      FROM ${POSTED} WHERE amount_cents > 0
      WINDOW by_month AS (PARTITION BY bank_account_pk, ${month})
    )
    SELECT bank_account_pk, 'deposit_max', month, pk FROM deposits WHERE amount_cents = largest
    UNION ALL
    SELECT bank_account_pk, 'deposit_min', month, pk FROM deposits WHERE amount_cents = smallest`.execute(db);
  await sql`
    INSERT INTO figure_txns (bank_account_pk, figure, grouping, transaction_pk)
    SELECT bank_account_pk, 'round_number', '', pk FROM ${POSTED}
    WHERE amount_cents <> 0 AND amount_cents % ${ROUND_CENTS} = 0`.execute(db);
}

/** A month's transactions of a per-month list, in date order. */
export type TransactionsByMonth = ReadonlyMap<string, readonly ListedTransaction[]>;

export interface ListedTransactions {
  readonly depositMax: TransactionsByMonth;
  readonly depositMin: TransactionsByMonth;
  readonly roundNumber: readonly ListedTransaction[];
}

/** The materialized lists of each of `accountPks`, each in date order (then pk). */
export async function listedTransactionsOf(db: Kysely<Database>, accountPks: readonly number[]): Promise<Map<number, ListedTransactions>> {
  const rows = await figureRowsOf(db, accountPks, ['deposit_max', 'deposit_min', 'round_number']);
  return new Map([...rows].map(([pk, accountRows]) => [pk, listsOf(accountRows)]));
}

function listsOf(rows: readonly FigureRow[]): ListedTransactions {
  const lists = { depositMax: new Map<string, ListedTransaction[]>(), depositMin: new Map<string, ListedTransaction[]>(), roundNumber: [] as ListedTransaction[] };
  for (const { figure, grouping, transaction } of rows) {
    if (figure === 'round_number') lists.roundNumber.push(transaction);
    else appendTo(figure === 'deposit_max' ? lists.depositMax : lists.depositMin, grouping, transaction);
  }
  return lists;
}
