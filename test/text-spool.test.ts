import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { TextSpool } from '../src/report/text-spool.js';

const spoolFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('bookstream-spool-')).length;

test('a small spool gives its pieces back in order, from memory', () => {
  const spool = new TextSpool();
  for (const piece of ['[', '"a"', ',', '"é✓😀"', ']']) spool.append(piece);
  assert.equal([...spool.drain()].join(''), '["a","é✓😀"]');
  assert.equal([...spool.drain()].join(''), '', 'drained means empty');
});

test('a large spool goes to a file and comes back byte for byte, characters never cut at a read boundary', () => {
  const before = spoolFolders();
  const spool = new TextSpool();
  // 40 M characters (80 MB as V8 may hold them, past the 64 MB in memory), with 2-, 3- and 4-byte characters
  // of UTF-8 at every offset modulo 4 (a read back is 1 MiB).
  const pieces = Array.from({ length: 10_000 }, (_, n) => `${'x'.repeat(n % 4)}é✓😀${String(n).padStart(6, '0')}${'y'.repeat(4_000)}`);
  for (const piece of pieces) spool.append(piece);
  assert.equal(spoolFolders(), before + 1, 'past 64 MB the spool is a file');
  assert.equal([...spool.drain()].join(''), pieces.join(''));
  assert.equal(spoolFolders(), before, 'the file is gone once drained');
});
