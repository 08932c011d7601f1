import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateOfEpochSeconds } from '../src/core/dates.js';

test('epoch seconds are read in UTC, as integers or digit strings', () => {
  // 1583906400 = 18331 days * 86400 + 21600 → 2020-03-11T06:00Z, a US-Mountain midnight: the 11th, not the 10th.
  assert.equal(dateOfEpochSeconds(1583906400), '2020-03-11');
  assert.equal(dateOfEpochSeconds('1583906400'), '2020-03-11');
  // 1607450357 = 18604 days * 86400 + 64757 → 2020-12-08T17:59:17Z.
  assert.equal(dateOfEpochSeconds(1607450357), '2020-12-08');
  // One second before and at a UTC midnight: 1717200000 = 19875 * 86400 → 2024-06-01T00:00Z.
  assert.equal(dateOfEpochSeconds(1717199999), '2024-05-31');
  assert.equal(dateOfEpochSeconds(1717200000), '2024-06-01');
  assert.equal(dateOfEpochSeconds(0), '1970-01-01');
});

test('anything that is not whole epoch seconds of a 4-digit year is no date', () => {
  for (const value of [1583906400.5, -1, '-1', '15839064OO', '', ' 1583906400', 1583906400000, '2020-03-11', null, undefined, true]) {
    assert.equal(dateOfEpochSeconds(value), null, `value ${String(value)}`);
  }
});

test('a Finicity date past 2099-12-31 is out of range: the field says so', async () => {
  const { optionalEpochDate } = await import('../workers/finicity-fields.js');
  // 4102444799 = 47481 days * 86400 + 86399 → 2099-12-31T23:59:59Z, the last accepted second; one more is 2100.
  assert.equal(optionalEpochDate({ postedDate: 4102444799 }, 'postedDate'), '2099-12-31');
  assert.throws(() => optionalEpochDate({ postedDate: '4102444800' }, 'postedDate'), {
    name: 'FieldError',
    field: 'postedDate',
    message: 'postedDate: date out of range: 2100-01-01 (bookstream accepts 1970-01-01 to 2099-12-31)',
  });
});
