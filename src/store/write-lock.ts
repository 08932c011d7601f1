import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from '../core/errors.js';
import type { StoreDatabase } from './store-database.js';
import { storeErrorOf } from './store-errors.js';
import { claimWriterRecord, describeWriter, releaseWriterRecord } from './writer-record.js';

/**
 * SQLite's write lock, taken without blocking the event loop. A store has one writer at a time
 * (`BEGIN IMMEDIATE`); readers never wait for it (WAL). A write that finds the lock held tries
 * again after a pause, an async sleep, until the store's lock timeout; SQLite's own busy handler
 * would instead block the whole thread while it waits.
 */

/**
 * How long SQLite itself may block a statement on a busy store: only reads use it, and only in WAL's
 * rare busy moments (another connection recovering the WAL or closing the store).
 */
export const READ_BUSY_TIMEOUT_MS = 2_000;
const FIRST_PAUSE_MS = 10;
const LONGEST_PAUSE_MS = 250;

/** Throws StoreError 'readonly' unless the store may be written. */
export function assertWritable(db: StoreDatabase): void {
  if (db.readonlyReason !== null) throw new StoreError('readonly', db.path, `read-only: the store cannot be written (${db.readonlyReason})`);
}

/** Opens a write transaction now, or throws (StoreError 'busy' when another connection writes). */
export function beginWrite(db: StoreDatabase): void {
  assertWritable(db);
  try {
    db.sqlite.exec('BEGIN IMMEDIATE');
  } catch (error) {
    throw storeErrorOf(db.path, error) ?? error;
  }
  claimWriterRecord(db);
}

/** Ends the write transaction, unless SQLite has ended it already (it may, after SQLITE_FULL or an I/O error). */
export function endWrite(db: StoreDatabase, outcome: 'COMMIT' | 'ROLLBACK'): void {
  releaseWriterRecord(db);
  if (db.sqlite.inTransaction) db.sqlite.exec(outcome);
}

/**
 * Runs `attempt` (which takes the write lock) now, and again while another connection holds the
 * lock, until `waitMs` have passed; then throws StoreError 'busy' naming who holds the store.
 */
export async function whenFree<T>(db: StoreDatabase, attempt: () => T | Promise<T>, waitMs = db.lockTimeoutMs): Promise<T> {
  const started = Date.now();
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      return await withoutBusyWait(db, attempt);
    } catch (error) {
      if (storeErrorOf(db.path, error)?.kind !== 'busy') throw error;
      const waited = Date.now() - started;
      if (waited >= waitMs) throw busy(db, waitMs, error);
      await sleep(Math.min(pause, waitMs - waited));
    }
  }
}

/** Runs `work` in a write transaction taken when free (see whenFree): committed if it returns, rolled back if it throws. */
export async function writeTransaction<T>(db: StoreDatabase, work: () => T | Promise<T>, waitMs = db.lockTimeoutMs): Promise<T> {
  await whenFree(db, () => beginWrite(db), waitMs);
  try {
    const result = await work();
    endWrite(db, 'COMMIT');
    return result;
  } catch (error) {
    endWrite(db, 'ROLLBACK');
    throw error;
  }
}

async function withoutBusyWait<T>(db: StoreDatabase, attempt: () => T | Promise<T>): Promise<T> {
  db.sqlite.pragma('busy_timeout = 0');
  try {
    return await attempt();
  } finally {
    db.sqlite.pragma(`busy_timeout = ${READ_BUSY_TIMEOUT_MS}`);
  }
}

/** `waitMs`: how long this write was allowed to wait (the measured wait only adds timer noise to it). */
function busy(db: StoreDatabase, waitMs: number, cause: unknown): StoreError {
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  return new StoreError(
    'busy',
    db.path,
    `busy: the store is being written by ${describeWriter(db)}; waited ${seconds(waitMs)} for it (lock timeout ${seconds(db.lockTimeoutMs)})`,
    { cause },
  );
}
