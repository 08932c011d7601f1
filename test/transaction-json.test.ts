import assert from 'node:assert/strict';
import { test } from 'node:test';
import { transactionJson, transactionObject } from '../src/report/transactions.js';
import type { ListedTransaction } from '../src/store/schema.js';
import { prng } from './helpers/random-json.js';

/** The hand-written JSON of a listed transaction is byte for byte the JSON of its object, whatever its text holds. */
test('transactionJson writes exactly what JSON.stringify writes of transactionObject', () => {
  const random = prng(13);
  const awkward = ['', 'plain', 'quote " and backslash \\', 'newline\n tab\t', '\u0001\u001f control', 'é ß ✓ 😀', '\ud800 lone', '</script>', '\u2028\u2029'];
  for (let n = 0; n < 2_000; n += 1) {
    const row: ListedTransaction = {
      pk: random.int(1e9),
      bank_account_pk: random.int(1e6),
      document_pk: random.int(1e6),
      amount_cents: (random.next() < 0.5 ? -1 : 1) * random.int(2 ** 47),
      txn_date: `20${String(10 + random.int(80))}-0${1 + random.int(9)}-1${random.int(9)}`,
      description: random.pick(awkward) + random.pick(awkward),
      source_txn_id: random.pick(awkward),
      status: random.pick(['posted', 'pending', 'shadow'] as const),
      category: random.next() < 0.3 ? null : random.pick(awkward),
    };
    assert.equal(transactionJson(row), JSON.stringify(transactionObject(row)));
  }
});
