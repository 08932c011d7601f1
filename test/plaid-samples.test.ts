// The hand-made samples of data/ (see data/README.md), ingested through the library API.
// Every expected value below was worked out by hand from the sample files; the arithmetic is in the comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  acceptedDocument, accountById, accountFields, dataFile, essentials, ingestPaths, isoOf, sumCents, txnById, txnsOf,
  withBook, type TransactionsObject,
} from './helpers/books.js';

const ASSET_REPORT = dataFile('plaid-asset-report.json');
const PAGE_1 = dataFile('plaid-transactions-page-1.json');
const PAGE_2 = dataFile('plaid-transactions-page-2.json');
const STATEMENTS = dataFile('plaid-bank-statements.json');

// One Plaid Item: the asset report and the /transactions/get pull share these account ids.
const CHECKING_ID = 'fEAJB2zgZJx344OK6aRQztnuOUse8XB5MwSp0';
const SAVINGS_ID = 'XV2GUjGZZ34R3na5gBAFSn92jT9MTGDKLM09C';
const STATEMENT_ACCOUNT_ID = '5f1c2a9e-7b3d-4e8a-9c61-2d4b8f0e7a13';

// report.user of the asset report: none of it may reach the SQLite file.
const USER_SSN = '900-12-3456';
const USER_EMAIL = 'dana.reyes.home@example.net';
const USER_PHONE = '1-512-555-0147';

const PLAID_ITEM_ACCOUNTS = {
  checking: {
    name: 'Business Checking', account_type: 'Checking', account_number: '4821', bank_name: 'Bluebonnet Community Bank',
    source: 'PLAID', source_account_id: CHECKING_ID,
  },
  savings: {
    name: 'Business Savings', account_type: 'Savings', account_number: '7310', bank_name: 'Bluebonnet Community Bank',
    source: 'PLAID', source_account_id: SAVINGS_ID,
  },
};
// owners[0]: names[0] is the holder; the PRIMARY address is the second entry of `addresses` (the first is not primary).
const ASSET_REPORT_HOLDER = {
  account_holder: 'Acme Plumbing LLC', holder_address_1: '1420 E Cesar Chavez St', holder_address_2: null, holder_city: 'Austin',
  holder_state: 'TX', holder_zip: '78702', holder_country: 'US',
};
const NO_HOLDER = {
  account_holder: null, holder_address_1: null, holder_address_2: null, holder_city: null, holder_state: null, holder_zip: null, holder_country: null,
};

/** txns come ordered by bank_account_pk, then date, then pk (context: book.transactions()). */
function assertOrdered(transactions: TransactionsObject): void {
  const keys = transactions.txns.map((txn) => [txn.bank_account_pk, isoOf(txn.txn_date), txn.pk] as const);
  const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]) || a[2] - b[2]);
  assert.deepEqual(keys, sorted, 'txns ordered by bank_account_pk, date, pk');
}

test('asset report: document, accounts and holder fields', async () => {
  await withBook(async (book) => {
    const doc = acceptedDocument(await ingestPaths(book, [ASSET_REPORT]));
    // 25 checking rows (24 posted + 1 pending) + 10 savings rows = 35.
    assert.deepEqual(
      { format: doc.format, source: doc.source, txn_count: doc.txn_count, duplicate_of: doc.duplicate_of },
      { format: 'PLAID_ASSET_REPORT', source: 'PLAID', txn_count: 35, duplicate_of: null },
    );
    const tx = await book.transactions();
    assert.equal(Object.keys(tx.bank_accounts).length, 2);
    assert.deepEqual(accountFields(accountById(tx, CHECKING_ID)), { ...PLAID_ITEM_ACCOUNTS.checking, ...ASSET_REPORT_HOLDER });
    assert.deepEqual(accountFields(accountById(tx, SAVINGS_ID)), { ...PLAID_ITEM_ACCOUNTS.savings, ...ASSET_REPORT_HOLDER });

    const info = await book.info();
    assert.equal(info.name, 'acme');
    // Keyed by pk, as the /transaction object keys them.
    assert.deepEqual(Object.keys(info.bank_accounts), Object.keys(tx.bank_accounts));
    assert.deepEqual(Object.values(info.bank_accounts).map((account) => account.source_account_id), [CHECKING_ID, SAVINGS_ID]);
    assert.deepEqual(info.docs.map((d) => [d.pk, d.status]), [[doc.pk, 'VERIFICATION_COMPLETE']]);
  });
});

