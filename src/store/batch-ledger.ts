import type { Statement } from 'better-sqlite3';
import type { StoreDatabase } from './store-database.js';

/** An input a batch made a book of (migration 006): its book and its document. */
export interface BatchEntry {
  readonly bookPk: number;
  readonly bookName: string;
  readonly documentPk: number;
}

interface LedgerStatements {
  readonly find: Statement;
  readonly record: Statement;
  readonly bookNamed: Statement;
}

const prepared = new WeakMap<StoreDatabase, LedgerStatements>();

function statements(db: StoreDatabase): LedgerStatements {
  let found = prepared.get(db);
  if (found === undefined) {
    found = {
      find: db.sqlite.prepare(`
        SELECT i.book_pk AS bookPk, b.name AS bookName, i.document_pk AS documentPk
        FROM batch_inputs AS i JOIN books AS b ON b.pk = i.book_pk WHERE i.input_key = ?`),
      record: db.sqlite.prepare('INSERT INTO batch_inputs (input_key, book_pk, document_pk) VALUES (?, ?, ?)'),
      bookNamed: db.sqlite.prepare('SELECT 1 FROM books WHERE name = ?').pluck(),
    };
    prepared.set(db, found);
  }
  return found;
}

/** What a batch made of the input with this key, or null when no batch has made a book of it. */
export function batchEntry(db: StoreDatabase, inputKey: string): BatchEntry | null {
  return (statements(db).find.get(inputKey) as BatchEntry | undefined) ?? null;
}

/** Notes the input done: a write, in the transaction that commits its book's document. */
export function recordBatchEntry(db: StoreDatabase, inputKey: string, bookPk: number, documentPk: number): void {
  statements(db).record.run(inputKey, bookPk, documentPk);
}

/** `wanted` when no book has that name yet, else the first of `wanted (2)`, `wanted (3)`, … that is free. */
export function freeBookName(db: StoreDatabase, wanted: string): string {
  const taken = statements(db).bookNamed;
  if (taken.get(wanted) === undefined) return wanted;
  for (let n = 2; ; n += 1) {
    const name = `${wanted} (${n})`;
    if (taken.get(name) === undefined) return name;
  }
}
