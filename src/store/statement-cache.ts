import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/**
 * Compiled statements kept by SQL text, most recently used last. Compiling a statement costs more than
 * running most of the small queries a summary makes, and the same texts come back on every call.
 */
const CACHED_STATEMENTS = 256;
/** Longer texts carry their values inline (scratch rows written as literals) and do not come back. */
const LONGEST_CACHED_SQL = 8_192;

/**
 * The connection as Kysely sees it: `prepare` hands back a statement compiled before for the same text
 * when there is one that is not in use. A schema change (a TEMP table that shadows a shared one made or
 * dropped) makes SQLite compile the statement again from its text on its next run, so a cached statement
 * resolves table names exactly as a new one would.
 */
export function withStatementCache(sqlite: SqliteDatabase.Database): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached !== undefined && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (sql.length <= LONGEST_CACHED_SQL && cached === undefined) {
        cache.set(sql, statement);
        if (cache.size > CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}
