import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { StoreError } from '../core/errors.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';
import { storeErrorOf } from './store-errors.js';
import { BOOKSTREAM_APPLICATION_ID, checkCreatable, inspectStoreFile, isWritable, type StoreFile } from './store-file.js';
import type { StoreDatabase } from './store-database.js';
import { DEFAULT_LOCK_TIMEOUT_MS } from './lock-timeout.js';
import { READ_BUSY_TIMEOUT_MS, whenFree, writeTransaction } from './write-lock.js';

export type { StoreDatabase } from './store-database.js';

export interface OpenOptions {
  /** Create a store where the path holds nothing yet (no file, or an empty one). Default true. */
  readonly create?: boolean;
  /** Never write, even when the file could be written. */
  readonly readonly?: boolean;
  readonly lockTimeoutMs?: number;
}

/** Pages of cache SQLite may keep (negative = KiB): bounded, so memory stays flat on huge loads. */
const CACHE_KIB = 32 * 1024;
/**
 * The cache while a batch writes many small books: each group's pages are written once and hardly read again,
 * so a larger cache only holds memory (bench/README.md, issue 14).
 */
const SMALL_BOOKS_CACHE_KIB = 8 * 1024;

/** Sets the smaller cache of a batch of small books; returns what sets the usual one again. */
export function useSmallBooksCache(db: StoreDatabase): () => void {
  db.sqlite.pragma(`cache_size = -${SMALL_BOOKS_CACHE_KIB}`);
  return () => db.sqlite.pragma(`cache_size = -${CACHE_KIB}`);
}

/**
 * Opens a store file (or `:memory:`), creating it only where nothing is yet and `create` allows.
 * Nothing is written before the file is known to be a bookstream store (application_id, or the
 * tables of one made before stamping): a foreign or damaged file is refused untouched. A store at the
 * latest schema opens without writing at all, so a reader never needs the write lock.
 */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<StoreDatabase> {
  const file = storeFileAt(path, options);
  const readonlyReason = readonlyReasonOf(path, file, options);
  const sqlite = connect(path, file, readonlyReason !== null);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const db: StoreDatabase = { path, sqlite, kysely, readonlyReason, lockTimeoutMs, close: () => closeBoth(kysely, sqlite) };
  try {
    if (file.kind === 'none') stampNewStore(db);
    else if (readonlyReason === null) await adoptStore(db, file.stamped);
    await migrate(db);
    return db;
  } catch (error) {
    await db.close();
    throw storeErrorOf(path, error) ?? error;
  }
}

/** What is at the path; refuses a read where there is no store, and a store that cannot be created. */
function storeFileAt(path: string, options: OpenOptions): StoreFile {
  if (path === ':memory:') return { kind: 'none', empty: false };
  const file = inspectStoreFile(path);
  if (file.kind === 'store') return file;
  if (options.create === false || options.readonly === true) {
    throw new StoreError('missing', path, `no bookstream store here${file.empty ? ' (an empty file)' : ''}, and a read does not create one`);
  }
  checkCreatable(path);
  return file;
}

function connect(path: string, file: StoreFile, readonly: boolean): SqliteDatabase.Database {
  try {
    const sqlite = new SqliteDatabase(path, { readonly, fileMustExist: file.kind === 'store', timeout: READ_BUSY_TIMEOUT_MS });
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`cache_size = -${CACHE_KIB}`);
    return sqlite;
  } catch (error) {
    throw storeErrorOf(path, error) ?? error;
  }
}

/** Kysely closes the connection only if it ever ran a query: a store that was only opened must be closed too. */
async function closeBoth(kysely: Kysely<Database>, sqlite: SqliteDatabase.Database): Promise<void> {
  await kysely.destroy();
  if (sqlite.open) sqlite.close();
}

function readonlyReasonOf(path: string, file: StoreFile, options: OpenOptions): string | null {
  if (options.readonly === true) return 'opened read-only';
  if (file.kind === 'store' && !isWritable(path)) return 'the file, or its folder, is not writable here';
  return null;
}

/** A new store: marked as bookstream's before anything else, then WAL (a killed process loses only its open transaction). */
function stampNewStore(db: StoreDatabase): void {
  if (db.path === ':memory:') return;
  db.sqlite.pragma(`application_id = ${BOOKSTREAM_APPLICATION_ID}`);
  db.sqlite.pragma('journal_mode = WAL');
}

/** An existing store opened for writing: WAL if it is not yet, and stamped if it was made before stamping. */
async function adoptStore(db: StoreDatabase, stamped: boolean): Promise<void> {
  if (db.sqlite.pragma('journal_mode', { simple: true }) !== 'wal') db.sqlite.pragma('journal_mode = WAL');
  if (stamped) return;
  // Only if no other connection is writing: the stamp is not urgent, the next open will try again.
  await writeTransaction(db, () => db.sqlite.pragma(`application_id = ${BOOKSTREAM_APPLICATION_ID}`), 0).catch((error: unknown) => {
    if (storeErrorOf(db.path, error)?.kind !== 'busy') throw error;
  });
}

/** Brings the schema up to date; a store already there is not written to. */
async function migrate(db: StoreDatabase): Promise<void> {
  const pending = await pendingMigrations(db.sqlite);
  if (pending.length === 0) return;
  if (db.readonlyReason !== null) {
    throw new StoreError('readonly', db.path, `read-only: the store needs a schema upgrade (${pending.join(', ')}) that cannot be written (${db.readonlyReason})`);
  }
  await whenFree(db, async () => {
    const { error } = await new Migrator({ db: db.kysely, provider: migrations }).migrateToLatest();
    if (error !== undefined) throw error;
  });
}

async function pendingMigrations(sqlite: SqliteDatabase.Database): Promise<string[]> {
  const known = Object.keys(await migrations.getMigrations());
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get() !== undefined;
  if (!hasTable) return known;
  const done = new Set((sqlite.prepare('SELECT name FROM kysely_migration').all() as Array<{ name: string }>).map((row) => row.name));
  return known.filter((name) => !done.has(name));
}
