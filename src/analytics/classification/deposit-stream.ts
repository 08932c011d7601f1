import { sql, type Kysely } from 'kysely';
import { monthOf, type IsoMonth } from '../../core/months.js';
import type { Database, ListedTransaction } from '../../store/schema.js';
import { dialect } from '../dialect.js';
import { appendTo } from '../grouping.js';
import { denseSpan } from './row-pages.js';
import { BUCKETS, REVENUE_BUCKETS } from './classes.js';

/** Rows handed out together, and fetched per step of the stream. */
const BATCH_ROWS = 2_000;

/** The deducted and added buckets as the per-month calculation names them (interbank and outside-source share one). */
export type DepositList = 'deducted_transfer_deposit_txns' | 'added_factoring_txns' | 'deducted_alternative_lender_txns' | 'deducted_specific_terms_txns';

const LIST_OF_BUCKET: ReadonlyMap<number, DepositList> = new Map([
  [BUCKETS.interbank, 'deducted_transfer_deposit_txns'],
  [BUCKETS.factoring, 'added_factoring_txns'],
  [BUCKETS.lender, 'deducted_alternative_lender_txns'],
  [BUCKETS.outsideSource, 'deducted_transfer_deposit_txns'],
  [BUCKETS.specificTerms, 'deducted_specific_terms_txns'],
]);

/**
 * A month of coverage with every deposit of it, those of each list (SPEC §4a `estimated_revenue_by_month_calc_txns`),
 * and its revenue deposits (buckets 2 and 6, `estimated_revenue_txns_list`), each in date order.
 */
export interface DepositMonth {
  readonly month: IsoMonth;
  readonly deposits: readonly ListedTransaction[];
  readonly lists: ReadonlyMap<DepositList, readonly ListedTransaction[]>;
  readonly revenue: readonly ListedTransaction[];
}

/** A posted deposit's bucket: its classified row's, or revenue when it matched nothing and is not paired. */
export type BucketOf = ReadonlyMap<number, number>;

/**
 * The lists of every deposit of an account, streamed from SQL in date order (then pk), so that a month, or a
 * batch of rows, is all that is held: a full summary of an account of millions of rows stays flat.
 * `bucketOf` holds the buckets of its classified deposits (classified-figures.ts).
 */
export class AccountDeposits {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accountPk: number,
    private readonly bucketOf: BucketOf,
  ) {}

  /** Every month of `months` (the coverage, in order) with its deposits; a month without any has empty lists. */
  async *byMonth(months: readonly IsoMonth[]): AsyncGenerator<DepositMonth> {
    const empty = (month: IsoMonth): DepositMonth => ({ month, deposits: [], lists: new Map(), revenue: [] });
    let index = 0;
    let current: { month: IsoMonth; deposits: ListedTransaction[]; lists: Map<DepositList, ListedTransaction[]>; revenue: ListedTransaction[] } | null = null;
    for await (const batch of this.batches()) {
      for (const row of batch) {
        const month = monthOf(row.txn_date);
        if (current === null || current.month !== month) {
          if (current !== null) [yield current, (index += 1)];
          for (; index < months.length && months[index] !== month; index += 1) yield empty(months[index]!);
          if (index === months.length) throw new Error(`account ${this.accountPk}: a deposit of ${month}, a month outside its coverage`);
          current = { month, deposits: [], lists: new Map(), revenue: [] };
        }
        current.deposits.push(row);
        const bucket = this.bucketOf.get(row.pk) ?? BUCKETS.revenue;
        const list = LIST_OF_BUCKET.get(bucket);
        if (list !== undefined) appendTo(current.lists, list, row);
        if ((REVENUE_BUCKETS as readonly number[]).includes(bucket)) current.revenue.push(row);
      }
    }
    if (current !== null) [yield current, (index += 1)];
    for (; index < months.length; index += 1) yield empty(months[index]!);
  }

  private async *batches(): AsyncGenerator<ListedTransaction[]> {
    const span = await denseSpan(this.db, [this.accountPk]);
    if (span === 'empty') return;
    const rows = this.db
      .selectFrom('transactions')
      .select(['pk', 'bank_account_pk', 'document_pk', 'amount_cents', 'txn_date', 'description', 'source_txn_id', 'status', 'category'])
      // A dense account is read in table order, then sorted: cheaper than its rows fetched along the unique key.
      .$if(span === null, (query) => query.where('bank_account_pk', '=', this.accountPk))
      .$if(span !== null, (query) => query.where('pk', '>=', span!.first).where('pk', '<=', span!.last).where(dialect.unindexed(sql<number>`bank_account_pk`), '=', this.accountPk))
      .where('status', '=', 'posted')
      .where('amount_cents', '>', 0)
      .orderBy('txn_date')
      .orderBy('pk')
      .stream(BATCH_ROWS);
    let batch: ListedTransaction[] = [];
    for await (const row of rows) {
      batch.push(row);
      if (batch.length === BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}
