import type { Statement } from 'better-sqlite3';

/** Points written by one statement: each run's own cost is paid once for all of them (bench/README.md, issue 14). */
export const POINTS_PER_STATEMENT = 32;
/** The values of one point's row. */
export const BALANCE_POINT_COLUMNS = 7;

/** A balance point's row, as `balance_points` takes it. */
export type BalancePointRow = readonly [
  accountPk: number,
  documentPk: number,
  date: string,
  kind: string,
  rank: number,
  cents: number | bigint,
  text: string,
];

/**
 * Balance points on their way into `balance_points`, upserted POINTS_PER_STATEMENT at a time (an Asset
 * Report has 90 or more an account), by `many`, a statement of that many rows, and what is left by `one`.
 * No statement holds the same point twice (a second copy flushes the first), so each row meets only rows
 * written before it: a later copy replaces an earlier one exactly as one statement per row does (and
 * PostgreSQL, which refuses to upsert a row twice in one statement, reads it the same way). Whoever reads
 * the table, or writes to it otherwise, flushes first.
 */
export class BalancePointRows {
  private readonly pending: Array<number | bigint | string> = [];
  private readonly keys = new Set<string>();

  constructor(
    private readonly one: Statement,
    private readonly many: Statement,
  ) {}

  add(row: BalancePointRow): void {
    const key = `${row[0]} ${row[2]} ${row[3]}`;
    if (this.keys.has(key)) this.flush();
    this.keys.add(key);
    this.pending.push(...row);
    if (this.pending.length === POINTS_PER_STATEMENT * BALANCE_POINT_COLUMNS) this.flush();
  }

  /** Writes the points held so far. */
  flush(): void {
    const values = this.pending;
    if (values.length === POINTS_PER_STATEMENT * BALANCE_POINT_COLUMNS) this.many.run(values);
    else for (let at = 0; at < values.length; at += BALANCE_POINT_COLUMNS) this.one.run(values.slice(at, at + BALANCE_POINT_COLUMNS));
    this.discard();
  }

  /** Forgets the points held: their document is undone. */
  discard(): void {
    this.pending.length = 0;
    this.keys.clear();
  }
}
