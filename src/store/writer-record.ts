import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { hostname } from 'node:os';
import type { StoreDatabase } from './store-database.js';

/**
 * Who writes the store right now, kept in a small file beside it (`books.db-writer`) for as long as a
 * bookstream writer holds the write lock, so that another writer that gives up waiting can say who
 * holds the store. It is only a note: SQLite's lock is the lock. Writing it is best effort (a full
 * or read-only folder must not stop a write that SQLite itself allows).
 */
interface WriterRecord {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  /** When it took the lock, ISO 8601. */
  readonly since: string;
}

const COMMAND_CHARS = 300;
/** What each connection wrote, so it removes its own record and never a later writer's. */
const written = new WeakMap<StoreDatabase, string>();

export function writerRecordPath(db: StoreDatabase): string {
  return `${db.path}-writer`;
}

/** Notes this process as the store's writer (just after it took the write lock). */
export function claimWriterRecord(db: StoreDatabase): void {
  if (db.path === ':memory:') return;
  const record: WriterRecord = {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(1).join(' ').slice(0, COMMAND_CHARS),
    since: new Date().toISOString(),
  };
  const text = JSON.stringify(record);
  try {
    writeFileSync(writerRecordPath(db), text);
    written.set(db, text);
  } catch {
    // best effort, see above
  }
}

/** Removes this connection's record (when it releases the lock), unless another writer's has replaced it. */
export function releaseWriterRecord(db: StoreDatabase): void {
  const text = written.get(db);
  if (text === undefined) return;
  written.delete(db);
  try {
    if (readFileSync(writerRecordPath(db), 'utf8') === text) unlinkSync(writerRecordPath(db));
  } catch {
    // already gone, or the folder is not ours to change
  }
}

/** Who holds the store, for a busy message: the recorded writer (saying if it is gone), or that none is recorded. */
export function describeWriter(db: StoreDatabase): string {
  const record = readRecord(db);
  if (record === null) return 'another connection (not a bookstream writer, or an older version)';
  const who = `pid ${record.pid} on ${record.host} (${record.command}), since ${record.since}`;
  if (record.host === hostname() && !isRunning(record.pid)) {
    return `${who} according to ${basename(writerRecordPath(db))}, but that process is no longer running (a stale record): another connection holds the lock`;
  }
  return who;
}

function readRecord(db: StoreDatabase): WriterRecord | null {
  if (db.path === ':memory:') return null;
  try {
    const record = JSON.parse(readFileSync(writerRecordPath(db), 'utf8')) as Partial<WriterRecord>;
    if (typeof record.pid !== 'number') return null;
    return { pid: record.pid, host: String(record.host), command: String(record.command), since: String(record.since) };
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it runs, as another user
  }
}