test('asset report: exact canonical amounts, dates and descriptions (Plaid sign flipped)', async () => {
  await withBook(async (book) => {
    const doc = acceptedDocument(await ingestPaths(book, [ASSET_REPORT]));
    const tx = await book.transactions();
    const row = (id: string) => essentials(txnById(tx, id));
    const posted = (amount: string, txn_date: string, description: string) => ({ amount, txn_date, description, status: 'posted' });

    // Plaid 2307.21 (payroll going out) → -2307.21
    assert.deepEqual(row('tN62OYXDiV3mVOkXiKPkDGlpLSB0lRAFU8WUh'), posted('-2307.21', '01/05/2024', 'GUSTO NET PAY 7734 ACME PLUMBING'));
    // Plaid 45.5 → -45.50
    assert.deepEqual(row('ekSSpSXBGp99mHJ87f3zp94259j6mzy8jemf1'), posted('-45.50', '01/08/2024', 'SHELL OIL 57444 AUSTIN TX'));
    // Plaid 1200 (an integer JSON number) → -1200.00 in checking; the savings side, Plaid -1200 → 1200.00
    assert.deepEqual(row('vaWDfJkc84XnXfRTX0RJuTkjt0NmBLkpy8e7f'), posted('-1200.00', '01/10/2024', 'ONLINE TRANSFER TO SAV XXXXXX7310'));
    assert.deepEqual(row('eIfwS5pyIfUsVNQZYcOriRARdUuBr5PuXlZBT'), posted('1200.00', '01/10/2024', 'ONLINE TRANSFER FROM CHK XXXXXX4821'));
    // Plaid 0.1 → -0.10
    assert.deepEqual(row('1HAXZMFdqMBF8iy55nZCR2j9fJU3uykOcj7YG'), posted('-0.10', '01/29/2024', 'PAYPAL ACCTVERIFY'));
    // customer deposit, Plaid -2840 → 2840.00; -3125.6 → 3125.60
    assert.deepEqual(row('B0Od8BiI56pR3D0Jr4zDxztTbbXzDLkl7KV0W'), posted('2840.00', '01/03/2024', 'ACH CREDIT STRIPE TRANSFER ST-K4M8Q2 ACME PLUMBING'));
    assert.deepEqual(row('hK1YGY6iwTlgIYUGRKX7sxRdEkXDtFqPX5srN'), posted('3125.60', '01/26/2024', 'ACH CREDIT STRIPE TRANSFER ST-P9R3T7 ACME PLUMBING'));
    // NSF fee, Plaid 35 → -35.00
    assert.deepEqual(row('ocOa34luNvH6T3nmbYigg1KyiOLGJU2eS4ol5'), posted('-35.00', '02/21/2024', 'NSF FEE PAID ITEM 02/20'));
    // refund, Plaid -12 → 12.00
    assert.deepEqual(row('0Hf4a5Tcjap9NeDY8OevhLmgk0l6VHzC98pQV'), posted('12.00', '02/28/2024', 'AMZN MKTP US*2K4LM7Q80 REFUND'));
    // savings interest, Plaid -3.86 → 3.86
    assert.deepEqual(row('Da1AAeL9v7xHpVOUJxtXNokqrffXKMzEMovvS'), posted('3.86', '01/31/2024', 'INTEREST PAYMENT'));
    // the pending row is kept, flagged: Plaid 156.32 pending → -156.32, status pending
    assert.deepEqual(row('ADl2vXJjEGhBKsx85v7oCuVHoPholTP4MHT46'),
      { amount: '-156.32', txn_date: '04/01/2024', description: 'HOME DEPOT #6542 AUSTIN TX', status: 'pending' });

    // Both 01/22 ATM withdrawals (same date, amount and text, different transaction_id) are kept.
    assert.equal(row('RBAryekMHQLICy1zfOKRCEBUP9Yp4d8j34mDY').amount, '-200.00');
    assert.equal(row('CFnhUZKlI1BUGeaZU09rWg4CvIrK9KTFe7TnD').amount, '-200.00');

    const checking = accountById(tx, CHECKING_ID);
    const savings = accountById(tx, SAVINGS_ID);
    assert.equal(txnsOf(tx, checking, 'posted').length, 24);
    assert.equal(txnsOf(tx, checking, 'pending').length, 1);
    assert.equal(txnsOf(tx, savings, 'posted').length, 10);
    assert.equal(tx.txns.length, 35);
    // Checking posted sum = anchor − start = 6204.50 − 4918.62 = 1285.88 (per month: Jan 1380.58, Feb −2413.47,
    // Mar 458.77, Apr 1 1860.00; 1380.58 − 2413.47 + 458.77 + 1860.00 = 1285.88). Savings: 4653.59 − 8437.19 = −3783.60.
    assert.equal(sumCents(txnsOf(tx, checking, 'posted')), 128588);
    assert.equal(sumCents(txnsOf(tx, checking, 'pending')), -15632);
    assert.equal(sumCents(txnsOf(tx, savings, 'posted')), -378360);
    assert.ok(tx.txns.every((txn) => txn.uploaded_doc_pk === doc.pk));
    assertOrdered(tx);
  });
});

