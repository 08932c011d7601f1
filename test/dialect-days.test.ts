/**
 * The analytics dialect's day arithmetic: a weekday told from a day number (as account_days' is) must agree
 * with the calendar (JavaScript's getUTCDay), on 40 days from each of four starts between 1900 and 2099.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { column, dialect } from '../src/analytics/dialect.js';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test('isWeekdayNumber of a dayNumber is Monday to Friday, as the calendar says', async () => {
  const db = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  try {
    const starts = ['1900-01-01', '1999-12-25', '2024-02-20', '2099-12-01'];
    for (const start of starts) {
      for (let offset = 0; offset < 40; offset++) {
        const day = iso(Date.parse(`${start}T00:00:00Z`) + offset * DAY_MS);
        const expected = [1, 2, 3, 4, 5].includes(new Date(`${day}T00:00:00Z`).getUTCDay()) ? 1 : 0;
        const { rows } = await sql<{ weekday: number }>`
          SELECT ${dialect.isWeekdayNumber(dialect.dayNumber(sql.val(day) as never))} AS weekday`.execute(db);
        assert.equal(rows[0]!.weekday, expected, day);
      }
    }
    // The two spellings of a weekday agree on a column too.
    const { rows } = await sql<{ same: number }>`
      SELECT ${dialect.isWeekdayNumber(dialect.dayNumber(column('d')))} = ${dialect.isWeekday(column('d'))} AS same
      FROM (SELECT '2024-06-01' AS d UNION ALL SELECT '2024-06-03')`.execute(db);
    assert.deepEqual(rows.map((row) => row.same), [1, 1]);
  } finally {
    await db.destroy();
  }
});
