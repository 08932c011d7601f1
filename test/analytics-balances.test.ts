import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { account, balancesFrom, repeat, withCanonicalBook, type DocumentSpec } from './helpers/canonical-book.js';

/*
 * Transactions Jan 15 – Apr 4 2024 (leap year) with Feb empty, one pending row, and an anchor of 2000.00
 * on Apr 5, the day after coverage. Walking back from the anchor:
 *   04-04          2000.00 (nothing posted on 04-05)
 *   03-10 … 04-03  2000.00 − (−100.00)  = 2100.00
 *   01-20 … 03-09  2100.00 − 500.00     = 1600.00
 *   01-15 … 01-19  1600.00 − (−250.00)  = 1850.00
 *   01-14 (before coverage) 1850.00 − 1000.00 = 850.00: the first period's begin balance.
 * The pending −999.00 on Feb 10 moves nothing: counted, it would make Feb active and shift every balance before it.
 */
const JAN_TO_APRIL: DocumentSpec = {
  accounts: [{ id: 'CHK' }],
  txns: [
    { account: 'CHK', date: '2024-01-15', amount: '1000.00' },
    { account: 'CHK', date: '2024-01-20', amount: '-250.00' },
    { account: 'CHK', date: '2024-02-10', amount: '-999.00', status: 'pending' },
    { account: 'CHK', date: '2024-03-10', amount: '500.00' },
    { account: 'CHK', date: '2024-04-04', amount: '-100.00' },
  ],
  points: [{ account: 'CHK', date: '2024-04-05', balance: '2000.00' }],
};