test('asset report: re-ingesting the same file returns duplicate_of and adds nothing', async () => {
  await withBook(async (book) => {
    const first = acceptedDocument(await ingestPaths(book, [ASSET_REPORT]));
    const again = (await ingestPaths(book, [ASSET_REPORT]))[0];
    assert.ok(again !== undefined);
    // "re-ingesting identical bytes … returns the earlier document with duplicate_of set to its pk"
    assert.equal(again.duplicate_of, first.pk);
    assert.equal(again.pk, first.pk);
    assert.equal(again.sha256, first.sha256);
    assert.equal((await book.transactions()).txns.length, 35);
    assert.equal((await book.info()).docs.length, 1);
  });
});

// The checking row that both pages carry, with a corrected amount and description on page 2.
const CHECK_1043 = 'jjTC0j1JWdpgHCmvxtOv3PUAVzZdfxEyJnCRH';
// The savings row that both pages carry unchanged.
const COMPTROLLER = 'Z5SEPi3nGnUSSjfCFudf4QP9f9ypPsockxj1x';

test('transactions/get: two overlapping pages form one document; page 2 wins the repeated row', async () => {
  await withBook(async (book) => {
    const doc = acceptedDocument(await ingestPaths(book, [PAGE_1, PAGE_2]));
    // page 1: 11 rows, page 2: 10 rows, 2 ids on both → 11 + 10 − 2 = 19 distinct (= total_transactions).
    assert.equal(doc.format, 'PLAID_TRANSACTIONS');
    assert.equal(doc.files.length, 2);
    assert.equal(doc.txn_count, 19);
    const tx = await book.transactions();
    assert.equal(tx.txns.length, 19);
    assert.equal(new Set(tx.txns.map((txn) => txn.source_txn_id)).size, 19);

    const row = (id: string) => essentials(txnById(tx, id));
    // Page 1: CHECK 1043, 1250, name only. Page 2 (later file): 1205 with original_description → page 2 wins.
    assert.deepEqual(row(CHECK_1043), { amount: '-1205.00', txn_date: '04/19/2024', description: 'CHECK 1043 ROTO-SUPPLY INC', status: 'posted' });
    assert.deepEqual(row(COMPTROLLER), { amount: '-603.27', txn_date: '04/22/2024', description: 'TEXAS COMPTROLLER WEBFILE TAX PYMT', status: 'posted' });
    // original_description wins over name ("Gusto").
    assert.deepEqual(row('a6v2w97TjFJ1y4t0AhnopFnWtxyO19Jm4w0eH'), { amount: '-2307.21', txn_date: '05/10/2024', description: 'GUSTO NET PAY 7734 ACME PLUMBING', status: 'posted' });
    // no original_description key → name; Plaid -1920 → 1920.00
    assert.deepEqual(row('89cVfowO3foIG3rljqr2U3u6jXnk8c5mIg4Kc'), { amount: '1920.00', txn_date: '05/06/2024', description: 'Mobile Deposit', status: 'posted' });
    // pending row (original_description: null → name) and its posted version (pending_transaction_id) are both kept.
    assert.deepEqual(row('79dRtqxNDvQFFMISppapGDOVToJG7ePTqMwFY'), { amount: '-56.97', txn_date: '05/02/2024', description: 'SQ *AUSTIN TACO CO', status: 'pending' });
    assert.deepEqual(row('jcV427r3Gdw8oIbg1thegYamydwoUI28W31RD'), { amount: '-68.97', txn_date: '05/03/2024', description: 'SQ *AUSTIN TACO CO AUSTIN TX', status: 'posted' });
    // the posted version of the asset report's pending Home Depot row; Plaid -1.41 interest → 1.41 in savings
    assert.deepEqual(row('mJJ9mP0RSAqCUBYhLkPaQgFnWM4NL1CTyFnyK'), { amount: '-156.32', txn_date: '04/03/2024', description: 'HOME DEPOT #6542 AUSTIN TX', status: 'posted' });
    assert.deepEqual(row('oyPTQ3kljyVB2ZZ4o7MSgruqt4bKMnvlodidu'), { amount: '1.41', txn_date: '04/30/2024', description: 'Interest Payment', status: 'posted' });

    // Accounts come from accounts[]; the bank name from item.institution_name, which follows the transactions;
    // /transactions/get carries no owners, so no holder.
    const checking = accountById(tx, CHECKING_ID);
    const savings = accountById(tx, SAVINGS_ID);
    assert.deepEqual(accountFields(checking), { ...PLAID_ITEM_ACCOUNTS.checking, ...NO_HOLDER });
    assert.deepEqual(accountFields(savings), { ...PLAID_ITEM_ACCOUNTS.savings, ...NO_HOLDER });

    // Checking: 15 rows, 14 posted + 1 pending. Posted sum = 9320.63 (page 2 current) − 6204.50 (asset anchor)
    // = 3116.13: in 3980.75 + 2640 + 5105.90 + 1920 = 13646.65; out 156.32 + 45.50 + 2307.21×3 + 1200 + 1205
    // + 718.44 + 214.66 + 68.97 = 10530.52; 13646.65 − 10530.52 = 3116.13. Savings: 4 posted,
    // 1200 − 3850 − 603.27 + 1.41 = −3251.86 (4653.59 → 1401.73).
    assert.equal(txnsOf(tx, checking, 'posted').length, 14);
    assert.equal(txnsOf(tx, checking, 'pending').length, 1);
    assert.equal(txnsOf(tx, savings).length, 4);
    assert.equal(sumCents(txnsOf(tx, checking, 'posted')), 311613);
    assert.equal(sumCents(txnsOf(tx, checking, 'pending')), -5697);
    assert.equal(sumCents(txnsOf(tx, savings, 'posted')), -325186);
    assertOrdered(tx);
  });
});

