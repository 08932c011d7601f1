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

const finicity = (part: string) => ({ kind: 'format', format: 'FINICITY_BUNDLE', part });

test('Finicity files are recognized as parts of a bundle, with their kind', () => {
  assert.deepEqual(detect('{"found":2,"displaying":2,"moreAvailable":false,"transactions":[]}'), finicity('transactions'));
  assert.deepEqual(detect('{"accounts":[{"id":"5011648377","customerId":"1"}]}'), finicity('accounts'));
  assert.deepEqual(detect('{"institution":{"id":4222}}'), finicity('institutions'));
  // The bare empty page seen in the wild: no Plaid response lacks accounts.
  assert.deepEqual(detect('{"transactions":[]}'), finicity('transactions'));
  assert.deepEqual(detect('{"transactions":[{"id":1,"accountId":2}]}'), finicity('transactions'));
  // Customers: a bare customer object, or a list (which also has found/displaying/moreAvailable).
  assert.deepEqual(detect('{"id":"1005061234","username":"u","firstName":"John","lastName":"Smith"}'), finicity('customers'));
  assert.deepEqual(detect('{"found":7,"displaying":2,"moreAvailable":true,"customers":[{"id":41442}]}'), finicity('customers'));
  // institutions[]: a list of institutions, or a Transactions report whose institutions hold accounts.
  assert.deepEqual(detect('{"found":1,"displaying":1,"institutions":[{"id":5,"name":"Chase"}]}'), finicity('institutions'));
  assert.deepEqual(detect('{"institutions":[{"id":5,"name":"Chase","accounts":[]}]}'), finicity('report'));
  assert.deepEqual(detect('{"id":"r1","requestId":"q","consumerId":"c","type":"transactions","institutions":[]}'), finicity('report'));
});

test('Finicity responses that are not bundle parts are named as such', () => {
  assert.deepEqual(detect('{"loginForm":[{"id":"1"}]}'), { kind: 'not-a-part', found: 'a Finicity institution login form {loginForm:[…]}' });
  assert.deepEqual(detect('{"id":"bx","requestId":"b","consumerId":"c","type":"voa","status":"inProgress"}'), {
    kind: 'not-a-part', found: 'a Finicity report-start response {id, requestId, consumerId, type, status}',
  });
  assert.deepEqual(detect('{"reports":[]}'), { kind: 'not-a-part', found: 'a Finicity list of reports {reports:[…]}' });
  assert.equal(detect('{"id":"41442","createdDate":"1412792539"}').kind, 'not-a-part');
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