describe('analytics: coverage, daily balances and calendar periods', () => {
  it('cuts calendar periods at the coverage ends (Jan 15 – Apr 4) with begin, end and calculated balances', async () => {
    await withCanonicalBook([JAN_TO_APRIL], async (book) => {
      const chk = account(await book.summary(), 'CHK');
      assert.deepEqual(chk.periods, [
        // Jan: 850.00 + 1000.00 − 250.00 = 1600.00; 17 days (15th … 31st), 2 posted transactions.
        { pk: null, begin_date: '01/15/2024', end_date: '01/31/2024', begin_balance: '850.00', end_balance: '1600.00',
          calculated_end_balance: '1600.00', period_month_days: { '01/2024': 17 }, period_month_txns: { '01/2024': 2 } },
        // Feb: nothing posted (the pending row does not count); 29 days in 2024.
        { pk: null, begin_date: '02/01/2024', end_date: '02/29/2024', begin_balance: '1600.00', end_balance: '1600.00',
          calculated_end_balance: '1600.00', period_month_days: { '02/2024': 29 }, period_month_txns: { '02/2024': 0 } },
        { pk: null, begin_date: '03/01/2024', end_date: '03/31/2024', begin_balance: '1600.00', end_balance: '2100.00',
          calculated_end_balance: '2100.00', period_month_days: { '03/2024': 31 }, period_month_txns: { '03/2024': 1 } },
        { pk: null, begin_date: '04/01/2024', end_date: '04/04/2024', begin_balance: '2100.00', end_balance: '2000.00',
          calculated_end_balance: '2000.00', period_month_days: { '04/2024': 4 }, period_month_txns: { '04/2024': 1 } },
      ]);
      assert.deepEqual(chk.period_balance_mismatches, []);
    });
  });

  it('walks back from a later anchor and keys every month of coverage, the empty one too', async () => {
    await withCanonicalBook([JAN_TO_APRIL], async (book) => {
      const chk = account(await book.summary(), 'CHK');
      // 17 + 29 + 31 + 4 days.
      assert.equal(chk.total_days, 81);
      assert.deepEqual(chk.daily_balances, balancesFrom('2024-01-15', [
        ...repeat('1850.00', 5), ...repeat('1600.00', 12 + 29 + 9), ...repeat('2100.00', 22 + 3), '2000.00',
      ]));
      // Jan (5 × 1850 + 12 × 1600) / 17 = 28450 / 17 = 1673.529…; Mar (9 × 1600 + 22 × 2100) / 31 = 60600 / 31 = 1954.838…;
      // Apr (3 × 2100 + 2000) / 4 = 2075; all: (28450 + 29 × 1600 + 60600 + 8300) / 81 = 143750 / 81 = 1774.691…
      assert.equal(chk.average_daily_balance, '1774.69');
      assert.deepEqual(chk.average_daily_balance_by_month, { '01/2024': '1673.53', '02/2024': '1600.00', '03/2024': '1954.84', '04/2024': '2075.00' });
      // Sizes: Jan (1000 + 250) / 2; Feb nothing posted; Mar 500; Apr 100.
      assert.deepEqual(chk.average_by_month, { '01/2024': '625.00', '02/2024': null, '03/2024': '500.00', '04/2024': '100.00' });
      assert.deepEqual(chk.average_deposit_by_month, { '01/2024': '1000.00', '02/2024': null, '03/2024': '500.00', '04/2024': null });
      assert.deepEqual(chk.negative_balances_by_month, { '01/2024': [], '02/2024': [], '03/2024': [], '04/2024': [] });
      assert.deepEqual(chk.activity_info, {
        active: [{ start: { year: 2024, month: 1 }, end: { year: 2024, month: 1 } }, { start: { year: 2024, month: 3 }, end: { year: 2024, month: 4 } }],
        missing: [{ start: { year: 2024, month: 2 }, end: { year: 2024, month: 2 } }],
      });
      assert.deepEqual(chk.date_min_max, { min_txn_date: '01/15/2024', max_txn_date: '04/04/2024' });
    });
  });

  it('keeps pending rows out of every figure but lists them among the transactions', async () => {
    await withCanonicalBook([JAN_TO_APRIL], async (book) => {
      const summary = await book.summary('weekday_balances,probable_recurring_txns');
      assert.ok(!JSON.stringify(summary).includes('-999.00'), 'the pending amount appears in no figure');
      const pending = (await book.transactions()).txns.filter((txn) => txn.status === 'pending');
      assert.deepEqual(pending.map((txn) => [txn.amount, txn.txn_date, txn.is_recurring]), [['-999.00', '02/10/2024', false]]);
    });
  });

  /*
   * Fri 2024-03-08 −200.00, Sat 03-09 +50.01, Mon 03-11 +300.00; anchor 100.01 on Monday 03-11.
   *   Mon 03-11  100.01 (the anchor's own day takes it)
   *   Sun 03-10  100.01 − 300.00          = −199.99
   *   Sat 03-09  −199.99 (nothing posted on Sunday)
   *   Fri 03-08  100.01 − 300.00 − 50.01  = −250.00
   *   Thu 03-07  −250.00 + 200.00         = −50.00 (the period's begin balance)
   */
  const ACROSS_A_WEEKEND: DocumentSpec = {
    accounts: [{ id: 'WKD' }],
    txns: [
      { account: 'WKD', date: '2024-03-08', amount: '-200.00' },
      { account: 'WKD', date: '2024-03-09', amount: '50.01' },
      { account: 'WKD', date: '2024-03-11', amount: '300.00' },
    ],
    points: [{ account: 'WKD', date: '2024-03-11', balance: '100.01' }],
  };

  it('walks back across a weekend; weekday figures count Monday to Friday only', async () => {
    await withCanonicalBook([ACROSS_A_WEEKEND], async (book) => {
      const wkd = account(await book.summary('weekday_balances'), 'WKD');
      assert.deepEqual(wkd.daily_balances, balancesFrom('2024-03-08', ['-250.00', '-199.99', '-199.99', '100.01']));
      // All days: (−250.00 − 199.99 − 199.99 + 100.01) / 4 = −549.97 / 4 = −137.4925 → −137.49.
      assert.equal(wkd.average_daily_balance, '-137.49');
      // Fri and Mon: (−250.00 + 100.01) / 2 = −74.995 → −75.00, half away from zero (Math.round would give −74.99).
      assert.equal(wkd.average_daily_balance_weekday, '-75.00');
      assert.deepEqual(wkd.average_daily_balance_weekday_by_month, { '03/2024': '-75.00' });
      assert.deepEqual(wkd.negative_balances_by_month, { '03/2024': ['03/08/2024', '03/09/2024', '03/10/2024'] });
      assert.deepEqual(wkd.negative_balances_by_month_weekday, { '03/2024': ['03/08/2024'] });
      // Deposits (50.01 + 300.00) / 2 = 175.005 → 175.01 (half-even would give 175.00); sizes 550.01 / 3 = 183.336… → 183.34.
      assert.deepEqual(wkd.average_deposit_by_month, { '03/2024': '175.01' });
      assert.deepEqual(wkd.average_by_month, { '03/2024': '183.34' });
      assert.deepEqual(
        wkd.periods.map((period) => [period.begin_date, period.end_date, period.begin_balance, period.end_balance, period.calculated_end_balance]),
        [['03/08/2024', '03/11/2024', '-50.00', '100.01', '100.01']],
      );
    });
  });

  it('leaves weekday figures out unless asked for, and rejects an unknown extra field', async () => {
    await withCanonicalBook([ACROSS_A_WEEKEND], async (book) => {
      const summary = await book.summary();
      assert.equal('average_daily_balance_weekday' in summary, false);
      assert.equal('average_daily_balance_weekday' in account(summary, 'WKD'), false);
      assert.equal('probable_recurring_txns' in account(summary, 'WKD'), false);
      await assert.rejects(book.summary('weekday_balances,weekend_balances'), /unknown extra field weekend_balances: expected any of weekday_balances, /);
    });
  });
});
