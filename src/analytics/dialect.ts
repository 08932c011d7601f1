import { sql, type RawBuilder } from 'kysely';

/**
 * The date arithmetic the figures need, as SQL. Everything dialect-specific in the analytics lives
 * here: dates are ISO `YYYY-MM-DD` text in every table, and this module says how the database
 * shifts, compares and buckets them. A PostgreSQL dialect implements the same interface
 * (`(d::date + n)::text`, `extract(isodow …) < 6`, `to_char(d::date, 'YYYY-MM')`, `d2::date - d1::date`).
 */
export interface DateSql {
  /** The ISO date `days` after `date` (negative: before). */
  addDays(date: RawBuilder<string>, days: number): RawBuilder<string>;
  /** 1 for Monday–Friday, else 0. */
  isWeekday(date: RawBuilder<string>): RawBuilder<number>;
  /** The `YYYY-MM` month of a date. */
  monthOf(date: RawBuilder<string>): RawBuilder<string>;
  /** Whole days from `from` to `to`. */
  daysBetween(from: RawBuilder<string>, to: RawBuilder<string>): RawBuilder<number>;
}

export const sqliteDates: DateSql = {
  addDays: (date, days) => sql<string>`date(${date}, ${`${days >= 0 ? '+' : ''}${days} day`})`,
  // strftime('%w') counts Sunday as 0 and Saturday as 6.
  isWeekday: (date) => sql<number>`(strftime('%w', ${date}) NOT IN ('0', '6'))`,
  monthOf: (date) => sql<string>`substr(${date}, 1, 7)`,
  daysBetween: (from, to) => sql<number>`CAST(julianday(${to}) - julianday(${from}) AS INTEGER)`,
};

/** The dialect of the store's database (only SQLite for now). */
export const dates: DateSql = sqliteDates;

/** A column (or any identifier path) as an expression the date functions accept. */
export function column(name: string): RawBuilder<string> {
  return sql<string>`${sql.ref(name)}`;
}
