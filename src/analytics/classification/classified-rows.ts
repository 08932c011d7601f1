import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, TransactionRow } from '../../store/schema.js';
import { revenueBucket } from './classes.js';

/** A transaction with its stored classification: flags and lender (0 and -1 when it matched nothing), pairing, bucket. */
export type ClassifiedRow = TransactionRow & {
  readonly flags: number;
  readonly lender_kinds: number;
  readonly lender_index: number;
  /** 1 when the row is paired as interbank. */
  readonly paired: number;
  /** Its revenue bucket (classes.ts BUCKETS); null unless it is a posted deposit. */
  readonly bucket: number | null;
};

/** A row's classification columns, over its transaction left-joined with `txn_classes as c` and `interbank_txns as i`. */
export function classificationColumns(transactions: string) {
  const paired = sql<number>`(i.transaction_pk IS NOT NULL)`;
  return [
    sql<number>`coalesce(c.flags, 0)`.as('flags'),
    sql<number>`coalesce(c.lender_kinds, 0)`.as('lender_kinds'),
    sql<number>`coalesce(c.lender_index, -1)`.as('lender_index'),
    paired.as('paired'),
    sql<number>`CASE WHEN ${sql.ref(`${transactions}.status`)} = 'posted' AND ${sql.ref(`${transactions}.amount_cents`)} > 0
      THEN ${revenueBucket('c', paired)} END`.as('bucket'),
  ];
}

/** The columns of a ClassifiedRow, over `transactions as t` (CLASSIFIED_JOINS). */
const CLASSIFIED_COLUMNS = sql`t.*, ${sql.join(classificationColumns('t'))}`;

/** The joins CLASSIFIED_COLUMNS reads, after `FROM transactions AS t`. */
export const CLASSIFIED_JOINS = sql`
  LEFT JOIN txn_classes AS c ON c.bank_account_pk = t.bank_account_pk AND c.transaction_pk = t.pk
  LEFT JOIN interbank_txns AS i ON i.bank_account_pk = t.bank_account_pk AND i.transaction_pk = t.pk`;

/** Accounts as the IN list of a query: pks, or a subquery of them. */
export type AccountSet = readonly number[] | RawBuilder<unknown>;

function accountsIn(accounts: AccountSet): RawBuilder<unknown> {
  return Array.isArray(accounts) ? sql.join(accounts as number[]) : (accounts as RawBuilder<unknown>);
}

/** The book's depository accounts, whose rows the book's figures pool. */
export function depositoryAccountsOf(bookPk: number): AccountSet {
  return sql`SELECT pk FROM bank_accounts WHERE book_pk = ${bookPk} AND is_depository = 1`;
}

/**
 * The rows of `accounts` that matched something or are paired (every row a classification list can
 * hold but the deposits), in account, date and pk order. They are few: most rows match nothing.
 */
export async function matchedRowsOf(db: Kysely<Database>, accounts: AccountSet): Promise<ClassifiedRow[]> {
  const { rows } = await sql<ClassifiedRow>`
    SELECT ${CLASSIFIED_COLUMNS}
    FROM (SELECT bank_account_pk, transaction_pk FROM txn_classes WHERE bank_account_pk IN (${accountsIn(accounts)})
          UNION SELECT bank_account_pk, transaction_pk FROM interbank_txns WHERE bank_account_pk IN (${accountsIn(accounts)})) AS k
    JOIN transactions AS t ON t.pk = k.transaction_pk
    ${CLASSIFIED_JOINS}
    ORDER BY t.bank_account_pk, t.txn_date, t.pk`.execute(db);
  return rows;
}

/** Every posted deposit of `accountPks` with its bucket, in account, date and pk order (for the lists of every deposit). */
export async function depositRowsOf(db: Kysely<Database>, accountPks: readonly number[]): Promise<ClassifiedRow[]> {
  const { rows } = await sql<ClassifiedRow>`
    SELECT ${CLASSIFIED_COLUMNS} FROM transactions AS t
    ${CLASSIFIED_JOINS}
    WHERE t.bank_account_pk IN (${sql.join(accountPks)}) AND t.status = 'posted' AND t.amount_cents > 0
    ORDER BY t.bank_account_pk, t.txn_date, t.pk`.execute(db);
  return rows;
}
