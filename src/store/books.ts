import type { StoreDatabase } from './database.js';

/** The pk of the book named `name`, creating it if it does not exist. */
export function ensureBook(db: StoreDatabase, name: string): number {
  db.sqlite.prepare('INSERT INTO books (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(name);
  return findBook(db, name)!;
}

export function findBook(db: StoreDatabase, name: string): number | null {
  const row = db.sqlite.prepare('SELECT pk FROM books WHERE name = ?').get(name) as { pk: number } | undefined;
  return row?.pk ?? null;
}
