// A module of its own, free of engine types: the public API re-exports it, and its declaration must not
// bring better-sqlite3's types to a consumer.

/** How long a write waits for another writer by default (see README "Store, locking and environment errors"). */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
