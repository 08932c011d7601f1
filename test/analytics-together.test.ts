/**
 * Figures are computed for many accounts at once (one statement over a set of accounts), and read a set
 * of accounts at a time. An account's figures must not depend on which accounts share its set: each
 * account of a 40-account book must have exactly the figures it has in a book of its own, also after a
 * second document touches some of them (only those are recomputed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountSummary } from '../src/report/summary.js';
import { withCanonicalBook, type DocumentSpec, type TxnSpec } from './helpers/canonical-book.js';
import { day, generator, money } from './helpers/lcg.js';



/** Account `n` of document `round`: transactions of every kind, known points of every kind, and every fifth with a statement. */
function accountDocument(n: number, round: number): DocumentSpec {
  const int = generator(n * 7 + round * 1_001 + 1);
  const id = `acct-${n}`;
  const txns: TxnSpec[] = Array.from({ length: int(0, 25) }, (_, index) => {
    const kind = int(0, 9);
    const cents = kind < 2 ? -int(1, 5) * 10_000 : kind < 4 ? -12_345 : int(-90_000, 120_000);
    const status = kind === 9 ? 'pending' : 'posted';
    return { account: id, id: `${id}-t${int(0, 40)}`, date: day(int(0, 120)), amount: money(cents), status, description: `row ${index}` };
  });
  const kinds = ['end_of_day', 'anchor', 'statement_start'] as const;
  const points = Array.from({ length: int(0, 3) }, () => ({ account: id, date: day(int(-5, 130)), balance: money(int(-50_000, 90_000)), kind: kinds[int(0, 2)]! }));
  const begin = int(0, 60);
  const periods = n % 5 === 0 ? [{ account: id, begin: day(begin), end: day(begin + int(10, 40)), beginBalance: money(int(0, 90_000)), endBalance: money(int(0, 90_000)) }] : [];
  return { accounts: [{ id, depository: n % 6 !== 0 }], txns, points, periods };
}

function merged(documents: readonly DocumentSpec[]): DocumentSpec {
  return {
    accounts: documents.flatMap((document) => document.accounts ?? []),
    txns: documents.flatMap((document) => document.txns ?? []),
    points: documents.flatMap((document) => document.points ?? []),
    periods: documents.flatMap((document) => document.periods ?? []),
  };
}

/** An account's summary without the pks, which differ from one book to another. */
function withoutPks(account: AccountSummary): unknown {
  return JSON.parse(JSON.stringify(account, (key, value) => (['pk', 'bank_account_pk', 'uploaded_doc_pk'].includes(key) ? undefined : value)));
}

const ACCOUNTS = Array.from({ length: 40 }, (_, n) => n);
const EXTRAS = 'weekday_balances,probable_recurring_txns';

test('each of 40 accounts has the figures it has alone, before and after a document touching every third one', async () => {
  const first = merged(ACCOUNTS.map((n) => accountDocument(n, 0)));
  const second = merged(ACCOUNTS.filter((n) => n % 3 === 0).map((n) => accountDocument(n, 1)));
  await withCanonicalBook([first], async (book) => {
    const together = (await book.summary(EXTRAS)).bank_accounts;
    book.write(second);
    assert.equal((await book.refresh()).length, 14, 'accounts 0, 3, …, 39 recomputed');
    const after = (await book.summary(EXTRAS)).bank_accounts;
    for (const n of ACCOUNTS) {
      const documents = n % 3 === 0 ? [accountDocument(n, 0), accountDocument(n, 1)] : [accountDocument(n, 0)];
      await withCanonicalBook(documents.slice(0, 1), async (alone) => {
        assert.deepEqual(withoutPks(together[n]!), withoutPks((await alone.summary(EXTRAS)).bank_accounts[0]!), `account ${n}, first document`);
        if (documents.length > 1) alone.write(documents[1]!);
        assert.deepEqual(withoutPks(after[n]!), withoutPks((await alone.summary(EXTRAS)).bank_accounts[0]!), `account ${n}, after the second`);
      });
    }
  });
});
