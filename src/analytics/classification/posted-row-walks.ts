import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../store/schema.js';
import { dialect } from '../dialect.js';
import { denseSpan } from './row-pages.js';

/** Accounts per dense walk: their pks go into the query. */
const ACCOUNTS_PER_WALK = 500;
/** Rows per packed page: about a megabyte of text. */
const PAGE_ROWS = 100_000;

/**
 * A stretch of a book's posted rows of non-zero amount that one query reads, as a condition on
 * `transactions`, and the column its pages advance along. As in row-pages.ts: accounts whose rows fill most
 * of their pk range are read over that range in table order; an account scattered among other books' rows
 * is read alone, along the unique key (account, source txn id).
 */
export interface PostedRowWalk {
  /** Without the lower bound on the cursor: see rowsAfter. */
  readonly rows: RawBuilder<boolean>;
  readonly cursor: 'pk' | 'source_txn_id';
  /** The walk's rows lie past this value of the cursor (null: all of them). */
  readonly after: number | null;
}

/**
 * The walk's rows past `after`. A walk's own condition has no lower bound on the cursor: given two, SQLite
 * may seek to the lesser, and every page would scan again from the walk's first row.
 */
export function rowsAfter(walk: PostedRowWalk, after: number | string | null = walk.after): RawBuilder<boolean> {
  return after === null ? walk.rows : sql<boolean>`${sql.ref(walk.cursor)} > ${after} AND ${walk.rows}`;
}

/**
 * The walks that cover the book's posted rows of non-zero amount, and a bound on their number (a dense walk
 * counts its whole pk range).
 */
export async function postedRowWalks(db: Kysely<Database>, bookPk: number): Promise<{ walks: PostedRowWalk[]; rowsAtMost: number }> {
  const accounts = (await db.selectFrom('bank_accounts').select('pk').where('book_pk', '=', bookPk).orderBy('pk').execute()).map((account) => account.pk);
  const walks: PostedRowWalk[] = [];
  let rowsAtMost = 0;
  for (let at = 0; at < accounts.length; at += ACCOUNTS_PER_WALK) {
    const batch = accounts.slice(at, at + ACCOUNTS_PER_WALK);
    const span = await denseSpan(db, batch);
    if (span === 'empty') continue;
    if (span !== null) {
      const rows = posted(sql`pk <= ${span.last} AND ${dialect.unindexed(sql`bank_account_pk`)} IN (${sql.join(batch)})`);
      walks.push({ rows, cursor: 'pk', after: span.first - 1 });
      rowsAtMost += span.last - span.first + 1;
    } else {
      walks.push(...batch.map((account) => ({ rows: posted(sql`bank_account_pk = ${account}`), cursor: 'source_txn_id' as const, after: null })));
      rowsAtMost += await rowCount(db, batch);
    }
  }
  return { walks, rowsAtMost };
}

async function rowCount(db: Kysely<Database>, accounts: readonly number[]): Promise<number> {
  const counted = await db.selectFrom('transactions').select((eb) => eb.fn.countAll<number>().as('rows')).where('bank_account_pk', 'in', accounts).executeTakeFirstOrThrow();
  return counted.rows;
}

function posted(rows: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`${rows} AND status = 'posted' AND amount_cents <> 0`;
}

interface PackedPage {
  readonly rows: number;
  readonly last: number | string;
  readonly packed: string | null;
}

/**
 * Calls `use` with one integer per row of the walk (`value`, non-negative, computed in SQL), handed over a
 * page at a time packed into one text (dialect.commaList): a page is one row read, not thousands of row objects.
 */
export async function forEachPackedInteger(db: Kysely<Database>, walk: PostedRowWalk, value: RawBuilder<number>, use: (value: number) => void): Promise<void> {
  const cursor = sql.ref(walk.cursor);
  for (let after: number | string | null = walk.after; ; ) {
    const { rows: [page] } = await sql<PackedPage>`
      SELECT count(*) AS rows, max(${cursor}) AS last, ${dialect.commaList(sql`value`)} AS packed
      FROM (SELECT ${cursor}, ${value} AS value FROM transactions WHERE ${rowsAfter(walk, after)} ORDER BY ${cursor} LIMIT ${PAGE_ROWS})`.execute(db);
    if (page === undefined || page.rows === 0) return;
    parseIntegers(page.packed!, use);
    if (page.rows < PAGE_ROWS) return;
    after = page.last;
  }
}

/** The non-negative integers of a comma-separated text, read a character at a time (no strings made). */
function parseIntegers(text: string, use: (value: number) => void): void {
  let value = 0;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code === 44) {
      use(value);
      value = 0;
    } else value = value * 10 + code - 48;
  }
  use(value);
}
