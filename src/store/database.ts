import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

/** One SQLite store: the raw connection for the prepared-statement writer, Kysely for everything else. */
export interface StoreDatabase {
  readonly path: string;
  readonly sqlite: SqliteDatabase.Database;
  readonly kysely: Kysely<Database>;
  close(): Promise<void>;
}

/** Pages of cache SQLite may keep (negative = KiB): bounded, so memory stays flat on huge loads. */
const CACHE_KIB = 32 * 1024;

/** Opens (creating if needed) a store file or `:memory:`, and brings its schema up to date. */
export async function openDatabase(path: string): Promise<StoreDatabase> {
  const sqlite = new SqliteDatabase(path);
  // WAL + NORMAL: a killed process loses only its uncommitted transaction, never the file.
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`cache_size = -${CACHE_KIB}`);
  sqlite.pragma('busy_timeout = 10000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db: kysely, provider: migrations }).migrateToLatest();
  if (error !== undefined) {
    await kysely.destroy();
    throw error;
  }
  return { path, sqlite, kysely, close: () => kysely.destroy() };
}
