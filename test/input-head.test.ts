/**
 * Format detection reads the first 64 KiB of an input (README), whatever the input's chunks: a file read
 * in 1 MiB chunks and a stream of small ones are detected from the same bytes, and every byte still
 * reaches the reader afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../src/index.js';
import { InputFile } from '../src/sources/input.js';
import { chunksOf, jsonText, makeTempDir, removeTempDir, simpleAssetReport, writeInput } from './fixtures/make-inputs.js';

const HEAD = 64 * 1024;

let dir = '';
before(async () => {
  dir = await makeTempDir();
});
after(async () => removeTempDir(dir));

/** 300 KiB of distinct bytes, so that a head taken from the wrong place cannot pass for the right one. */
const BIG = Buffer.from(Array.from({ length: 300 * 1024 }, (_, i) => (i * 7 + (i >> 8)) % 251));

async function headOf(input: string | AsyncIterable<Buffer>): Promise<{ head: Buffer; isWholeInput: boolean; all: Buffer }> {
  const file = await InputFile.open(input, 'input');
  const { head, isWholeInput } = await file.peek();
  const chunks: Uint8Array[] = [];
  for await (const chunk of file.chunks()) chunks.push(chunk);
  await file.close();
  return { head: Buffer.from(head), isWholeInput, all: Buffer.concat(chunks) };
}

test('the head is the first 64 KiB, from a file or from a stream of any chunk size, and chunks() still yields every byte', async () => {
  const path = await writeInput(dir, 'big.bin', BIG);
  for (const input of [path, chunksOf(BIG, 1000), chunksOf(BIG, BIG.length), chunksOf(BIG, HEAD), chunksOf(BIG, HEAD + 1)]) {
    const { head, isWholeInput, all } = await headOf(input);
    assert.equal(head.length, HEAD);
    assert.ok(head.equals(BIG.subarray(0, HEAD)));
    assert.equal(isWholeInput, false);
    assert.ok(all.equals(BIG));
  }
});

test('an input shorter than 64 KiB is its own head, and known to be whole', async () => {
  const small = BIG.subarray(0, 100);
  for (const input of [await writeInput(dir, 'small.bin', small), chunksOf(small, 7)]) {
    const { head, isWholeInput, all } = await headOf(input);
    assert.ok(head.equals(small));
    assert.equal(isWholeInput, true);
    assert.ok(all.equals(small));
  }
});

test('an input of 64 KiB and a bit is not whole by its head', async () => {
  const { head, isWholeInput } = await headOf(chunksOf(BIG.subarray(0, HEAD + 10), 60 * 1024));
  assert.equal(head.length, HEAD);
  assert.equal(isWholeInput, false);
});

test('a report whose first 64 KiB do not tell its format is rejected alike from a path and from a stream', async () => {
  // `report` comes after a 70 KiB member: the head holds only the key `padding`.
  const report = simpleAssetReport([{ id: 'h-1', amount: 10, date: '2024-01-02', description: 'Coffee' }]);
  const late = `{"padding":"${'x'.repeat(70 * 1024)}",${jsonText(report).slice(1)}`;
  const early = `${jsonText(report).slice(0, -1)},"padding":"${'x'.repeat(70 * 1024)}"}`;
  const store = await openStore(':memory:');
  try {
    const book = await store.book('head');
    for (const [name, text, expected] of [['late', late, 'REJECTED'], ['early', early, 'VERIFICATION_COMPLETE']] as const) {
      const path = await writeInput(dir, `${name}.json`, text);
      const fromPath = await book.ingest([path], { poolSize: 0 });
      const fromStream = await book.ingest([chunksOf(Buffer.from(text), 4096)], { name: `${name}-stream`, poolSize: 0 });
      for (const [doc] of [fromPath, fromStream]) {
        assert.equal(doc!.status, expected, `${name}: ${doc!.reason}`);
        if (expected === 'REJECTED') assert.match(doc!.reason!, /unknown format: found an object with keys padding; expected a Plaid Asset Report/);
      }
    }
    // The early report's one row, stored once (the stream re-delivered the same bytes): 10 out → -10.00.
    const { txns } = await book.transactions();
    assert.deepEqual(txns.map((txn) => [txn.source_txn_id, txn.amount]), [['h-1', '-10.00']]);
  } finally {
    await store.close();
  }
});
