/**
 * The readers pick the members of a transaction that the normalizer reads, and cut the rest out
 * while scanning. What is cut must never matter: decoys inside dropped members, escaped keys, keys
 * and values cut across chunks, non-ASCII text, and the same file read from a path (its chunks moved
 * to the reader thread) or as a stream of tiny chunks all give the same, hand-checked rows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../src/index.js';
import { chunksOf, jsonText, makeTempDir, removeTempDir, simpleAssetReport, txnsOf, writeInput } from './fixtures/make-inputs.js';

let dir = '';
before(async () => {
  dir = await makeTempDir();
});
after(async () => removeTempDir(dir));

/** Two transactions wrapped in members bookstream does not read, some of them decoys. */
function decoyReport(): string {
  const doc = simpleAssetReport([
    { id: 'pick-1', amount: 2307.21, date: '2023-03-01', description: 'Café Ünïcode 😀' },
    { id: 'pick-2', amount: -0.1, date: '2023-03-02' },
  ]);
  const [first, second] = txnsOf(doc);
  // Members before and after the read ones; nested ones carry the read keys' names.
  Object.assign(first!, {
    category: ['Food and Drink', 'Restaurants'],
    location: { amount: 999.99, name: 'decoy location', original_description: 'decoy', city: 'Zürich' },
    payment_meta: { by_order_of: null, reference_number: '\\"amount\\": 5' },
    merchant_name: 'Café',
  });
  delete second!['original_description'];
  Object.assign(second!, { counterparties: [{ name: 'decoy counterparty', amount: 1 }], name: 'Interest paid' });
  // An escaped key is one JSON.parse reads as `transaction_type`, a member nobody reads; `name` goes last.
  return jsonText(doc).replace('"pending":false,"transaction_id":"pick-2"', '"pending":false,"\\u0074ransaction_type":"special","transaction_id":"pick-2"');
}

async function rowsOf(input: string | AsyncIterable<Buffer>) {
  const store = await openStore(':memory:');
  try {
    const book = await store.book('pick');
    const [doc] = await book.ingest([input]);
    assert.equal(doc?.status, 'VERIFICATION_COMPLETE', doc?.reason ?? '');
    const { txns } = await book.transactions();
    return txns.map(({ source_txn_id, amount, txn_date, description, status, category }) => ({ source_txn_id, amount, txn_date, description, status, category }));
  } finally {
    await store.close();
  }
}

// Plaid's sign turned around: 2307.21 out is "-2307.21", -0.1 (money in) is "0.10". pick-2 has no
// original_description, so its name is the description.
const EXPECTED = [
  { source_txn_id: 'pick-1', amount: '-2307.21', txn_date: '03/01/2023', description: 'Café Ünïcode 😀', status: 'posted', category: 'Food and Drink, Restaurants' },
  { source_txn_id: 'pick-2', amount: '0.10', txn_date: '03/02/2023', description: 'Interest paid', status: 'posted', category: null },
];

test('members that are not read, decoys included, change nothing, from a path or from tiny chunks', async () => {
  const text = decoyReport();
  assert.ok(text.includes('"\\u0074ransaction_type"') && text.includes('decoy location'));
  const file = await writeInput(dir, 'decoys.json', text);
  assert.deepEqual(await rowsOf(file), EXPECTED);
  for (const size of [1, 7, 64]) assert.deepEqual(await rowsOf(chunksOf(Buffer.from(text), size)), EXPECTED, `chunks of ${size}`);
});
