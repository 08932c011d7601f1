import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Coverage } from './coverage.js';
import { column, dialect } from './dialect.js';
import { POSTED } from './posted-transactions.js';

/**
 * Materializes `account_days`: every day of coverage with its posted flows and its end-of-day
 * balance by the known-points rule of SPEC §4, in one SQL pass.
 *
 * With C(d) the running sum of posted amounts up to day d, walking back from the nearest known point
 * p ≥ d gives V(p) − (C(p) − C(d)), and walking forward from the last point p < d gives
 * V(p) + (C(d) − C(p)): both are C(d) + (V(p) − C(p)). So each day adds its running sum to the
 * offset of its point: the next point on or after it, else the last one before it. A day that is a
 * known point gets exactly its value. Points outside coverage (an anchor weeks after the last
 * transaction) join the timeline so that their running sums are right.
 *
 * Returns the balance at the end of the day before coverage (the first calendar period's begin balance).
 */
export async function materializeDays(db: Kysely<Database>, accountPk: number, coverage: Coverage): Promise<number | null> {
  const day = column('day');
  const dayBeforeCoverage = sql<string>`${dialect.addDays(sql`${coverage.begin}`, -1)}`;
  const timeline = dialect.scratchTable('balance_timeline');
  await sql`DROP TABLE IF EXISTS ${timeline}`.execute(db);
  await sql`
    CREATE TEMP TABLE balance_timeline AS
    WITH RECURSIVE
      calendar(day) AS (
        SELECT ${dayBeforeCoverage}
        UNION ALL SELECT ${dialect.addDays(day, 1)} FROM calendar WHERE day < ${coverage.end}
      ),
      -- The strongest point per date: end of day 3 > statement start 2 > anchor 1 (SPEC §4 rule 4).
      points AS (
        SELECT balance_date AS day, balance_cents AS value FROM (
          SELECT balance_date, balance_cents,
                 row_number() OVER (PARTITION BY balance_date ORDER BY rank DESC) AS strength
          FROM balance_points WHERE bank_account_pk = ${accountPk}
        ) AS ranked WHERE strength = 1
      ),
      flows AS (
        SELECT txn_date AS day, count(*) AS txn_count, sum(amount_cents) AS net_cents,
               sum(abs(amount_cents)) AS abs_cents,
               sum(CASE WHEN amount_cents > 0 THEN 1 ELSE 0 END) AS deposit_count,
               sum(CASE WHEN amount_cents > 0 THEN amount_cents ELSE 0 END) AS deposit_cents
        FROM ${POSTED} GROUP BY txn_date
      ),
      timeline AS (SELECT day FROM calendar UNION SELECT day FROM points),
      running AS (
        SELECT t.day, p.value,
               coalesce(f.txn_count, 0) AS txn_count, coalesce(f.net_cents, 0) AS net_cents,
               coalesce(f.abs_cents, 0) AS abs_cents, coalesce(f.deposit_count, 0) AS deposit_count,
               coalesce(f.deposit_cents, 0) AS deposit_cents,
               sum(coalesce(f.net_cents, 0)) OVER (ORDER BY t.day ROWS UNBOUNDED PRECEDING) AS cumulative
        FROM timeline AS t LEFT JOIN flows AS f ON f.day = t.day LEFT JOIN points AS p ON p.day = t.day
      ),
      located AS (
        SELECT running.*,
               min(CASE WHEN value IS NOT NULL THEN day END)
                 OVER (ORDER BY day ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_point,
               max(CASE WHEN value IS NOT NULL THEN day END)
                 OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS previous_point
        FROM running
      )
    SELECT l.day, l.txn_count, l.net_cents, l.abs_cents, l.deposit_count, l.deposit_cents,
           l.cumulative + (p.value - p.cumulative) AS balance_cents
    FROM located AS l LEFT JOIN running AS p ON p.day = coalesce(l.next_point, l.previous_point)
    WHERE l.day BETWEEN ${dayBeforeCoverage} AND ${coverage.end}`.execute(db);

  await sql`
    INSERT INTO account_days (bank_account_pk, day, is_weekday, balance_cents, txn_count, net_cents, abs_cents,
                              deposit_count, deposit_cents)
    SELECT ${accountPk}, day, ${dialect.isWeekday(day)}, balance_cents, txn_count, net_cents, abs_cents,
           deposit_count, deposit_cents
    FROM ${timeline} WHERE day >= ${coverage.begin} ORDER BY day`.execute(db);
  const { rows } = await sql<{ balance_cents: number | null }>`
    SELECT balance_cents FROM ${timeline} WHERE day < ${coverage.begin}`.execute(db);
  await sql`DROP TABLE ${timeline}`.execute(db);
  return rows[0]?.balance_cents ?? null;
}
