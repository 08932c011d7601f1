/**
 * What `openStore` accepts (issue 12, items 10 and 11): a new path or an empty file becomes a store,
 * stamped with bookstream's application_id; a store made before stamping is recognised by its
 * tables; anything else is refused untouched, and a read never creates a store. Every refusal is a
 * StoreError whose message names the path.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { openStore, StoreError } from '../src/index.js';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';

let dir = '';
before(async () => { dir = await makeTempDir(); });
after(async () => removeTempDir(dir));

/** 'BkSt' in ASCII: bookstream's application_id (SQLite file header, bytes 68-71, big-endian). */
const BOOKSTREAM_APPLICATION_ID = 0x426b5374;

function applicationIdOf(path: string): number {
  return readFileSync(path).readUInt32BE(68);
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The files in the test folder that start with `name` (the db and any -wal, -shm, -journal beside it). */
function filesOf(name: string): string[] {
  return readdirSync(dir).filter((file) => file.startsWith(name)).sort();
}

async function assertRefused(path: string, kind: StoreError['kind'], pattern: RegExp, options = {}): Promise<StoreError> {
  const error = await openStore(path, options).then(
    async (store) => (await store.close(), assert.fail(`${path} was opened`)),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof StoreError, `a StoreError, not ${String(error)}`);
  assert.equal(error.kind, kind);
  assert.equal(error.path, path);
  assert.ok(error.message.startsWith(`${path}: `), error.message);
  assert.match(error.message, pattern);
  return error;
}

/** A small database some other program made: rollback journal (SQLite's default), one table. */
function foreignDatabase(name: string, applicationId = 0): string {
  const path = join(dir, name);
  const db = new SqliteDatabase(path);
  db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada')");
  if (applicationId !== 0) db.pragma(`application_id = ${applicationId}`);
  db.close();
  return path;
}

describe('opening a store', () => {
  test('a new path becomes a store stamped with bookstream\'s application_id', async () => {
    const path = join(dir, 'new.db');
    const store = await openStore(path);
    await store.book('acme');
    await store.close();
    assert.equal(applicationIdOf(path), BOOKSTREAM_APPLICATION_ID);
    const again = await openStore(path);
    assert.deepEqual((await again.books()).map((book) => book.name), ['acme']);
    await again.close();
  });

  test('an empty file becomes a store too', async () => {
    const path = join(dir, 'empty.db');
    writeFileSync(path, '');
    const store = await openStore(path);
    await store.close();
    assert.equal(applicationIdOf(path), BOOKSTREAM_APPLICATION_ID);
  });

  test('a store made before stores were stamped is still ours, and gets stamped when opened for writing', async () => {
    const path = join(dir, 'unstamped.db');
    const store = await openStore(path);
    await store.book('acme');
    await store.close();
    const raw = new SqliteDatabase(path);
    raw.pragma('application_id = 0'); // what every store had before
    raw.close();
    assert.equal(applicationIdOf(path), 0);

    const reader = await openStore(path, { readonly: true });
    assert.deepEqual((await reader.books()).map((book) => book.name), ['acme']);
    await reader.close();
    assert.equal(applicationIdOf(path), 0, 'a read-only open writes nothing');

    const writer = await openStore(path);
    await writer.close();
    assert.equal(applicationIdOf(path), BOOKSTREAM_APPLICATION_ID);
  });

  for (const [label, applicationId, tables] of [['with application_id 0', 0, /customers/], ['with another application_id', 0x12345678, /0x12345678/]] as const) {
    test(`a foreign SQLite database ${label} is refused, its bytes untouched and no WAL added`, async () => {
      const name = `foreign-${applicationId}.db`;
      const path = foreignDatabase(name, applicationId);
      const before = sha256Of(path);
      await assertRefused(path, 'foreign', /is a SQLite database but not a bookstream store/);
      const error = await assertRefused(path, 'foreign', tables, { create: false });
      assert.match(error.message, /refusing to change it/);
      assert.equal(sha256Of(path), before);
      assert.deepEqual(filesOf(name), [name], 'no -wal, -shm or -journal beside it');
    });
  }

  test('a file that is not SQLite at all is refused as corrupt, untouched', async () => {
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'these are my notes, not a database\n'.repeat(10));
    const before = sha256Of(path);
    await assertRefused(path, 'corrupt', /not a SQLite database/);
    assert.equal(sha256Of(path), before);
    assert.deepEqual(filesOf('notes.db'), ['notes.db']);
  });

  test('a damaged store is StoreError corrupt naming the path', async () => {
    const path = join(dir, 'damaged.db');
    const store = await openStore(path);
    await store.book('acme');
    await store.close();
    const bytes = readFileSync(path);
    bytes.fill(0xa5, 4096); // every page after the first (the header and schema stay)
    writeFileSync(path, bytes);
    await assertRefused(path, 'corrupt', /damaged or not a SQLite database/);
  });

  test('a read (create: false) never creates a store: a missing path or an empty file is StoreError missing', async () => {
    const missing = join(dir, 'missing.db');
    await assertRefused(missing, 'missing', /no bookstream store/, { create: false });
    assert.equal(existsSync(missing), false);
    const empty = join(dir, 'empty-read.db');
    writeFileSync(empty, '');
    await assertRefused(empty, 'missing', /no bookstream store/, { create: false });
    assert.equal(readFileSync(empty).length, 0);
    await assertRefused(join(dir, 'no-such-folder', 'books.db'), 'missing', /no bookstream store/);
  });
});
