import { basename } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { StoreError, type StoreErrorKind } from '../core/errors.js';

/**
 * The one place SQLite's error codes become bookstream's StoreError: higher layers see the kind of
 * trouble and the store's path, never an engine's code. Extended codes (SQLITE_IOERR_WRITE,
 * SQLITE_READONLY_DIRECTORY, …) fall under their primary code.
 */
const KIND_OF_CODE: Readonly<Record<string, StoreErrorKind>> = {
  SQLITE_BUSY: 'busy',
  SQLITE_LOCKED: 'busy',
  SQLITE_FULL: 'full',
  SQLITE_READONLY: 'readonly',
  SQLITE_PERM: 'readonly',
  SQLITE_CORRUPT: 'corrupt',
  SQLITE_NOTADB: 'corrupt',
  SQLITE_CANTOPEN: 'io',
  SQLITE_IOERR: 'io',
  SQLITE_NOLFS: 'io',
};

/**
 * The StoreError an error of the store stands for (itself when it already is one); null for anything
 * else. Only SQLite's errors count: a Node error (EACCES, ENOSPC) may come from an input file as well.
 */
export function storeErrorOf(path: string, error: unknown): StoreError | null {
  if (error instanceof StoreError) return error;
  if (error instanceof SqliteDatabase.SqliteError) {
    const kind = KIND_OF_CODE[primaryCode(error.code)] ?? 'internal';
    return new StoreError(kind, path, describe(kind, path, error.code, error.message), { cause: error });
  }
  return null;
}

/** Runs `work`; an error of the store comes out as a StoreError naming `path`, anything else as it was. */
export async function withStoreErrors<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storeErrorOf(path, error) ?? error;
  }
}

function primaryCode(code: string): string {
  return /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code;
}

function describe(kind: StoreErrorKind, path: string, code: string, message: string): string {
  const cause = `(${code}: ${message})`;
  switch (kind) {
    case 'full':
      return `disk full: the store cannot grow ${cause}`;
    case 'busy':
      return `busy: another connection holds the store's write lock ${cause}`;
    case 'readonly':
      return code === 'SQLITE_READONLY_DIRECTORY'
        ? `read-only: its folder is not writable, and SQLite needs to create ${basename(path)}-shm and ${basename(path)}-wal beside a WAL store even to read it ${cause}`
        : `read-only: the store cannot be written ${cause}`;
    case 'corrupt':
      return `damaged or not a SQLite database ${cause}`;
    case 'io':
      return `input/output error ${cause}`;
    default:
      return `SQLite refused a statement it should not have (a bug, or a store changed by other means) ${cause}`;
  }
}
