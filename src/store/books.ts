import type { StoreDatabase } from './store-database.js';

/** The pk of the book named `name`, or null: a read, never a write. */
export function findBook(db: StoreDatabase, name: string): number | null {
  const row = db.sqlite.prepare('SELECT pk FROM books WHERE name = ?').get(name) as { pk: number } | undefined;
  return row?.pk ?? null;
}

/** Creates the book (a write: the caller holds the write lock); if another connection made it meanwhile, that one's pk. */
export function createBook(db: StoreDatabase, name: string): number {
  db.sqlite.prepare('INSERT INTO books (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(name);
  return findBook(db, name)!;
}

/** The book's pk, creating it only when it does not exist. */
export function ensureBook(db: StoreDatabase, name: string): number {
  return findBook(db, name) ?? createBook(db, name);
}
