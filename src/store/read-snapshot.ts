import type { StoreDatabase } from './store-database.js';

/**
 * A read that spans several statements (a summary, a streamed transactions object) sees one
 * snapshot: the last commit when it began, whatever another connection commits meanwhile. In WAL mode
 * a read transaction takes no lock a writer waits for. Work that must be undone when the read ends
 * (private scratch tables) registers itself with `atSnapshotEnd`.
 */
const open = new WeakMap<StoreDatabase, Array<() => void>>();

/** Runs `read` inside one snapshot (or inside the one already open on this connection). */
export async function readSnapshot<T>(db: StoreDatabase, read: () => Promise<T>): Promise<T> {
  const end = beginSnapshot(db);
  try {
    return await read();
  } finally {
    end();
  }
}

/** Begins a snapshot; returns what ends it. Inside an open one (or any transaction) it joins that one. */
export function beginSnapshot(db: StoreDatabase): () => void {
  if (open.has(db) || db.sqlite.inTransaction) return () => {};
  db.sqlite.exec('BEGIN'); // deferred: the first read takes the snapshot
  open.set(db, []);
  return () => {
    const cleanups = open.get(db) ?? [];
    open.delete(db);
    try {
      if (db.sqlite.inTransaction) db.sqlite.exec('COMMIT');
    } finally {
      for (const cleanup of cleanups.reverse()) cleanup();
    }
  };
}

export function inReadSnapshot(db: StoreDatabase): boolean {
  return open.has(db);
}

/** Runs `cleanup` when the current snapshot ends. */
export function atSnapshotEnd(db: StoreDatabase, cleanup: () => void): void {
  const cleanups = open.get(db);
  if (cleanups === undefined) throw new Error('atSnapshotEnd: no read snapshot is open');
  cleanups.push(cleanup);
}
