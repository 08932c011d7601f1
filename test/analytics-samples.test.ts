import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccountSummary, BookSummary } from '../src/index.js';
import { acceptedDocument, dataFile, withBook } from './helpers/books.js';

const CHECKING = 'fEAJB2zgZJx344OK6aRQztnuOUse8XB5MwSp0';
const STATEMENT_CHECKING = '5f1c2a9e-7b3d-4e8a-9c61-2d4b8f0e7a13';

function accountOf(summary: BookSummary, id: string): AccountSummary {
  const found = summary.bank_accounts.find((account) => account.source_account_id === id);
  assert.ok(found !== undefined, `account ${id}`);
  return found;
}

/** Values worked out by hand in data/README.md (canonical sign: + is money in). */
describe('analytics on the sample exports (data/README.md)', () => {
  it('walks the asset report checking account back from its anchor, through the February overdraft', async () => {
    await withBook(async (book) => {
      acceptedDocument(await book.ingest([dataFile('plaid-asset-report.json')]));
      const checking = accountOf(await book.summary(), CHECKING);
      // Jan 3–31 (29) + Feb (29) + Mar (31) + Apr 1.
      assert.equal(checking.total_days, 90);
      const balances = checking.daily_balances!;
      assert.deepEqual(
        ['01/03/2024', '02/19/2024', '02/20/2024', '02/21/2024', '02/22/2024', '02/23/2024', '03/28/2024', '03/29/2024', '04/01/2024'].map((day) => balances[day]),
        ['7758.62', '484.78', '-1001.52', '-1036.52', '-1036.52', '3373.73', '6651.71', '4344.50', '6204.50'],
      );
      assert.deepEqual(checking.negative_balances_by_month, {
        '01/2024': [], '02/2024': ['02/20/2024', '02/21/2024', '02/22/2024'], '03/2024': [], '04/2024': [],
      });
      // Opening 4918.62; month sums Jan 1380.58, Feb −2413.47, Mar 458.77, Apr 1 +1860.00 (the pending −156.32 is not counted).
      assert.deepEqual(
        checking.periods.map((p) => [p.begin_date, p.end_date, p.begin_balance, p.end_balance, p.calculated_end_balance, Object.values(p.period_month_txns)[0]]),
        [
          ['01/03/2024', '01/31/2024', '4918.62', '6299.20', '6299.20', 10],
          ['02/01/2024', '02/29/2024', '6299.20', '3885.73', '3885.73', 8],
          ['03/01/2024', '03/31/2024', '3885.73', '4344.50', '4344.50', 5],
          ['04/01/2024', '04/01/2024', '4344.50', '6204.50', '6204.50', 1],
        ],
      );
      // Jan deposits: 2840.00, 1675.00, 3125.60.
      assert.deepEqual(checking.deposit_max_by_month['01/2024']!.map((t) => [t.amount, t.txn_date]), [['3125.60', '01/26/2024']]);
      assert.deepEqual(checking.deposit_min_by_month['01/2024']!.map((t) => [t.amount, t.txn_date]), [['1675.00', '01/12/2024']]);
      // −1200.00 twice, the two −200.00 ATM rows, −1200.00 again and +500.00 (2840.00, 1675.00, 2150.00 are not multiples of 100).
      assert.deepEqual(checking.round_number_txns.map((t) => [t.amount, t.txn_date]), [
        ['-1200.00', '01/10/2024'], ['-200.00', '01/22/2024'], ['-200.00', '01/22/2024'], ['-1200.00', '02/09/2024'], ['500.00', '02/26/2024'],
      ]);
    });
  });

  it('finds the payroll, the transfers and the same-day ATM pair as recurring, and flags them', async () => {
    await withBook(async (book) => {
      acceptedDocument(await book.ingest([dataFile('plaid-asset-report.json')]));
      const groups = accountOf(await book.summary({ extraFields: ['probable_recurring_txns'] }), CHECKING).probable_recurring_txns!;
      assert.deepEqual(groups.map((group) => [group[0]!.amount, group[0]!.txn_date, group.length]), [
        ['-2307.21', '01/05/2024', 7], // every 14 days, 01-05 … 03-29
        ['-1200.00', '01/10/2024', 2], // 01-10 and 02-09, 30 days apart
        ['-200.00', '01/22/2024', 2], // same day
      ]);
      const flagged = (await book.transactions()).txns.filter((txn) => txn.is_recurring && txn.description.startsWith('GUSTO'));
      assert.equal(flagged.length, 7);
    });
  });

  it('extends the account with a later /transactions/get pull and recomputes it', async () => {
    await withBook(async (book) => {
      acceptedDocument(await book.ingest([dataFile('plaid-asset-report.json')]));
      assert.equal(accountOf(await book.summary(), CHECKING).total_days, 90);
      acceptedDocument(await book.ingest([dataFile('plaid-transactions-page-1.json'), dataFile('plaid-transactions-page-2.json')]));
      const checking = accountOf(await book.summary({ extraFields: 'probable_recurring_txns' }), CHECKING);
      // + Apr 2–30 (29) + May 1–10 (10).
      assert.equal(checking.total_days, 129);
      // 04-02 is the asset report's anchor; later days walk back from 9320.63 on 05-10.
      assert.deepEqual(['04/02/2024', '04/03/2024', '04/19/2024', '05/02/2024', '05/10/2024'].map((day) => checking.daily_balances![day]), [
        '6204.50', '6048.18', '7911.22', '9776.81', '9320.63',
      ]);
      assert.deepEqual(checking.date_min_max, { min_txn_date: '01/03/2024', max_txn_date: '05/10/2024' });
      // The payroll now runs on: 04-12, 04-26 and 05-10 join the chain of seven.
      assert.equal(checking.probable_recurring_txns![0]!.length, 10);
    });
  });

  it('uses the statements as periods, which meet', async () => {
    await withBook(async (book) => {
      acceptedDocument(await book.ingest([dataFile('plaid-bank-statements.json')]));
      const statements = accountOf(await book.summary(), STATEMENT_CHECKING);
      assert.deepEqual(
        statements.periods.map((p) => [p.begin_date, p.end_date, p.begin_balance, p.end_balance, p.calculated_end_balance, p.period_month_txns]),
        [
          ['01/01/2024', '01/31/2024', '4918.62', '6299.20', '6299.20', { '01/2024': 10 }],
          ['02/01/2024', '02/29/2024', '6299.20', '3885.73', '3885.73', { '02/2024': 8 }],
        ],
      );
      assert.deepEqual(statements.period_balance_mismatches, []);
      // The walk back from 01-31's 6299.20 reaches 01-03 at 7758.62, as in the asset report.
      assert.equal(statements.daily_balances!['01/03/2024'], '7758.62');
    });
  });

  it('rejects an unknown extra field with a usage error', async () => {
    await withBook(async (book) => {
      await assert.rejects(book.summary({ extraFields: 'nsf_counts' }), { name: 'UsageError', message: /unknown extra field nsf_counts/ });
    });
  });
});
