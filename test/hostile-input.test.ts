/**
 * Hostile input is normal input (issue 12): every document ends with a status and a reason naming the file and
 * the path, in bounded time and memory, and one bad document never stops the others of the call. The huge and
 * deep inputs are generated here, small.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accountOf, assetReport, assetAccount, assetTxn, chunksOf, jsonText, makeTempDir, raw, removeTempDir, simpleAssetReport,
  txnsOf, writeInput, type AssetReportDoc,
} from './fixtures/make-inputs.js';
import { assertFailed, withBook, type Book, type IngestedDocument } from './helpers/books.js';

let dir = '';
before(async () => (dir = await makeTempDir()));
after(async () => removeTempDir(dir));

const TXN1 = 'report.items[0].accounts[0].transactions[1]';

/** A two-row report; row 1 (`bad`) gets the value under test. Plaid 5 out → "-5.00" for row 0. */
function reportWith(amount: unknown, date: unknown = '2023-03-28'): AssetReportDoc {
  const doc = simpleAssetReport([{ id: 'ok', amount: 5, date: '2023-03-27' }, { id: 'bad', amount: 1, date: '2023-03-28' }]);
  txnsOf(doc)[1]!.amount = amount;
  txnsOf(doc)[1]!.date = date;
  return doc;
}

/** On the calling thread (pool 0) unless told: starting a reader thread per document is most of a small test's time. */
async function ingestText(book: Book, name: string, text: string, poolSize = 0): Promise<IngestedDocument> {
  const docs = await book.ingest([await writeInput(dir, name, text)], { poolSize });
  assert.equal(docs.length, 1);
  return docs[0]!;
}


describe('amounts are judged by their text, never expanded (items 1 and 15)', () => {
  // Each used to expand to a billion digits (4 GB, then the process died), or said "expected a decimal number".
  const cases: Array<[string, string]> = [
    ['exponent 999999999', '1e999999999'],
    ['exponent -999999999', '1e-999999999'],
    ['1e20', '1e20'],
    ['30 digits', '123456789012345678901234567890'],
    ['14 integer digits', '12345678901234.5'],
    ['41 decimals', `0.${'1'.repeat(41)}`],
  ];
  for (const [name, text] of cases) {
    test(`${name}: FAILED "amount out of range" at the amount's path`, () =>
      withBook(async (book) => {
        const file = `${name.replace(/\W+/g, '-')}.json`;
        const doc = await ingestText(book, file, jsonText(reportWith(raw(text))));
        assertFailed(doc, file, `${TXN1}.amount`, /amount out of range/);
        assert.equal((await book.transactions()).txns.length, 0, 'nothing of the document is kept');
      }));
  }

  test('at the edges of the range: 13 integer digits, 40 decimals, a huge exponent of zero', () =>
    withBook(async (book) => {
      const doc = simpleAssetReport([
        // 13 integer digits; 10^14 cents stays within a book's money (2^47 ≈ 1.4 × 10^14 cents, tested below).
        { id: 'max', amount: raw('1000000000000.00') }, // out → -1000000000000.00
        { id: 'forty', amount: raw(`0.${'0'.repeat(39)}9`) }, // 9e-40 rounds to 0.00
        { id: 'zero', amount: raw('0e999999999') }, // zero, however large the exponent
        { id: 'shifted', amount: raw('123456789012e-10') }, // 12.3456789012 → out → -12.35
      ]);
      assert.equal((await ingestText(book, 'edges.json', jsonText(doc))).status, 'VERIFICATION_COMPLETE');
      const amounts = Object.fromEntries((await book.transactions()).txns.map((txn) => [txn.source_txn_id, txn.amount]));
      assert.deepEqual(amounts, { max: '-1000000000000.00', forty: '0.00', zero: '0.00', shifted: '-12.35' });
    }));
});

