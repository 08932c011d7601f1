import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBook, findBook } from '../src/store/books.js';
import { openDatabase } from '../src/store/database.js';
import { WriteGroup } from '../src/store/write-group.js';

const books = (db: Awaited<ReturnType<typeof openDatabase>>): string[] =>
  (db.sqlite.prepare('SELECT name FROM books ORDER BY pk').all() as Array<{ name: string }>).map((row) => row.name);

test('a write group keeps what its savepoints kept, undoes what one undid, and commits them together', async () => {
  const db = await openDatabase(':memory:');
  try {
    const group = await WriteGroup.begin(db);
    assert.equal(db.sqlite.pragma('foreign_keys', { simple: true }), 0, 'foreign keys are off inside the group');
    group.inSavepoint(() => createBook(db, 'kept'));
    assert.throws(() => group.inSavepoint(() => {
      createBook(db, 'undone');
      throw new Error('the document failed');
    }), /the document failed/);
    const enclosure = group.savepoint();
    createBook(db, 'kept too');
    enclosure.keep();
    assert.deepEqual(books(db), ['kept', 'kept too'], 'inside the group, before the commit');
    group.commit();
    assert.equal(db.sqlite.inTransaction, false);
    assert.equal(db.sqlite.pragma('foreign_keys', { simple: true }), 1, 'and on again after it');
    assert.deepEqual(books(db), ['kept', 'kept too']);
  } finally {
    await db.close();
  }
});

test('a write group rolled back keeps nothing, not even what its savepoints kept', async () => {
  const db = await openDatabase(':memory:');
  try {
    const group = await WriteGroup.begin(db);
    group.inSavepoint(() => createBook(db, 'lost'));
    group.rollback();
    assert.equal(findBook(db, 'lost'), null);
    assert.equal(db.sqlite.inTransaction, false);
    assert.throws(() => group.savepoint(), /the write group has ended/);
  } finally {
    await db.close();
  }
});
