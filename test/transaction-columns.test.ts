import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalTransaction } from '../src/core/canonical.js';
import { parseMoney } from '../src/core/money.js';
import { fromColumns, toColumns } from '../workers/transaction-columns.js';

test('rows survive the trip between threads as columns: nulls, empty and non-BMP strings, rounded amounts', () => {
  const rows: CanonicalTransaction[] = [
    { sourceAccountId: 'acc-1', sourceTxnId: 't1', date: '2024-02-29', amount: parseMoney('-2307.21'), description: 'Café 🏦 \u0001 "x"', status: 'posted', category: 'Bank Fees, Overdraft', merchantName: null, pfcDetailed: 'BANK_FEES_OVERDRAFT_FEES' },
    { sourceAccountId: 'acc-2', sourceTxnId: 'doc#0', date: '2023-01-01', amount: parseMoney('0.125'), description: '', status: 'pending', category: null, merchantName: '', pfcDetailed: '' },
    { sourceAccountId: '5011648377', sourceTxnId: '20000000001', date: '2022-12-31', amount: parseMoney('12345678901.23'), description: 'GUSTO', status: 'shadow', category: null, merchantName: 'Gusto', pfcDetailed: null },
  ];
  // 0.125 rounds half away from zero to 13 cents, and is flagged; 12345678901.23 is 1234567890123 cents.
  assert.deepEqual([rows[1]!.amount.cents, rows[1]!.amount.rounded, rows[2]!.amount.cents], [13, true, 1234567890123]);
  assert.deepEqual(fromColumns(structuredClone(toColumns(rows))), rows);
  assert.deepEqual(fromColumns(toColumns([])), []);
});
