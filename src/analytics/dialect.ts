import { sql, type Expression, type RawBuilder } from 'kysely';

/**
 * The SQL the figures need that differs between databases. Everything dialect-specific in the
 * analytics lives here: dates are ISO `YYYY-MM-DD` text in every table, and this module says how
 * the database shifts, numbers and buckets them, and how it names a connection's scratch table.
 * A PostgreSQL dialect implements the same interface (`(d::date + n)::text`,
 * `extract(isodow from d::date) < 6`, `to_char(d::date, 'YYYY-MM')`, `d::date - date '1970-01-01'`,
 * `pg_temp.name`, `+column` is a no-op there, `string_agg(v::text, ',')` (`ORDER BY o` inside it for
 * orderedList), and `(SELECT coalesce(json_agg(rows), '[]') FROM (…) AS rows)`).
 */
export interface AnalyticsDialect {
  /** The ISO date `days` after `date` (negative: before). */
  addDays(date: RawBuilder<string>, days: number): RawBuilder<string>;
  /** 1 for Monday–Friday, else 0. */
  isWeekday(date: RawBuilder<string>): RawBuilder<number>;
  /** isWeekday of the date whose dayNumber is given: no date to parse again. */
  isWeekdayNumber(dayNumber: RawBuilder<number>): RawBuilder<number>;
  /** The `YYYY-MM` month of a date. */
  monthOf(date: RawBuilder<string>): RawBuilder<string>;
  /** A whole number per day, consecutive across months and years: differences are days apart. */
  dayNumber(date: RawBuilder<string>): RawBuilder<number>;
  /** A table private to this connection, gone when it closes. */
  scratchTable(name: string): RawBuilder<unknown>;
  /**
   * A column the planner must not look up through an index: paging a book's accounts by pk must walk
   * the primary key, not gather the whole book through (book_pk, …) and sort it for every page.
   */
  unindexed(column: RawBuilder<number>): RawBuilder<number>;
  /** The values of a group as one text, comma-separated (an aggregate). */
  commaList(value: RawBuilder<unknown>): RawBuilder<string>;
  /** The same in the order of `orderBy` (null values left out; null for a group of none). */
  orderedList(value: RawBuilder<unknown>, orderBy: RawBuilder<unknown>): RawBuilder<string | null>;
  /**
   * The rows of `query` as one JSON array of objects with the `columns` given: one text for the driver to
   * hand over and JSON.parse to read, instead of a row object the driver makes per row.
   */
  jsonRows(query: Expression<unknown>, columns: readonly string[]): RawBuilder<string>;
}

export const sqliteDialect: AnalyticsDialect = {
  addDays: (date, days) => sql<string>`date(${date}, ${`${days >= 0 ? '+' : ''}${days} day`})`,
  // strftime('%w') counts Sunday as 0 and Saturday as 6.
  isWeekday: (date) => sql<number>`(strftime('%w', ${date}) NOT IN ('0', '6'))`,
  // dayNumber counts whole Julian days, and a Sunday's is 5 modulo 7: Monday–Friday are 1–5 after adding 2.
  isWeekdayNumber: (dayNumber) => sql<number>`((${dayNumber} + 2) % 7 BETWEEN 1 AND 5)`,
  monthOf: (date) => sql<string>`substr(${date}, 1, 7)`,
  dayNumber: (date) => sql<number>`CAST(julianday(${date}) AS INTEGER)`,
  scratchTable: (name) => sql.raw(`temp.${name}`),
  // A unary + makes the term an expression, which SQLite never answers from an index.
  unindexed: (column) => sql<number>`+${column}`,
  commaList: (value) => sql<string>`group_concat(${value}, ',')`,
  orderedList: (value, orderBy) => sql<string | null>`group_concat(${value}, ',' ORDER BY ${orderBy})`,
  jsonRows: (query, columns) => {
    const members = sql.join(columns.map((name) => sql`${sql.lit(name)}, rows.${sql.ref(name)}`));
    return sql<string>`(SELECT coalesce(json_group_array(json_object(${members})), '[]') FROM (${query}) AS rows)`;
  },
};

/** The dialect of the store's database (only SQLite for now). */
export const dialect: AnalyticsDialect = sqliteDialect;

/** A column as an expression the dialect's functions accept. */
export function column<Value = string>(name: string): RawBuilder<Value> {
  return sql<Value>`${sql.ref(name)}`;
}

/** `a.book_pk`: with the (book_pk) index (migration 007), a book's accounts come in pk order from it, pages without a sort. */
export function bookOf(accountsAlias: string): RawBuilder<number> {
  return sql<number>`${sql.ref(`${accountsAlias}.book_pk`)}`;
}
