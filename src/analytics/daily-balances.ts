import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { COVERAGE } from './coverage.js';
import { column, dialect } from './dialect.js';
import { POSTED } from './posted-transactions.js';

/**
 * Materializes `account_days` for every recomputed account with coverage: each day of coverage with its
 * posted flows and its end-of-day balance by the known-points rule of SPEC §4, in one SQL statement over
 * all of them (every window is partitioned by account). The day before coverage is written too, for
 * `openingBalance`; `dropDayBeforeCoverage` removes it once that is read.
 *
 * With C(d) the running sum of posted amounts up to day d, walking back from the nearest known point
 * p ≥ d gives V(p) − (C(p) − C(d)), and walking forward from the last point p < d gives
 * V(p) + (C(d) − C(p)): both are C(d) + (V(p) − C(p)). So each day adds its running sum to the
 * offset of its point: the next point on or after it, else the last one before it. A day that is a
 * known point gets exactly its value. Points outside coverage (an anchor weeks after the last
 * transaction) take part so that their running sums are right.
 *
 * Only the days where something happens (a posted transaction, a known point, the day before coverage
 * and its last day) go through the windows; a small account has far fewer of those than days. A day in
 * a gap between two such days has no flows and no point, so it has the running sum of the gap's end e
 * less e's own flows, and e's point: its balance is balance(e) − net(e), the balance at the end of the
 * day before e walked back from e. The gaps are then filled in, walking back from each e. (How many dates
 * have a point comes from COVERAGE: a window over the whole account would sort the days once more.)
 */
export async function materializeDays(db: Kysely<Database>): Promise<void> {
  // Every date is parsed once, into its day number, as it enters (POSTED has them already): date functions cost
  // more per row than the windows do.
  await sql`
    INSERT INTO account_days (bank_account_pk, day, is_weekday, balance_cents, txn_count, net_cents, abs_cents,
                              deposit_count, deposit_cents, withdrawal_count)
    WITH RECURSIVE
      -- The strongest point per date: end of day 3 > statement start 2 > anchor 1 (SPEC §4 rule 4).
      points AS (
        SELECT b.bank_account_pk AS acct, b.balance_date AS day, ${dialect.dayNumber(column('b.balance_date'))} AS day_number,
               b.balance_cents AS value
        FROM balance_points AS b
        WHERE b.bank_account_pk IN (SELECT bank_account_pk FROM ${COVERAGE} WHERE coverage_begin IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM balance_points AS s
                          WHERE s.bank_account_pk = b.bank_account_pk AND s.balance_date = b.balance_date AND s.rank > b.rank)
      ),
      events AS (
        SELECT acct, day, max(day_number) AS day_number, max(value) AS value, sum(n) AS txn_count, sum(amount) AS net_cents,
               sum(abs(amount)) AS abs_cents,
               sum(CASE WHEN amount > 0 THEN 1 ELSE 0 END) AS deposit_count,
               sum(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS deposit_cents,
               sum(CASE WHEN amount < 0 THEN 1 ELSE 0 END) AS withdrawal_count
        FROM (
          SELECT bank_account_pk AS acct, day_before AS day, day_before_number AS day_number, NULL AS value, 0 AS n, 0 AS amount
          FROM ${COVERAGE} WHERE coverage_begin IS NOT NULL
          UNION ALL SELECT bank_account_pk, coverage_end, ${dialect.dayNumber(column('coverage_end'))}, NULL, 0, 0
          FROM ${COVERAGE} WHERE coverage_begin IS NOT NULL
          UNION ALL SELECT acct, day, day_number, value, 0, 0 FROM points
          UNION ALL SELECT bank_account_pk, txn_date, day_number, NULL, 1, amount_cents FROM ${POSTED}
        ) AS happenings GROUP BY acct, day
      ),
      running AS (
        SELECT events.*, sum(net_cents) OVER walk AS cumulative, count(value) OVER walk AS points_so_far,
               lag(day_number) OVER walk AS previous_number
        FROM events WINDOW walk AS (PARTITION BY acct ORDER BY day ROWS UNBOUNDED PRECEDING)
      ),
      -- The point a day walks from, numbered in date order: the next on or after it, else the last.
      located AS (
        SELECT r.*,
               CASE WHEN r.points_so_far + (CASE WHEN r.value IS NULL THEN 1 ELSE 0 END) < c.point_days
                    THEN r.points_so_far + (CASE WHEN r.value IS NULL THEN 1 ELSE 0 END) ELSE c.point_days END AS point_number
        FROM running AS r JOIN ${COVERAGE} AS c ON c.bank_account_pk = r.acct
      ),
      -- Each point's offset V(p) − C(p), by its number: looked up, which costs less than a window sorting every day again.
      offsets AS (SELECT acct, points_so_far AS point_number, value - cumulative AS offset FROM running WHERE value IS NOT NULL),
      balanced AS (
        SELECT l.*, l.cumulative + o.offset AS balance_cents
        FROM located AS l LEFT JOIN offsets AS o ON o.acct = l.acct AND o.point_number = l.point_number
      ),
      covered AS (
        SELECT b.*, CASE WHEN b.day > c.day_before THEN b.day_number - b.previous_number - 1 ELSE 0 END AS gap_days
        FROM balanced AS b JOIN ${COVERAGE} AS c ON c.bank_account_pk = b.acct
        WHERE b.day BETWEEN c.day_before AND c.coverage_end
      ),
      -- The days between, walked back from each such day: the balance at the end of the day before it, no flows.
      gaps(acct, day, day_number, gap_days, balance_cents) AS (
        SELECT acct, ${dialect.addDays(column('day'), -1)}, day_number - 1, gap_days - 1, balance_cents - net_cents FROM covered WHERE gap_days > 0
        UNION ALL
        SELECT acct, ${dialect.addDays(column('day'), -1)}, day_number - 1, gap_days - 1, balance_cents FROM gaps WHERE gap_days > 0
      )
    SELECT acct, day, ${dialect.isWeekdayNumber(column<number>('day_number'))}, balance_cents, txn_count, net_cents, abs_cents,
           deposit_count, deposit_cents, withdrawal_count
    FROM covered
    UNION ALL
    SELECT acct, day, ${dialect.isWeekdayNumber(column<number>('day_number'))}, balance_cents, 0, 0, 0, 0, 0, 0 FROM gaps`.execute(db);
}

/** The balance at the end of the day before an account's coverage, as an expression over COVERAGE's row `c`. */
export function openingBalance() {
  return sql<number | null>`(SELECT d.balance_cents FROM account_days AS d WHERE d.bank_account_pk = c.bank_account_pk AND d.day < c.coverage_begin)`;
}

/** Removes the day before coverage that materializeDays wrote for openingBalance: account_days holds coverage only. */
export async function dropDayBeforeCoverage(db: Kysely<Database>): Promise<void> {
  // Row values, so each row is found through the key; a test per row of the table scanned all of it.
  await sql`
    DELETE FROM account_days WHERE (bank_account_pk, day) IN (
      SELECT bank_account_pk, day_before FROM ${COVERAGE} WHERE coverage_begin IS NOT NULL
    )`.execute(db);
}
