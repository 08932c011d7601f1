import type { Kysely } from 'kysely';
import type { Database, ListedFigure, ListedTransaction } from '../store/schema.js';

/** A transaction a figure lists, with the list it is in (`grouping`: a month, a recurring group, or ''). */
export interface FigureRow {
  readonly figure: ListedFigure;
  readonly grouping: string;
  readonly transaction: ListedTransaction;
}

/** What a list shows of a row, no more: a list of 150,000 recurring rows costs per column read. */
export const LISTED_COLUMNS = ['t.pk', 't.bank_account_pk', 't.document_pk', 't.amount_cents', 't.txn_date', 't.description', 't.source_txn_id', 't.status', 't.category'] as const;

/** The transactions `figures` list for each of `accountPks`, each account's in date order (then pk), in one query. */
export async function figureRowsOf(db: Kysely<Database>, accountPks: readonly number[], figures: readonly ListedFigure[]): Promise<Map<number, FigureRow[]>> {
  const rows = await db
    .selectFrom('figure_txns as l')
    .innerJoin('transactions as t', 't.pk', 'l.transaction_pk')
    .select(LISTED_COLUMNS)
    .select(['l.figure', 'l.grouping'])
    .where('l.bank_account_pk', 'in', accountPks)
    .where('l.figure', 'in', figures)
    .orderBy('l.bank_account_pk')
    .orderBy('t.txn_date')
    .orderBy('t.pk')
    .execute();
  const byAccount = new Map<number, FigureRow[]>(accountPks.map((pk) => [pk, []]));
  for (const { figure, grouping, ...transaction } of rows) byAccount.get(transaction.bank_account_pk)!.push({ figure, grouping, transaction });
  return byAccount;
}