describe('a value nested 20,000 levels deep fails its own document; the others go on (item 2)', () => {
  // Depth of the amount's '[': root 1, report 2, items 3, item 4, accounts 5, account 6, transactions 7,
  // transaction 8, so its k-th '[' opens depth 8 + k; depth 129 (one past the limit of 128) is its 121st '['.
  const deep = '['.repeat(20_000) + ']'.repeat(20_000);
  for (const field of ['amount', 'date', 'transaction_id']) {
    for (const poolSize of [0, 1]) {
      test(`as ${field}, pool ${poolSize}`, () =>
        withBook(async (book) => {
          const good = (id: string) => jsonText(simpleAssetReport([{ id, amount: 5, accountId: `account-${id}` }], { id: `account-${id}` }));
          const text = jsonText(reportWith(2)).replace(`"${field}":${field === 'amount' ? '2' : JSON.stringify(field === 'date' ? '2023-03-28' : 'bad')}`, `"${field}":${deep}`);
          assert.ok(text.includes(deep), 'the deep value is in the document');
          const files = [await writeInput(dir, 'before.json', good('a')), await writeInput(dir, 'deep.json', text), await writeInput(dir, 'after.json', good('b'))];
          const docs = await book.ingest(files, { poolSize });
          assert.deepEqual(docs.map((doc) => doc.status), ['VERIFICATION_COMPLETE', 'FAILED', 'VERIFICATION_COMPLETE']);
          assertFailed(docs[1]!, 'deep.json', TXN1, /nesting deeper than 128 levels/);
          assert.equal(docs[1]!.error_offset, text.indexOf(`"${field}":[`) + `"${field}":`.length + 120);
          assert.deepEqual((await book.transactions()).txns.map((txn) => txn.source_txn_id), ['a', 'b']);
        }));
    }
  }
});

describe('escaped keys are exact too (item 5)', () => {
  // 1.0049999999999999 has 4 as its third decimal: exactly, it rounds to 1.00. Through a binary float it is
  // 1.005, which rounds to 1.01.
  const text = jsonText(reportWith(raw('1.0049999999999999'))).replace('"amount":1.0049999999999999', '"\\u0061mount":1.0049999999999999');

  test('an escaped amount key, in one chunk and split into 1-byte chunks', async () => {
    assert.ok(text.includes('"\\u0061mount":1.0049999999999999'));
    for (const input of ['one chunk', '1-byte chunks']) {
      await withBook(async (book) => {
        const docs = input === 'one chunk'
          ? [await ingestText(book, 'escaped.json', text)]
          : await book.ingest([chunksOf(Buffer.from(text), 1)], { name: 'escaped.json' });
        assert.equal(docs[0]!.status, 'VERIFICATION_COMPLETE', docs[0]!.reason ?? '');
        const bad = (await book.transactions()).txns.find((txn) => txn.source_txn_id === 'bad');
        assert.equal(bad?.amount, '-1.00', input); // Plaid money out
      });
    }
  });

  test("an escaped balance key (an account's current)", () =>
    withBook(async (book) => {
      // One transaction on the report's date, 2023-03-30, so that day's balance is the anchor itself.
      const doc = assetReport([assetAccount({ current: raw('1.0049999999999999'), transactions: [assetTxn({ id: 't', amount: 1, date: '2023-03-30' })] })]);
      const escaped = jsonText(doc).replace('"current":1.0049999999999999', '"\\u0063urrent":1.0049999999999999');
      assert.ok(escaped.includes('"\\u0063urrent"'));
      assert.equal((await ingestText(book, 'escaped-balance.json', escaped)).status, 'VERIFICATION_COMPLETE');
      const summary = await book.summary();
      assert.deepEqual(summary.bank_accounts[0]!.daily_balances, { '03/30/2023': '1.00' });
    }));
});

