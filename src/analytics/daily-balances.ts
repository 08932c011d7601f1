import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { COVERAGE } from './coverage.js';
import { column, dialect } from './dialect.js';
import { POSTED } from './posted-transactions.js';

/**
 * Every day of the recomputed accounts' coverage with its balance, and the day before coverage (the
 * first calendar period's begin balance, `openingBalances`). Columns: bank_account_pk, day, txn_count,
 * net_cents, abs_cents, deposit_count, deposit_cents, withdrawal_count, balance_cents.
 */
const TIMELINE = dialect.scratchTable('balance_timeline');

/**
 * Materializes `account_days` for every recomputed account with coverage: each day of coverage with its
 * posted flows and its end-of-day balance by the known-points rule of SPEC §4, in one SQL pass over
 * all of them (every window is partitioned by account).
 *
 * With C(d) the running sum of posted amounts up to day d, walking back from the nearest known point
 * p ≥ d gives V(p) − (C(p) − C(d)), and walking forward from the last point p < d gives
 * V(p) + (C(d) − C(p)): both are C(d) + (V(p) − C(p)). So each day adds its running sum to the
 * offset of its point: the next point on or after it, else the last one before it. A day that is a
 * known point gets exactly its value. Points outside coverage (an anchor weeks after the last
 * transaction) join the timeline so that their running sums are right.
 */
export async function materializeDays(db: Kysely<Database>): Promise<void> {
  const day = column('day');
  await dropTimeline(db);
  await sql`
    CREATE TEMP TABLE balance_timeline (
      bank_account_pk INTEGER NOT NULL, day TEXT NOT NULL, txn_count INTEGER, net_cents INTEGER, abs_cents INTEGER,
      deposit_count INTEGER, deposit_cents INTEGER, withdrawal_count INTEGER, balance_cents INTEGER, PRIMARY KEY (bank_account_pk, day)
    ) WITHOUT ROWID`.execute(db);
  await sql`
    INSERT INTO ${TIMELINE}
    WITH RECURSIVE
      calendar(acct, day, last) AS (
        SELECT bank_account_pk, ${dialect.addDays(column('coverage_begin'), -1)}, coverage_end FROM ${COVERAGE} WHERE coverage_begin IS NOT NULL
        UNION ALL SELECT acct, ${dialect.addDays(day, 1)}, last FROM calendar WHERE day < last
      ),
      -- The strongest point per date: end of day 3 > statement start 2 > anchor 1 (SPEC §4 rule 4).
      points AS (
        SELECT bank_account_pk AS acct, balance_date AS day, balance_cents AS value FROM (
          SELECT bank_account_pk, balance_date, balance_cents,
                 row_number() OVER (PARTITION BY bank_account_pk, balance_date ORDER BY rank DESC) AS strength
          FROM balance_points WHERE bank_account_pk IN (SELECT bank_account_pk FROM ${COVERAGE} WHERE coverage_begin IS NOT NULL)
        ) AS ranked WHERE strength = 1
      ),
      flows AS (
        SELECT bank_account_pk AS acct, txn_date AS day, count(*) AS txn_count, sum(amount_cents) AS net_cents,
               sum(abs(amount_cents)) AS abs_cents,
               sum(CASE WHEN amount_cents > 0 THEN 1 ELSE 0 END) AS deposit_count,
               sum(CASE WHEN amount_cents > 0 THEN amount_cents ELSE 0 END) AS deposit_cents,
               sum(CASE WHEN amount_cents < 0 THEN 1 ELSE 0 END) AS withdrawal_count
        FROM ${POSTED} GROUP BY bank_account_pk, txn_date
      ),
      timeline AS (SELECT acct, day FROM calendar UNION SELECT acct, day FROM points),
      running AS (
        SELECT t.acct, t.day, p.value,
               coalesce(f.txn_count, 0) AS txn_count, coalesce(f.net_cents, 0) AS net_cents,
               coalesce(f.abs_cents, 0) AS abs_cents, coalesce(f.deposit_count, 0) AS deposit_count,
               coalesce(f.deposit_cents, 0) AS deposit_cents, coalesce(f.withdrawal_count, 0) AS withdrawal_count,
               sum(coalesce(f.net_cents, 0)) OVER (PARTITION BY t.acct ORDER BY t.day ROWS UNBOUNDED PRECEDING) AS cumulative
        FROM timeline AS t
        LEFT JOIN flows AS f ON f.acct = t.acct AND f.day = t.day
        LEFT JOIN points AS p ON p.acct = t.acct AND p.day = t.day
      ),
      located AS (
        SELECT running.*,
               min(CASE WHEN value IS NOT NULL THEN day END)
                 OVER (PARTITION BY acct ORDER BY day ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_point,
               max(CASE WHEN value IS NOT NULL THEN day END)
                 OVER (PARTITION BY acct ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS previous_point
        FROM running
      )
    SELECT l.acct, l.day, l.txn_count, l.net_cents, l.abs_cents, l.deposit_count, l.deposit_cents, l.withdrawal_count,
           l.cumulative + (p.value - p.cumulative) AS balance_cents
    FROM located AS l
    JOIN ${COVERAGE} AS c ON c.bank_account_pk = l.acct
    LEFT JOIN running AS p ON p.acct = l.acct AND p.day = coalesce(l.next_point, l.previous_point)
    WHERE l.day BETWEEN ${dialect.addDays(column('c.coverage_begin'), -1)} AND c.coverage_end`.execute(db);

  await sql`
    INSERT INTO account_days (bank_account_pk, day, is_weekday, balance_cents, txn_count, net_cents, abs_cents,
                              deposit_count, deposit_cents, withdrawal_count)
    SELECT t.bank_account_pk, t.day, ${dialect.isWeekday(column('t.day'))}, t.balance_cents, t.txn_count, t.net_cents,
           t.abs_cents, t.deposit_count, t.deposit_cents, t.withdrawal_count
    FROM ${TIMELINE} AS t JOIN ${COVERAGE} AS c ON c.bank_account_pk = t.bank_account_pk
    WHERE t.day >= c.coverage_begin ORDER BY t.bank_account_pk, t.day`.execute(db);
}

/** The balance at the end of the day before an account's coverage, as an expression over COVERAGE's row `c`. */
export function openingBalance() {
  return sql<number | null>`(SELECT t.balance_cents FROM ${TIMELINE} AS t WHERE t.bank_account_pk = c.bank_account_pk AND t.day < c.coverage_begin)`;
}

export async function dropTimeline(db: Kysely<Database>): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${TIMELINE}`.execute(db);
}
