import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFormat } from '../src/sources/detect.js';
import { JsonSyntaxError } from '../src/sources/json/scanner.js';

const detect = (json: string, whole = true) => detectFormat(Buffer.from(json), whole);

test('Plaid formats are told apart by their first keys', () => {
  assert.deepEqual(detect('{"report":{"items":[]},"request_id":"x"}'), { kind: 'format', format: 'PLAID_ASSET_REPORT' });
  assert.deepEqual(detect('{"request_id":"x","report":{}}'), { kind: 'format', format: 'PLAID_ASSET_REPORT' });
  assert.deepEqual(detect('{"items":[{"bank_statements":[]}]}'), { kind: 'format', format: 'PLAID_BANK_STATEMENTS' });
  assert.deepEqual(detect('{"accounts":[{"account_id":"a"}],"transactions":[]}'), { kind: 'format', format: 'PLAID_TRANSACTIONS' });
  assert.deepEqual(detect('{"transactions":[{"transaction_id":"t"}]}'), { kind: 'format', format: 'PLAID_TRANSACTIONS' });
});

test('Finicity files are recognized as parts of a bundle', () => {
  assert.deepEqual(detect('{"found":2,"displaying":2,"moreAvailable":false,"transactions":[]}'), { kind: 'format', format: 'FINICITY_BUNDLE' });
  assert.deepEqual(detect('{"accounts":[{"id":"5011648377","customerId":"1"}]}'), { kind: 'format', format: 'FINICITY_BUNDLE' });
  assert.deepEqual(detect('{"institution":{"id":4222}}'), { kind: 'format', format: 'FINICITY_BUNDLE' });
});

test('anything else says what it found', () => {
  assert.deepEqual(detect('[1,2]'), { kind: 'unknown', found: 'a top-level array' });
  assert.deepEqual(detect('{}'), { kind: 'unknown', found: 'an empty object' });
  assert.deepEqual(detect('{"hello":1,"world":[]}'), { kind: 'unknown', found: 'an object with keys hello, world' });
});

test('a head cut mid-document still detects; a broken head is a syntax error unless its keys tell the format', () => {
  assert.deepEqual(detect('{"report":{"items":[{"accounts":[{"transac', false), { kind: 'format', format: 'PLAID_ASSET_REPORT' });
  assert.throws(() => detect('{"hello":,}'), JsonSyntaxError);
  assert.throws(() => detect('{"x":{}', true), JsonSyntaxError);
  // Once the keys tell the format, the format's reader reports the error with its full path.
  assert.deepEqual(detect('{"report":{"items":[{"accounts":[{"account_id";"x"}]}]}}'), { kind: 'format', format: 'PLAID_ASSET_REPORT' });
});