describe('reasons about personal fields name the path and the type, never the value (item 14)', () => {
  const personal = 'jane.doe@example.com +1 (555) 010-0199';
  const cases: Array<[string, (doc: AssetReportDoc) => void, string, RegExp]> = [
    ['owners is a string', (doc) => { accountOf(doc).owners = personal; }, 'owners', /expected an array, found a string/],
    ['an owner is a string', (doc) => { accountOf(doc).owners = [personal]; }, 'owners[0]', /expected an object, found a string/],
    ['an owner is a list', (doc) => { accountOf(doc).owners = [[personal, personal]]; }, 'owners[0]', /expected an object, found an array/],
  ];
  for (const [name, mutate, field, says] of cases) {
    test(name, () =>
      withBook(async (book) => {
        const doc = simpleAssetReport([{ id: 't', amount: 1 }]);
        mutate(doc);
        const file = `${name.replace(/\W+/g, '-')}.json`;
        const ingested = await ingestText(book, file, jsonText(doc));
        assertFailed(ingested, file, `report.items[0].accounts[0].${field}`, says);
        for (const part of ['jane', 'example', '555', '0199']) assert.ok(!ingested.reason!.includes(part), `the reason quotes ${part}: ${ingested.reason}`);
      }));
  }
});

describe('dates outside 1970-01-01 to 2099-12-31 fail their document (item 3)', () => {
  // 0001-01-01 and 9999-12-31 used to be accepted; every summary after ran 165 s to 4.6 GB and died.
  for (const date of ['0001-01-01', '1969-12-31', '2100-01-01', '9999-12-31']) {
    test(`a transaction dated ${date}`, () =>
      withBook(async (book) => {
        const file = `date-${date}.json`;
        const doc = await ingestText(book, file, jsonText(reportWith(1, date)));
        assertFailed(doc, file, `${TXN1}.date`, /date out of range: .*1970-01-01 to 2099-12-31/);
        assert.match(doc.reason!, new RegExp(date));
      }));
  }

  test('the first and last accepted days (in two accounts: one account spans at most 20 years)', () =>
    withBook(async (book) => {
      const doc = assetReport([
        assetAccount({ id: 'old', transactions: [assetTxn({ id: 'first', amount: 1, date: '1970-01-01', accountId: 'old' })] }),
        assetAccount({ id: 'new', transactions: [assetTxn({ id: 'last', amount: 2, date: '2099-12-31', accountId: 'new' })] }),
      ]);
      const ingested = await ingestText(book, 'edge-dates.json', jsonText(doc));
      assert.equal(ingested.status, 'VERIFICATION_COMPLETE', ingested.reason ?? '');
    }));
});

describe("one account's posted transactions and end-of-day balances span at most 20 years (item 3)", () => {
  // 2003-01-01 to 2023-01-01 is 20 × 365 + 5 leap days (2004, 2008, 2012, 2016, 2020) = 7,305 days: the most allowed.
  const report = (...dates: string[]) => jsonText(simpleAssetReport(dates.map((date, k) => ({ id: `t${k}`, amount: 1, date }))));

  test('in one document: 7,305 days are accepted, 7,306 are REJECTED naming the account and the dates', () =>
    withBook(async (book) => {
      assert.equal((await ingestText(book, 'twenty-years.json', report('2003-01-01', '2023-01-01'))).status, 'VERIFICATION_COMPLETE');
    }).then(() =>
      withBook(async (book) => {
        const doc = await ingestText(book, 'too-long.json', report('2003-01-01', '2023-01-02'));
        assert.equal(doc.status, 'REJECTED', doc.reason ?? '');
        assert.match(doc.reason!, /too-long\.json/);
        assert.match(doc.reason!, /account eG7pNLjknrFpWvP7Dkbdf3Pq6GVBPKTaQJK5v/);
        assert.match(doc.reason!, /2003-01-01 to 2023-01-02, 7306 days; at most 7305/);
        assert.equal((await book.transactions()).txns.length, 0);
      })));

  test('across documents: the document that would stretch the account is REJECTED; the book keeps the first', () =>
    withBook(async (book) => {
      assert.equal((await ingestText(book, 'early.json', report('2003-01-01'))).status, 'VERIFICATION_COMPLETE');
      const late = await ingestText(book, 'late.json', report('2023-01-02'));
      assert.equal(late.status, 'REJECTED', late.reason ?? '');
      assert.match(late.reason!, /2003-01-01 to 2023-01-02/);
      assert.deepEqual((await book.transactions()).txns.map((txn) => txn.txn_date), ['01/01/2003']);
      // The anchor (balances.current 110 as of the report date, 2023-03-30) adds no day of coverage, so it does not
      // count: the account covers 2003-01-01 alone.
      assert.equal((await book.summary()).bank_accounts[0]!.total_days, 1);
    }));
});