test('transactions/get: pages given out of order are read in name order, as Finicity pages are: page 2 still wins', async () => {
  const ordered = await withBook(async (book) => (acceptedDocument(await ingestPaths(book, [PAGE_1, PAGE_2])), book.summary()));
  await withBook(async (book) => {
    const doc = acceptedDocument(await ingestPaths(book, [PAGE_2, PAGE_1]));
    assert.deepEqual(doc.files, [PAGE_1, PAGE_2], 'the order the files were read in');
    // Page 1 has CHECK 1043 for 1250 (name only), page 2 for 1205 with its original_description.
    assert.deepEqual(essentials(txnById(await book.transactions(), CHECK_1043)),
      { amount: '-1205.00', txn_date: '04/19/2024', description: 'CHECK 1043 ROTO-SUPPLY INC', status: 'posted' });
    // The anchor is page 2's balances.current (9320.63, not page 1's 9275.63), so every figure agrees too.
    assert.deepEqual(await book.summary(), ordered);
  });
});

test('transactions/get: the pages ingested one after the other — the later document wins, nothing doubles', async () => {
  await withBook(async (book) => {
    const first = acceptedDocument(await ingestPaths(book, [PAGE_1]));
    assert.equal(first.txn_count, 11);
    let tx = await book.transactions();
    assert.deepEqual(essentials(txnById(tx, CHECK_1043)), { amount: '-1250.00', txn_date: '04/19/2024', description: 'CHECK 1043', status: 'posted' });

    const second = acceptedDocument(await ingestPaths(book, [PAGE_2]));
    assert.notEqual(second.pk, first.pk);
    assert.equal(second.duplicate_of, null);
    assert.equal(second.txn_count, 10);
    tx = await book.transactions();
    assert.equal(tx.txns.length, 19); // 11 + 10 − 2 repeated
    const check = txnById(tx, CHECK_1043);
    assert.deepEqual(essentials(check), { amount: '-1205.00', txn_date: '04/19/2024', description: 'CHECK 1043 ROTO-SUPPLY INC', status: 'posted' });
    assert.equal(check.uploaded_doc_pk, second.pk, 'the stored copy is the one from the later document');
    assert.equal(Object.keys(tx.bank_accounts).length, 2);
  });
});

