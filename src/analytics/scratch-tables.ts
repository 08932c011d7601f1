import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../store/schema.js';

/** Values per INSERT: few statements for many rows. */
const VALUES_PER_WRITE = 10_000;

/**
 * A scratch table (dialect.scratchTable) with `columns`, empty: made the first time a connection needs it,
 * then kept and emptied, so rows left by an earlier failure are gone. Making or dropping a table changes
 * the schema, and SQLite then compiles every statement of the connection again; a small book's
 * recompute used to make and drop a dozen.
 */
export async function createScratch(db: Kysely<Database>, table: RawBuilder<unknown>, columns: RawBuilder<unknown>): Promise<void> {
  await sql`CREATE TEMP TABLE IF NOT EXISTS ${table} (${columns})`.execute(db);
  await emptyScratch(db, table);
}

/** Empties a scratch table once its rows are used (they may be many), keeping the table for next time. */
export async function emptyScratch(db: Kysely<Database>, table: RawBuilder<unknown>): Promise<void> {
  await sql`DELETE FROM ${table}`.execute(db);
}

/**
 * Rows of integers into a scratch table, `values` holding `columns.length` per row one after the other,
 * written many rows to a statement as literals: a query builder's tree of thousands of parameters costs more
 * to compile than SQLite takes to run the statement.
 */
export async function insertIntegers(db: Kysely<Database>, table: RawBuilder<unknown>, columns: readonly string[], values: readonly number[]): Promise<void> {
  const width = columns.length;
  const perWrite = Math.floor(VALUES_PER_WRITE / width) * width;
  for (let at = 0; at < values.length; at += perWrite) {
    const rows: string[] = [];
    for (let row = at; row < Math.min(values.length, at + perWrite); row += width) {
      const fields = values.slice(row, row + width);
      if (!fields.every(Number.isSafeInteger)) throw new Error(`scratch table: not integers: ${fields.join(', ')}`);
      rows.push(`(${fields.join(', ')})`);
    }
    await sql`INSERT INTO ${table} (${sql.raw(columns.join(', '))}) VALUES ${sql.raw(rows.join(', '))}`.execute(db);
  }
}