describe("a book's money stays within 2^47 cents, so every figure stays exact (item 4)", () => {
  // 2^46 cents = 70,368,744,177,664 = 703,687,441,776.64. No anchor: balances.current is 0, which weighs nothing.
  const HALF = '703687441776.64';
  const report = (second: string) => jsonText(simpleAssetReport(
    [{ id: 'a', amount: raw(`-${HALF}`), date: '2023-03-01' }, { id: 'b', amount: raw(`-${second}`), date: '2023-03-02' }],
    { current: 0 },
  ));

  test('at exactly 2^47 cents the book is accepted and its figures are exact', () =>
    withBook(async (book) => {
      const doc = await ingestText(book, 'at-the-limit.json', report(HALF));
      assert.equal(doc.status, 'VERIFICATION_COMPLETE', doc.reason ?? '');
      const summary = await book.summary();
      // Plaid -x is money in. Anchor 0 at the report date (03/30): 03/02 ends at 0, 03/01 at 0 − 2^46.
      // ADB = (−2^46 + 0) / 2 = −2^45 = −351,843,720,888.32; the average size of a transaction is 2^46.
      assert.deepEqual(summary.daily_balances, { '03/01/2023': `-${HALF}`, '03/02/2023': '0.00' });
      assert.equal(summary.average_daily_balance, '-351843720888.32');
      assert.deepEqual(summary.average_by_month, { '03/2023': HALF });
      assert.deepEqual(summary.average_deposit_by_month, { '03/2023': HALF });
    }));

  test('one cent more is REJECTED, and the book can still be summarized', () =>
    withBook(async (book) => {
      const doc = await ingestText(book, 'past-the-limit.json', report('703687441776.65'));
      assert.equal(doc.status, 'REJECTED', doc.reason ?? '');
      assert.match(doc.reason!, /past-the-limit\.json: .*money .*140737488355328 cents/);
      assert.equal((await book.transactions()).txns.length, 0);
      assert.equal((await book.summary()).total_days, 0);
    }));

  test('10,000 amounts of -9999999999999.99: REJECTED, never an integer overflow in a later summary', () =>
    withBook(async (book) => {
      const specs = Array.from({ length: 10_000 }, (_, k) => ({ id: `m${k}`, amount: raw('-9999999999999.99') }));
      const doc = await ingestText(book, 'mass.json', jsonText(simpleAssetReport(specs)));
      assert.equal(doc.status, 'REJECTED', doc.reason ?? '');
      assert.equal((await book.summary()).total_days, 0);
      assert.equal((await book.transactions()).txns.length, 0);
    }));

  test('across documents, the second that would pass the limit is REJECTED', () =>
    withBook(async (book) => {
      const one = (id: string) => jsonText(simpleAssetReport([{ id, amount: raw(`-${HALF}`), accountId: `account-${id}` }], { current: 0, id: `account-${id}` }));
      assert.equal((await ingestText(book, 'first-half.json', one('x'))).status, 'VERIFICATION_COMPLETE');
      assert.equal((await ingestText(book, 'second-half.json', one('y'))).status, 'VERIFICATION_COMPLETE');
      const third = await ingestText(book, 'one-cent.json', jsonText(simpleAssetReport([{ id: 'z', amount: raw('-0.01'), accountId: 'account-z' }], { current: 0, id: 'account-z' })));
      assert.equal(third.status, 'REJECTED', third.reason ?? '');
      assert.match(third.reason!, /money/);
    }));
});