test('transactions/get: re-ingesting the same pages returns duplicate_of', async () => {
  await withBook(async (book) => {
    const first = acceptedDocument(await ingestPaths(book, [PAGE_1, PAGE_2]));
    const again = (await ingestPaths(book, [PAGE_1, PAGE_2]))[0];
    assert.equal(again?.duplicate_of, first.pk);
    assert.equal((await book.transactions()).txns.length, 19);
  });
});

test('bank statements: ids <document_id>#<i>, identical rows kept, statement account fields', async () => {
  await withBook(async (book) => {
    const doc = acceptedDocument(await ingestPaths(book, [STATEMENTS]));
    // January statement 10 rows + February statement 8 rows = 18, one account (same account_id on both).
    assert.equal(doc.format, 'PLAID_BANK_STATEMENTS');
    assert.equal(doc.txn_count, 18);
    const tx = await book.transactions();
    assert.equal(Object.keys(tx.bank_accounts).length, 1);
    const account = accountById(tx, STATEMENT_ACCOUNT_ID);
    assert.deepEqual(accountFields(account), {
      name: 'BLUEBONNET BUSINESS CHECKING', account_type: 'Checking', account_number: '000074821',
      bank_name: 'BLUEBONNET COMMUNITY BANK', source: 'PLAID', source_account_id: STATEMENT_ACCOUNT_ID,
      account_holder: 'ACME PLUMBING LLC', holder_address_1: '1420 E CESAR CHAVEZ ST', holder_address_2: null, holder_city: 'AUSTIN',
      holder_state: 'TX', holder_zip: '78702', holder_country: 'US',
    });

    const expectedIds = [
      ...Array.from({ length: 10 }, (_, i) => `q8rtz3kwm#${i}`),
      ...Array.from({ length: 8 }, (_, i) => `v2nxp7jds#${i}`),
    ];
    assert.deepEqual(tx.txns.map((txn) => txn.source_txn_id).sort(), expectedIds.sort());

    const row = (id: string) => essentials(txnById(tx, id));
    const atm = { amount: '-200.00', txn_date: '01/22/2024', description: 'ATM WITHDRAWAL 0412 E 6TH ST AUSTIN TX', status: 'posted' };
    // rows 6 and 7 of the January statement are identical: both stay
    assert.deepEqual(row('q8rtz3kwm#6'), atm);
    assert.deepEqual(row('q8rtz3kwm#7'), atm);
    assert.deepEqual(row('q8rtz3kwm#0'), { amount: '2840.00', txn_date: '01/03/2024', description: 'ACH CREDIT STRIPE TRANSFER ST-K4M8Q2 ACME PLUMBING', status: 'posted' });
    assert.deepEqual(row('q8rtz3kwm#9'), { amount: '-0.10', txn_date: '01/29/2024', description: 'PAYPAL ACCTVERIFY', status: 'posted' });
    assert.deepEqual(row('v2nxp7jds#0'), { amount: '-2307.21', txn_date: '02/02/2024', description: 'GUSTO NET PAY 7734 ACME PLUMBING', status: 'posted' });
    assert.deepEqual(row('v2nxp7jds#4'), { amount: '-35.00', txn_date: '02/21/2024', description: 'NSF FEE PAID ITEM 02/20', status: 'posted' });
    assert.deepEqual(row('v2nxp7jds#7'), { amount: '12.00', txn_date: '02/28/2024', description: 'AMZN MKTP US*2K4LM7Q80 REFUND', status: 'posted' });

    // January: 4918.62 → 6299.20, sum 1380.58; February: 6299.20 → 3885.73, sum −2413.47.
    const ofStatement = (documentId: string) => tx.txns.filter((txn) => txn.source_txn_id.startsWith(`${documentId}#`));
    assert.equal(sumCents(ofStatement('q8rtz3kwm')), 138058);
    assert.equal(sumCents(ofStatement('v2nxp7jds')), -241347);
    assertOrdered(tx);

    const again = (await ingestPaths(book, [STATEMENTS]))[0];
    assert.equal(again?.duplicate_of, doc.pk);
    assert.equal((await book.transactions()).txns.length, 18);
  });
});

