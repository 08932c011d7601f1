import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../store/schema.js';
import { dialect } from '../dialect.js';

/** Rows per page: one await per page, not per row (a stream's per-row promises cost more than the read). */
const PAGE_ROWS = 20_000;
/** Accounts per walk: their pks go into the query. */
const ACCOUNTS_PER_WALK = 500;
/** A walk goes in table order when the accounts' rows fill at least this share of their pk range. */
const DENSE_SHARE = 0.5;

type TransactionsQuery = SelectQueryBuilder<Database, 'transactions', object>;
type Picked<Row> = (query: TransactionsQuery) => SelectQueryBuilder<Database, 'transactions', Row>;

/** What a walk reads: the columns `select` picks, under the names given (dialect.jsonRows packs them). */
export interface RowPick<Row> {
  readonly select: Picked<Row>;
  readonly names: ReadonlyArray<keyof Row & string>;
}

/**
 * The posted rows of `accountPks`, a page at a time, each page starting where the last ended: no sort,
 * one await per page. Rows an account got from one document lie together in the table, so the accounts'
 * pk range is usually dense and is walked in table order, the cheapest read there is; a sparse range
 * (accounts updated by many documents between other books') is walked along the unique key
 * (account, source txn id) instead, which reads only their rows. A page comes over as one JSON text
 * (dialect.jsonRows): a quarter cheaper than the driver's row objects for a million rows.
 */
export async function* postedRowPages<Row extends { pk: number }>(db: Kysely<Database>, accountPks: readonly number[], pick: RowPick<Row>): AsyncGenerator<Row[]> {
  const sorted = [...accountPks].sort((a, b) => a - b);
  for (let at = 0; at < sorted.length; at += ACCOUNTS_PER_WALK) {
    const accounts = sorted.slice(at, at + ACCOUNTS_PER_WALK);
    const span = await denseSpan(db, accounts);
    if (span === 'empty') continue;
    yield* span !== null ? tableOrder(db, accounts, span.first, span.last, pick) : keyOrder(db, accounts, pick);
  }
}

/**
 * The pk range of the accounts' rows when they fill most of it (then reading the range in table order is
 * the cheapest read there is); null when they are scattered among other rows; 'empty' when there are none.
 */
export async function denseSpan(db: Kysely<Database>, accountPks: readonly number[]): Promise<{ first: number; last: number } | null | 'empty'> {
  const span = await db
    .selectFrom('transactions')
    .select((eb) => [eb.fn.min('pk').as('first'), eb.fn.max('pk').as('last'), eb.fn.countAll<number>().as('rows')])
    .where('bank_account_pk', 'in', accountPks)
    .executeTakeFirstOrThrow();
  if (span.rows === 0) return 'empty';
  return span.rows >= DENSE_SHARE * (span.last! - span.first! + 1) ? { first: span.first!, last: span.last! } : null;
}

async function* tableOrder<Row extends { pk: number }>(db: Kysely<Database>, accounts: readonly number[], first: number, last: number, pick: RowPick<Row>): AsyncGenerator<Row[]> {
  for (let after = first - 1; ; ) {
    const page = pick
      .select(db.selectFrom('transactions') as TransactionsQuery)
      .where('pk', '>', after)
      .where('pk', '<=', last)
      .where(dialect.unindexed(sql<number>`bank_account_pk`), 'in', accounts)
      .where('status', '=', 'posted')
      .orderBy('pk')
      .limit(PAGE_ROWS);
    const rows = await packed<Row>(db, page, pick.names);
    if (rows.length > 0) yield rows;
    if (rows.length < PAGE_ROWS) return;
    after = rows.reduce((largest, row) => Math.max(largest, row.pk), after);
  }
}

/**
 * Along the unique key: a range on it between the walk's first and last account (the list itself only
 * filters: as an indexed IN, it would restart every page at its account's first row).
 */
async function* keyOrder<Row extends { pk: number }>(db: Kysely<Database>, accounts: readonly number[], pick: RowPick<Row>): AsyncGenerator<Row[]> {
  type Keyed = Row & { walk_account: number; walk_key: string };
  const [first, last] = [accounts[0]!, accounts.at(-1)!];
  for (let after: Keyed | null = null; ; ) {
    const page: SelectQueryBuilder<Database, 'transactions', object> = pick
      .select(db.selectFrom('transactions') as TransactionsQuery)
      .select(['bank_account_pk as walk_account', 'source_txn_id as walk_key'])
      .where(after === null ? sql<boolean>`bank_account_pk >= ${first}` : sql<boolean>`(bank_account_pk, source_txn_id) > (${after.walk_account}, ${after.walk_key})`)
      .where('bank_account_pk', '<=', last)
      .where(dialect.unindexed(sql<number>`bank_account_pk`), 'in', accounts)
      .where('status', '=', 'posted')
      .orderBy('bank_account_pk')
      .orderBy('source_txn_id')
      .limit(PAGE_ROWS);
    const rows: Keyed[] = await packed<Keyed>(db, page, [...pick.names, 'walk_account', 'walk_key']);
    if (rows.length > 0) yield rows;
    if (rows.length < PAGE_ROWS) return;
    after = rows.reduce((largest: Keyed, row: Keyed) => (isAfter(row, largest) ? row : largest));
  }
}

function isAfter(row: { walk_account: number; walk_key: string }, than: { walk_account: number; walk_key: string }): boolean {
  return row.walk_account !== than.walk_account ? row.walk_account > than.walk_account : row.walk_key > than.walk_key;
}

async function packed<Row>(db: Kysely<Database>, page: SelectQueryBuilder<Database, 'transactions', object>, names: readonly string[]): Promise<Row[]> {
  const { rows: [result] } = await sql<{ json: string }>`SELECT ${dialect.jsonRows(page, names)} AS json`.execute(db);
  return JSON.parse(result!.json) as Row[];
}
