// The published Plaid examples of /work/shared/conformance (see SOURCES.md there), ingested as given.
// Expected values were read off the files by hand; the sign rule is Plaid's (positive = money out), applied as is:
// we do not second-guess the source, even where the example itself looks inconsistent (the GUSTO "credit").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  acceptedDocument, accountById, accountFields, essentials, ingestPaths, txnById, withBook, type IngestedDocument,
  type TransactionsObject,
} from './helpers/books.js';

const CONFORMANCE_DIR = fileURLToPath(new URL('../../shared/conformance/', import.meta.url));

type Check = (doc: IngestedDocument, tx: TransactionsObject) => void;

const CHECKS: Record<string, Check> = {
  'plaid-asset-report.openapi.json': (doc, tx) => {
    assert.equal(doc.format, 'PLAID_ASSET_REPORT');
    // money market: 1 transaction; checking: 4 → 5
    assert.equal(doc.txn_count, 5);
    assert.equal(Object.keys(tx.bank_accounts).length, 2);
    const holder = {
      account_holder: 'Alberta Bobbeth Charleson', holder_address_1: '2992 Cameron Road', holder_city: 'Malakoff',
      holder_state: 'NY', holder_zip: '14236', holder_country: 'US',
    };
    assert.deepEqual(accountFields(accountById(tx, '1qKRXQjk8xUWDJojNwPXTj8gEmR48piqRNye8')), {
      name: 'Plaid Money Market', account_type: 'MONEY MARKET', account_number: '4444', bank_name: 'First Platypus Bank',
      source: 'PLAID', source_account_id: '1qKRXQjk8xUWDJojNwPXTj8gEmR48piqRNye8', ...holder,
    });
    assert.deepEqual(accountFields(accountById(tx, 'eG7pNLjknrFpWvP7Dkbdf3Pq6GVBPKTaQJK5v')), {
      name: 'Plaid Checking', account_type: 'CHECKING', account_number: '0000', bank_name: 'First Platypus Bank',
      source: 'PLAID', source_account_id: 'eG7pNLjknrFpWvP7Dkbdf3Pq6GVBPKTaQJK5v', ...holder,
    });
    const row = (id: string) => essentials(txnById(tx, id));
    // GUSTO payroll amount 5850 (positive = money out at Plaid) → -5850.00
    assert.deepEqual(row('gGQgjoeyqBF89PND6K14Sow1wddZBmtLomJ78'),
      { amount: '-5850.00', txn_date: '03/30/2023', description: 'ACH Electronic CreditGUSTO PAY 123456', status: 'posted' });
    // United refund -500 → 500.00
    assert.deepEqual(row('xG9jbv3eMoFWepzB7wQLT3LoLggX5Duy1Gbe5'),
      { amount: '500.00', txn_date: '03/29/2023', description: 'United Airlines **** REFUND ****', status: 'posted' });
    // SparkFun 89.4 → -89.40; McDonalds 12 → -12.00; Starbucks 4.33 → -4.33
    assert.deepEqual(row('4zBRq1Qem4uAPnoyKjJNTRQpQddM4ztlo1PLD'),
      { amount: '-89.40', txn_date: '03/27/2023', description: 'SparkFun', status: 'posted' });
    assert.equal(row('dkjL41PnbKsPral79jpxhMWdW55gkPfBkWpRL').amount, '-12.00');
    assert.equal(row('a84ZxQaWDAtDL3dRgmazT57K7jjN3WFkNWMDy').amount, '-4.33');
  },

  'plaid-transactions-get.openapi.json': (doc, tx) => {
    assert.equal(doc.format, 'PLAID_TRANSACTIONS');
    // total_transactions says 1, but the array holds 2: the rows are what counts.
    assert.equal(doc.txn_count, 2);
    assert.equal(tx.txns.length, 2);
    assert.deepEqual(accountFields(accountById(tx, 'BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp')), {
      name: 'Plaid Checking', account_type: 'CHECKING', account_number: '0000', bank_name: 'Chase', source: 'PLAID',
      source_account_id: 'BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp', account_holder: null, holder_address_1: null,
      holder_city: null, holder_state: null, holder_zip: null, holder_country: null,
    });
    const row = (id: string) => essentials(txnById(tx, id));
    // DoorDash: pending: true, 28.34 → -28.34, no original_description → name
    assert.deepEqual(row('yhnUVvtcGGcCKU0bcz8PDQr5ZUxUXebUvbKC0'),
      { amount: '-28.34', txn_date: '09/28/2023', description: 'Dd Doordash Burgerkin', status: 'pending' });
    // Walmart: posted, 72.1 → -72.10
    assert.deepEqual(row('lPNjeW1nR6CDn5okmGQ6hEpMo4lLNoSrzqDje'),
      { amount: '-72.10', txn_date: '09/24/2023', description: 'PURCHASE WM SUPERCENTER #1700', status: 'posted' });
  },

  'plaid-bank-statements-uploads.openapi.json': (doc, tx) => {
    assert.equal(doc.format, 'PLAID_BANK_STATEMENTS');
    assert.equal(doc.txn_count, 1);
    assert.deepEqual(accountFields(accountById(tx, 'c6778d3f-e44c-4348-874e-71507c1ac12d')), {
      name: 'CHASE CHECKING', account_type: 'CHECKING', account_number: '000009752', bank_name: 'CHASE', source: 'PLAID',
      source_account_id: 'c6778d3f-e44c-4348-874e-71507c1ac12d', account_holder: 'JANE DOE',
      holder_address_1: '2140 TAYLOR ST', holder_city: 'SAN FRANCISCO', holder_state: 'CA', holder_zip: '94133',
      holder_country: 'US',
    });
    // PAYCHECK -1000 → 1000.00 (row 0 of statement 2jkflanbd)
    assert.deepEqual(essentials(txnById(tx, '2jkflanbd#0')),
      { amount: '1000.00', txn_date: '01/01/2023', description: 'PAYCHECK', status: 'posted' });
  },
};

const plaidFiles = existsSync(CONFORMANCE_DIR)
  ? readdirSync(CONFORMANCE_DIR).filter((name) => name.startsWith('plaid-') && name.endsWith('.json')).sort()
  : [];

if (!existsSync(CONFORMANCE_DIR)) {
  console.log(`conformance: ${CONFORMANCE_DIR} does not exist; the conformance tests are skipped`);
  test('conformance samples', { skip: `${CONFORMANCE_DIR} not found` }, () => {});
} else {
  test('conformance folder holds the three Plaid examples this file knows', () => {
    for (const name of Object.keys(CHECKS)) assert.ok(plaidFiles.includes(name), `${name} missing from ${CONFORMANCE_DIR}`);
  });
  for (const name of plaidFiles) {
    test(`conformance: ${name}`, async () => {
      await withBook(async (book) => {
        const doc = acceptedDocument(await ingestPaths(book, [`${CONFORMANCE_DIR}${name}`]));
        assert.equal(doc.source, 'PLAID');
        const check = CHECKS[name];
        if (check === undefined) return; // a new example: accepted is all we know by hand
        check(doc, await book.transactions());
      });
    });
  }
}
