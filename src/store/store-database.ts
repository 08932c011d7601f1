import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** One SQLite store: the raw connection for the prepared-statement writer, Kysely for everything else. */
export interface StoreDatabase {
  readonly path: string;
  /** @internal The engine's connection, for src/store/ (and tests): no declaration of the package shows it. */
  readonly sqlite: SqliteDatabase.Database;
  readonly kysely: Kysely<Database>;
  /** Why the store cannot be written here (opened read-only, or not writable by this user); null when it can. */
  readonly readonlyReason: string | null;
  /** How long a write waits for another writer's lock. */
  readonly lockTimeoutMs: number;
  close(): Promise<void>;
}
