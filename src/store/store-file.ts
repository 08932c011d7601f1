import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { StoreError } from '../core/errors.js';
import { storeErrorOf } from './store-errors.js';

/** Marks a SQLite file as a bookstream store (header bytes 68-71): 'BkSt' in ASCII. */
export const BOOKSTREAM_APPLICATION_ID = 0x426b5374;

/**
 * The tables a store made before stores were stamped can hold (migrations 001 and 002), and those of later
 * migrations: every store this version opens for writing gets stamped, but a copy made by a tool that drops
 * the stamp (test/store-open.test.ts makes one) is still ours.
 */
const UNSTAMPED_STORE_TABLES = new Set([
  'kysely_migration', 'kysely_migration_lock', 'books', 'documents', 'bank_accounts', 'transactions',
  'balance_points', 'statement_periods', 'account_figures', 'account_days', 'figure_txns',
  'account_classes', 'txn_classes', 'book_interbank', 'interbank_txns', 'batch_inputs',
]);

const HEADER_BYTES = 100;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** What is at a store's path, found before anything is opened or written. */
export type StoreFile =
  /** Nothing yet (no file, or an empty one): a store may be created there. */
  | { readonly kind: 'none'; readonly empty: boolean }
  /** A bookstream store; `stamped` false for one made before stores carried the application_id. */
  | { readonly kind: 'store'; readonly stamped: boolean };

/**
 * Tells a bookstream store from anything else, writing nothing. The header says most of it: SQLite or
 * not, and whose application_id. A SQLite file without one is looked into through a read-only
 * connection: with exactly bookstream's tables it is a store made before stamping; anything else
 * is refused as foreign (StoreError 'foreign'), and a file that is not SQLite as 'corrupt'.
 */
export function inspectStoreFile(path: string): StoreFile {
  const header = readHeader(path);
  if (header === null || header.length === 0) return { kind: 'none', empty: header !== null };
  if (header.length < HEADER_BYTES || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new StoreError('corrupt', path, 'not a SQLite database (it does not start with the SQLite header); refusing to use it as a store');
  }
  const applicationId = header.readUInt32BE(68);
  if (applicationId === BOOKSTREAM_APPLICATION_ID) return { kind: 'store', stamped: true };
  if (applicationId !== 0) throw foreign(path, applicationId, null);
  const inside = lookInside(path);
  // A stamp still in the -wal file (a store stamped while others had it open) is not in the header yet.
  if (inside.applicationId === BOOKSTREAM_APPLICATION_ID) return { kind: 'store', stamped: true };
  if (inside.applicationId === 0 && isUnstampedStore(inside.tables)) return { kind: 'store', stamped: false };
  throw foreign(path, inside.applicationId, inside.tables);
}

/** Whether this process may write the store: the file, and its folder or the WAL files SQLite writes beside it. */
export function isWritable(path: string): boolean {
  if (!mayWrite(path)) return false;
  return mayWrite(dirname(path)) || (mayWrite(`${path}-wal`) && mayWrite(`${path}-shm`));
}

/** Refuses a path a store cannot be created at, before SQLite creates anything. */
export function checkCreatable(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder)) throw new StoreError('missing', path, `no bookstream store, and its folder ${folder} does not exist`);
  if (!mayWrite(folder)) throw new StoreError('readonly', path, `read-only: cannot create a store, its folder ${folder} is not writable`);
}

/** The file's first 100 bytes (fewer if it is shorter); null when there is no file. */
function readHeader(path: string): Buffer | null {
  try {
    const info = statSync(path);
    if (!info.isFile()) throw new StoreError('io', path, 'not a file (a store is one SQLite file)');
    const header = Buffer.alloc(Math.min(HEADER_BYTES, info.size));
    const fd = openSync(path, 'r');
    try {
      readSync(fd, header, 0, header.length, 0);
    } finally {
      closeSync(fd);
    }
    return header;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreError('io', path, `cannot read the file (${(error as Error).message})`, { cause: error });
  }
}

function lookInside(path: string): { applicationId: number; tables: string[] } {
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all();
    return { applicationId, tables: (rows as Array<{ name: string }>).map((row) => row.name) };
  } catch (error) {
    throw storeErrorOf(path, error) ?? error;
  } finally {
    db.close();
  }
}

function isUnstampedStore(tables: readonly string[]): boolean {
  return tables.includes('kysely_migration') && tables.includes('books') && tables.every((table) => UNSTAMPED_STORE_TABLES.has(table));
}

function foreign(path: string, applicationId: number, tables: readonly string[] | null): StoreError {
  const id = applicationId === 0 ? '0' : `0x${applicationId.toString(16).padStart(8, '0')}`;
  const shown = tables === null ? '' : `, tables ${tables.length === 0 ? '(none)' : tables.slice(0, 10).join(', ')}${tables.length > 10 ? ', …' : ''}`;
  return new StoreError('foreign', path, `is a SQLite database but not a bookstream store (application_id ${id}${shown}); refusing to change it`);
}

function mayWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
