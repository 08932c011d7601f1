import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, ListedTransaction } from '../../store/schema.js';
import { dialect, column } from '../dialect.js';
import { NSF_FEE, REVENUE_BUCKETS, revenueBucket } from './classes.js';

/** A transaction with its stored classification: flags and lender (0 and -1 when it matched nothing), pairing, bucket. */
export type ClassifiedRow = ListedTransaction & {
  readonly flags: number;
  readonly lender_kinds: number;
  readonly lender_index: number;
  /** 1 when the row is paired as interbank. */
  readonly paired: number;
  /** Its revenue bucket (classes.ts BUCKETS); null unless it is a posted deposit. */
  readonly bucket: number | null;
};

/** Accounts as the IN list of a query: pks, or a subquery of them. */
export type AccountSet = readonly number[] | RawBuilder<unknown>;

function accountsIn(accounts: AccountSet): RawBuilder<unknown> {
  return Array.isArray(accounts) ? sql.join(accounts as number[]) : (accounts as RawBuilder<unknown>);
}

/** The book's depository accounts, whose rows the book's figures pool. */
export function depositoryAccountsOf(bookPk: number): AccountSet {
  return sql`SELECT pk FROM bank_accounts WHERE book_pk = ${bookPk} AND is_depository = 1`;
}

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

/**
 * The rows of `accounts` that matched something or are paired (every row a classification list can hold
 * but the deposits) as ClassifiedRows, from the two classification tables alone: they keep what a list
 * shows of a row, so the scattered rows of the big table are never read.
 */
function classRows(accounts: AccountSet): RawBuilder<unknown> {
  const listed = (table: string) => sql.raw(['document_pk', 'source_txn_id', 'txn_date', 'amount_cents', 'description', 'category'].map((name) => `${table}.${name}`).join(', '));
  return sql`
    SELECT k.*, 'posted' AS status, CASE WHEN k.amount_cents > 0 THEN ${revenueBucket('k', sql`k.paired = 1`)} END AS bucket FROM (
      SELECT c.bank_account_pk, c.transaction_pk AS pk, ${listed('c')}, c.flags, c.lender_kinds, c.lender_index,
             (i.transaction_pk IS NOT NULL) AS paired
      FROM txn_classes AS c
      LEFT JOIN interbank_txns AS i ON i.bank_account_pk = c.bank_account_pk AND i.transaction_pk = c.transaction_pk
      WHERE c.bank_account_pk IN (${accountsIn(accounts)})
      UNION ALL
      SELECT i.bank_account_pk, i.transaction_pk, ${listed('i')}, 0, 0, -1, 1
      FROM interbank_txns AS i
      WHERE i.bank_account_pk IN (${accountsIn(accounts)})
        AND NOT EXISTS (SELECT 1 FROM txn_classes AS c WHERE c.bank_account_pk = i.bank_account_pk AND c.transaction_pk = i.transaction_pk)
    ) AS k`;
}

/** The classified rows of `accounts` (see classRows), in account, date and pk order. They are few: most rows match nothing. */
export async function matchedRowsOf(db: Kysely<Database>, accounts: AccountSet): Promise<ClassifiedRow[]> {
  const { rows } = await sql<ClassifiedRow>`SELECT * FROM (${classRows(accounts)}) ORDER BY bank_account_pk, txn_date, pk`.execute(db);
  return rows;
}

/** Per month, the pooled deposits of `accounts` not counted as revenue, and their counted NSF fees. */
export async function monthTotalsOf(db: Kysely<Database>, accounts: AccountSet): Promise<Array<{ month: string; deducted: number; nsf_fees: number }>> {
  const month = dialect.monthOf(column('txn_date'));
  const { rows } = await sql<{ month: string; deducted: number; nsf_fees: number }>`
    SELECT ${month} AS month,
           sum(CASE WHEN amount_cents > 0 AND bucket NOT IN (${sql.join(REVENUE_BUCKETS)}) THEN amount_cents ELSE 0 END) AS deducted,
           sum(CASE WHEN flags & ${NSF_FEE} <> 0 THEN 1 ELSE 0 END) AS nsf_fees
    FROM (${classRows(accounts)}) GROUP BY ${month}`.execute(db);
  return rows;
}
