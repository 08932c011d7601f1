import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase, useSmallBooksCache } from '../src/store/database.js';

test('the small-books cache of a batch is 8 MB, and the usual 32 MB comes back after it', async () => {
  const db = await openDatabase(':memory:');
  try {
    const cacheKib = () => -(db.sqlite.pragma('cache_size', { simple: true }) as number);
    assert.equal(cacheKib(), 32 * 1024);
    const usual = useSmallBooksCache(db);
    assert.equal(cacheKib(), 8 * 1024);
    usual();
    assert.equal(cacheKib(), 32 * 1024);
  } finally {
    await db.close();
  }
});
