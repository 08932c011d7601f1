// The published Plaid and Finicity examples of /work/shared/conformance (see SOURCES.md there), ingested as given.
// Finicity files are parts of a bundle: each is ingested in a bundle assembled from the others, completed where
// needed by the smallest companion file (a customer or an institution the published samples never show).
// Expected values were read off the files by hand; the sign rule is Plaid's (positive = money out), applied as is:
// we do not second-guess the source, even where the example itself looks inconsistent (the GUSTO "credit").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  acceptedDocument, accountById, accountFields, essentials, ingestPaths, txnById, txnsOf, withBook, type IngestedDocument,
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
      account_holder: 'Alberta Bobbeth Charleson', holder_address_1: '2992 Cameron Road', holder_address_2: null, holder_city: 'Malakoff',
      holder_state: 'NY', holder_zip: '14236', holder_country: 'US',
    };
    assert.deepEqual(accountFields(accountById(tx, '1qKRXQjk8xUWDJojNwPXTj8gEmR48piqRNye8')), {
      name: 'Plaid Money Market', account_type: 'Money Market', account_number: '4444', bank_name: 'First Platypus Bank',
      source: 'PLAID', source_account_id: '1qKRXQjk8xUWDJojNwPXTj8gEmR48piqRNye8', ...holder,
    });
    assert.deepEqual(accountFields(accountById(tx, 'eG7pNLjknrFpWvP7Dkbdf3Pq6GVBPKTaQJK5v')), {
      name: 'Plaid Checking', account_type: 'Checking', account_number: '0000', bank_name: 'First Platypus Bank',
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
      name: 'Plaid Checking', account_type: 'Checking', account_number: '0000', bank_name: 'Chase', source: 'PLAID',
      source_account_id: 'BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp', account_holder: null, holder_address_1: null, holder_address_2: null,
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
      name: 'CHASE CHECKING', account_type: 'Checking', account_number: '000009752', bank_name: 'CHASE', source: 'PLAID',
      source_account_id: 'c6778d3f-e44c-4348-874e-71507c1ac12d', account_holder: 'JANE DOE',
      holder_address_1: '2140 TAYLOR ST', holder_address_2: null, holder_city: 'SAN FRANCISCO', holder_state: 'CA', holder_zip: '94133',
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

// ---------------------------------------------------------------- Finicity bundles

interface FinicityBundle {
  /** Conformance files of the bundle. */
  readonly files: readonly string[];
  /** Companion files written for the test, by name. */
  readonly companions?: Readonly<Record<string, unknown>>;
  readonly check: Check;
}

const FINICITY_BUNDLES: Record<string, FinicityBundle> = {
  // Built from Mastercard's field examples: the four files refer to each other (5011648377, 1005061234, 4222).
  'openapi bundle': {
    files: ['finicity-accounts.openapi.json', 'finicity-customer.openapi.json', 'finicity-institution.openapi.json', 'finicity-transactions.openapi.json'],
    check: (doc, tx) => {
      assert.equal(doc.txn_count, 1);
      assert.deepEqual(accountFields(accountById(tx, '5011648377')), {
        name: 'Super Checking', account_type: 'Checking', account_number: '7528', bank_name: 'FinBank', source: 'FINICITY',
        source_account_id: '5011648377', account_holder: 'John Smith', holder_address_1: null, holder_address_2: null, holder_city: null,
        holder_state: null, holder_zip: null, holder_country: null,
      });
      // accountId the integer 5011648377 = the accounts file's "5011648377"; checking: -828.9 kept; 1607450357 = 2020-12-08T17:59:17Z.
      assert.deepEqual(essentials(txnById(tx, '21284820852')), {
        amount: '-828.90', txn_date: '12/08/2020', description: 'Buy Stock UWM HOLDINGS CORPORATION - CLASS A COMMON STOCK', status: 'posted',
      });
      assert.equal(txnById(tx, '21284820852').category, 'Streaming Service');
    },
  },
  // The sandbox accounts (customer 1002191232, FinBank 102105) with the bare empty page; the companions name them.
  'sandbox accounts + empty page': {
    files: ['finicity-accounts.lakey-sandbox.json', 'finicity-transactions-empty.lakey.json'],
    companions: { customer: { id: 1002191232, firstName: 'Test', lastName: 'Customer' }, institution: { institution: { id: '102105', name: 'FinBank' } } },
    check: (doc, tx) => {
      assert.equal(doc.txn_count, 0);
      assert.equal(Object.keys(tx.bank_accounts).length, 5);
      const depository = Object.values(tx.bank_accounts).map((account) => [account.source_account_id, account.is_depository]);
      // checking and savings are depository; investment, investmentTaxDeferred and roth are not.
      assert.deepEqual(depository, [['1007547418', true], ['1007547419', true], ['1007547420', false], ['1007547421', false], ['1007547422', false]]);
      // Ocrolus' labels beside the types as Finicity wrote them: the investment family is all "Investment".
      const types = Object.values(tx.bank_accounts).map((account) => [account.account_type, account.aggregator_account_type]);
      assert.deepEqual(types, [
        ['Checking', 'checking'], ['Savings', 'savings'], ['Investment', 'investment'], ['Investment', 'investmentTaxDeferred'], ['Investment', 'roth'],
      ]);
      assert.equal(accountById(tx, '1007547418').account_number, '111111');
    },
  },
  // The sandbox page's account 1007861929 and customer 1002249444 appear in no published accounts file.
  'sandbox page': {
    files: ['finicity-transactions.lakey-sandbox.json', 'finicity-institution.lakey-sandbox.json'],
    companions: {
      customer: { id: '1002249444', firstName: 'Sandbox', lastName: 'User' },
      accounts: { accounts: [{ id: '1007861929', type: 'checking', customerId: 1002249444, institutionId: 15436, balance: 42.01, balanceDate: 1583949620 }] },
    },
    check: (doc, tx) => {
      // 42.01 into a checking account; 1583906400 = 2020-03-11T06:00Z (a US midnight) is the 11th.
      assert.deepEqual(essentials(txnById(tx, '100803586565')), { amount: '42.01', txn_date: '03/11/2020', description: 'test transaction', status: 'posted' });
      assert.equal(accountById(tx, '1007861929').bank_name, 'Mass Mutual Financial Group(Retirement Access)');
    },
  },
  // Docs examples: every value of the accounts file is a string; customer 41442 is an integer in the customers list.
  'docs accounts + docs page': {
    files: ['finicity-accounts.lakey-docs.json', 'finicity-customers-list.lakey-docs.json', 'finicity-transactions.lakey-docs.json', 'finicity-institutions-list.lakey-sandbox.json'],
    companions: {
      institution: { institution: { id: 101732, name: 'Docs Bank' } },
      // The docs page's accounts 98684 and 98689 are in no published accounts file.
      accounts: { accounts: [98684, 98689].map((id) => ({ id, type: 'checking', customerId: 41442, institutionId: 5 })) },
    },
    check: (doc, tx) => {
      assert.equal(doc.txn_count, 2);
      // loan: not reversed, not depository; creditCard: not depository. Balances as given ("-1234.56").
      const loan = accountById(tx, '2083');
      assert.deepEqual([loan.account_type, loan.is_depository, loan.bank_name, loan.account_holder], ['Loan', false, 'Docs Bank', 'Ron Smith']);
      assert.deepEqual([accountById(tx, '3203').account_type, accountById(tx, '3203').aggregator_account_type], ['Credit Card', 'creditCard']);
      assert.equal(accountById(tx, '98684').bank_name, 'Chase');
      // memo equals description: not repeated. 1450852000 = 2015-12-23T06:26:40Z; 1450152000 = 2015-12-15T04:00Z.
      assert.deepEqual(essentials(txnById(tx, '805353')), { amount: '-59.56', txn_date: '12/23/2015', description: 'VERIZON WIRELESS PAYMENTS', status: 'posted' });
      assert.deepEqual(essentials(txnById(tx, '805350')), { amount: '647.96', txn_date: '12/15/2015', description: 'Square Inc 168P2', status: 'posted' });
      assert.equal(txnsOf(tx, accountById(tx, '98689'))[0]?.category, 'Income');
    },
  },
};

/** Finicity responses that are not parts of a bundle: each is REJECTED on its own, named for what it is. */
const FINICITY_NON_PARTS: Record<string, RegExp> = {
  'finicity-institution-login-form.lakey-docs.json': /institution login form/,
  'finicity-report-start-voa.lakey-docs.json': /report-start response/,
  'finicity-report-start-voi.lakey-docs.json': /report-start response/,
  'finicity-reports-list.lakey-docs.json': /list of reports/,
  'finicity-customer-create.lakey-docs.json': /add-customer or add-consumer response/,
  'finicity-consumer-create.lakey-docs.json': /add-customer or add-consumer response/,
};

async function ingestBundle(bundle: FinicityBundle, use: (docs: IngestedDocument[], tx: TransactionsObject) => void): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'bookstream-conformance-'));
  try {
    const companions = Object.entries(bundle.companions ?? {}).map(([name, value]) => {
      const path = join(folder, `${name}.json`);
      writeFileSync(path, JSON.stringify(value));
      return path;
    });
    await withBook(async (book) => use(await book.ingest([...bundle.files.map((name) => `${CONFORMANCE_DIR}${name}`), ...companions]), await book.transactions()));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (existsSync(CONFORMANCE_DIR)) {
  const finicityFiles = readdirSync(CONFORMANCE_DIR).filter((name) => name.startsWith('finicity-') && name.endsWith('.json')).sort();

  test('every Finicity conformance file is in a bundle below or named as a non-part', () => {
    const covered = new Set([...Object.values(FINICITY_BUNDLES).flatMap((bundle) => bundle.files), ...Object.keys(FINICITY_NON_PARTS)]);
    assert.deepEqual(finicityFiles.filter((name) => !covered.has(name)), []);
  });

  for (const [name, bundle] of Object.entries(FINICITY_BUNDLES)) {
    test(`conformance: Finicity ${name}`, async () => {
      await ingestBundle(bundle, (docs, tx) => {
        const doc = acceptedDocument(docs);
        assert.deepEqual([doc.format, doc.source, doc.files.length], ['FINICITY_BUNDLE', 'FINICITY', bundle.files.length + Object.keys(bundle.companions ?? {}).length]);
        bundle.check(doc, tx);
      });
    });
  }

  test('conformance: the docs page without its companions is REJECTED, naming both missing accounts and the institution', async () => {
    const files = ['finicity-accounts.lakey-docs.json', 'finicity-customers-list.lakey-docs.json', 'finicity-transactions.lakey-docs.json'];
    await ingestBundle({ files, check: () => {} }, (docs) => {
      assert.equal(docs[0]?.status, 'REJECTED');
      const reason = docs[0]!.reason!;
      assert.match(reason, /Finicity bundle rejected \(4 problems\)/);
      assert.match(reason, /account 2083 refers to institutionId 101732/);
      assert.match(reason, /account 3203 refers to institutionId 101732/);
      assert.match(reason, /accountId 98684/);
      assert.match(reason, /accountId 98689/);
    });
  });

  for (const [name, says] of Object.entries(FINICITY_NON_PARTS)) {
    test(`conformance: ${name} is not a bundle part`, async () => {
      await withBook(async (book) => {
        const [doc] = await ingestPaths(book, [`${CONFORMANCE_DIR}${name}`]);
        assert.equal(doc?.status, 'REJECTED');
        assert.match(doc!.reason!, /not a part of a Finicity bundle/);
        assert.match(doc!.reason!, says);
      });
    });
  }
}