describe("an Asset Report transaction belongs to the account it is listed under (item 6)", () => {
  const CHECKING = 'eG7pNLjknrFpWvP7Dkbdf3Pq6GVBPKTaQJK5v';
  const SAVINGS = '1qKRXQjk8xUWDJojNwPXTj8gEmR48piqRNye8';
  const twoAccounts = (): AssetReportDoc => assetReport([
    assetAccount({ id: CHECKING, transactions: [assetTxn({ id: 'c1', amount: 1 }), assetTxn({ id: 'c2', amount: 2 })] }),
    assetAccount({ id: SAVINGS, transactions: [assetTxn({ id: 's1', amount: 3, accountId: SAVINGS })] }),
  ]);

  function assertRejected(doc: IngestedDocument, listed: string, found: string, path: string): void {
    assert.equal(doc.status, 'REJECTED', doc.reason ?? '');
    assert.equal(doc.error_path, path);
    assert.ok(doc.reason!.includes(`account_id ${found}`) && doc.reason!.includes(`account ${listed}`), doc.reason!);
  }

  for (const poolSize of [0, 1, 2]) {
    test(`an account_id no account of the report has: REJECTED, no phantom account (pool ${poolSize})`, () =>
      withBook(async (book) => {
        const doc = twoAccounts();
        txnsOf(doc, 0)[1]!.account_id = 'phantom';
        const ingested = await ingestText(book, 'phantom.json', jsonText(doc), poolSize);
        assertRejected(ingested, CHECKING, 'phantom', 'report.items[0].accounts[0].transactions[1].account_id');
        assert.deepEqual((await book.transactions()).bank_accounts, {});
      }));
  }

  test("the other account's id: REJECTED (the row would be filed under the wrong account)", () =>
    withBook(async (book) => {
      const doc = twoAccounts();
      txnsOf(doc, 1)[0]!.account_id = CHECKING;
      assertRejected(await ingestText(book, 'misfiled.json', jsonText(doc)), SAVINGS, CHECKING, 'report.items[0].accounts[1].transactions[0].account_id');
    }));

  test("the account's own account_id after its transactions (key order is free): still checked", () =>
    withBook(async (book) => {
      /** The savings account with its account_id as its last member, after its transactions. */
      const lateId = (rowAccountId: string): string => {
        const doc = twoAccounts();
        txnsOf(doc, 1)[0]!.account_id = rowAccountId;
        const { account_id: id, ...rest } = accountOf(doc, 1);
        doc.report.items[0]!.accounts[1] = { ...rest, account_id: id };
        const text = jsonText(doc);
        assert.ok(text.indexOf(`"account_id":"${SAVINGS}"}`) > text.indexOf('"transaction_id":"s1"'), 'account_id comes last');
        return text;
      };
      assertRejected(await ingestText(book, 'late-id.json', lateId('phantom')), SAVINGS, 'phantom', 'report.items[0].accounts[1].transactions[0].account_id');
      const good = await ingestText(book, 'late-id-ok.json', lateId(SAVINGS));
      assert.equal(good.status, 'VERIFICATION_COMPLETE', good.reason ?? '');
      assert.equal(good.txn_count, 3);
    }));
});

describe('one value a reader keeps costs at most 1 MiB of JSON (item 12: "bound what one string may cost")', () => {
  test('a 2 MiB non-ASCII description fails its document at the transaction, naming the limit', () =>
    withBook(async (book) => {
      const doc = simpleAssetReport([{ id: 'ok', amount: 1 }, { id: 'huge', amount: 2, description: 'é€'.repeat(2 ** 20 / 5 * 2) }]);
      const text = jsonText(doc);
      const ingested = await ingestText(book, 'huge-description.json', text);
      assertFailed(ingested, 'huge-description.json', TXN1, /a value larger than 1048576 bytes/);
      // The error is at the transaction's first byte, its '{' (only ASCII comes before it: characters are bytes).
      assert.equal(ingested.error_offset, text.indexOf('{"account_id"', text.indexOf('"transaction_id":"ok"')));
    }));
});