test('report.user (ssn, email, phone) is stored nowhere in the SQLite file', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'bookstream-samples-'));
  const dbFile = join(folder, 'samples.db');
  try {
    await withBook(async (book) => {
      acceptedDocument(await ingestPaths(book, [ASSET_REPORT]));
      acceptedDocument(await ingestPaths(book, [PAGE_1, PAGE_2]));
      acceptedDocument(await ingestPaths(book, [STATEMENTS]));
    }, dbFile);

    const secrets = [USER_SSN, USER_SSN.replaceAll('-', ''), USER_EMAIL, USER_PHONE];
    // A value the scan must find, so that a scan which reads nothing cannot pass.
    const control = 'GUSTO NET PAY 7734 ACME PLUMBING';
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    let cells = 0;
    let controlSeen = false;
    try {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
      assert.ok(tables.length > 0);
      for (const { name } of tables) {
        const rows = db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all() as Record<string, unknown>[];
        for (const row of rows) {
          for (const [column, value] of Object.entries(row)) {
            if (typeof value !== 'string' && !Buffer.isBuffer(value)) continue;
            const text = typeof value === 'string' ? value : value.toString('utf8');
            cells += 1;
            if (text.includes(control)) controlSeen = true;
            for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} found in ${name}.${column}`);
          }
        }
      }
    } finally {
      db.close();
    }
    assert.ok(cells > 0 && controlSeen, 'the scan read the stored transactions');

    // The raw bytes too (free pages, a left-over journal): "never stored anywhere in the SQLite file".
    for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-journal`].filter((path) => existsSync(path))) {
      const bytes = readFileSync(file);
      for (const secret of secrets) assert.equal(bytes.indexOf(secret), -1, `${secret} found in the bytes of ${file}`);
    }
    assert.notEqual(readFileSync(dbFile).indexOf(control), -1, 'the byte scan sees stored text');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
