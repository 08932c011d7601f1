import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { account, balancesFrom, repeat, withCanonicalBook, type DocumentSpec } from './helpers/canonical-book.js';

/*
 * Two statements of one account whose balances do not meet: January ends at 1200.00, February begins
 * at 1150.00. Known points: 2023-12-31 1000.00 (Jan's start), 01-31 end of day 1200.00, which beats
 * Feb's start 1150.00 and an anchor 5555.00 on the same date (rule 4), and 02-29 1300.00.
 * Coverage is the posted transactions' span, 01-10 … 02-15:
 *   01-10 … 01-31  1200.00 (nothing posted after 01-10 up to the 01-31 point)
 *   02-01 … 02-14  1300.00 − 150.00 = 1150.00
 *   02-15          1300.00 − 0 (nothing posted after it up to 02-29) = 1300.00
 */
const TWO_STATEMENTS: DocumentSpec = {
  accounts: [{ id: 'STM' }],
  txns: [
    { account: 'STM', date: '2024-01-10', amount: '200.00' },
    { account: 'STM', date: '2024-02-15', amount: '150.00' },
  ],
  periods: [
    { account: 'STM', begin: '2024-01-01', end: '2024-01-31', beginBalance: '1000.00', endBalance: '1200.00' },
    { account: 'STM', begin: '2024-02-01', end: '2024-02-29', beginBalance: '1150.00', endBalance: '1300.00' },
  ],
  points: [{ account: 'STM', date: '2024-01-31', balance: '5555.00' }],
};

/*
 * Book level over two depository accounts with different coverage, a credit card and an account without
 * any balance. X: +100.00 on Mon 01-01, −50.00 on 01-03, anchor 50.00 on 01-03 → 01-01 100.00, 01-02 100.00,
 * 01-03 50.00. Y: +20.00 on 01-02, +30.00 on 01-05, anchor 70.00 on 01-05 → 01-02 … 01-04 40.00, 01-05 70.00.
 * Book days: 01-01 100, 01-02 100 + 40 = 140, 01-03 50 + 40 = 90, 01-04 40, 01-05 70.
 */
const TWO_ACCOUNTS: DocumentSpec = {
  accounts: [{ id: 'X' }, { id: 'Y' }, { id: 'CARD', depository: false }, { id: 'NOBAL' }],
  txns: [
    { account: 'X', date: '2024-01-01', amount: '100.00' },
    { account: 'X', date: '2024-01-03', amount: '-50.00' },
    { account: 'Y', date: '2024-01-02', amount: '20.00' },
    { account: 'Y', date: '2024-01-05', amount: '30.00' },
    { account: 'CARD', date: '2024-01-01', amount: '-500.00' },
    { account: 'NOBAL', date: '2024-01-10', amount: '5.00' },
  ],
  points: [
    { account: 'X', date: '2024-01-03', balance: '50.00' },
    { account: 'Y', date: '2024-01-05', balance: '70.00' },
    { account: 'CARD', date: '2024-01-01', balance: '-500.00' },
  ],
};

describe('analytics: statement periods and the book', () => {
  it('uses explicit statement periods and reports the balances that do not meet', async () => {
    await withCanonicalBook([TWO_STATEMENTS], async (book) => {
      const stm = account(await book.summary(), 'STM');
      assert.deepEqual(
        stm.periods.map(({ pk: _, ...period }) => period),
        [
          // 1000.00 + 200.00 = 1200.00; 31 January days, one posted transaction.
          { begin_date: '01/01/2024', end_date: '01/31/2024', begin_balance: '1000.00', end_balance: '1200.00',
            calculated_end_balance: '1200.00', period_month_days: { '01/2024': 31 }, period_month_txns: { '01/2024': 1 } },
          // 1150.00 + 150.00 = 1300.00.
          { begin_date: '02/01/2024', end_date: '02/29/2024', begin_balance: '1150.00', end_balance: '1300.00',
            calculated_end_balance: '1300.00', period_month_days: { '02/2024': 29 }, period_month_txns: { '02/2024': 1 } },
        ],
      );
      assert.ok(stm.periods.every((period) => typeof period.pk === 'number'), 'stored statement periods keep their pk');
      assert.deepEqual(stm.period_balance_mismatches, [{ end_date: '01/31/2024', end_balance: '1200.00', begin_date: '02/01/2024', begin_balance: '1150.00' }]);
      assert.deepEqual(stm.daily_balances, balancesFrom('2024-01-10', [...repeat('1200.00', 22), ...repeat('1150.00', 14), '1300.00']));
      // Jan 22 × 1200; Feb (14 × 1150 + 1300) / 15 = 17400 / 15 = 1160; all (26400 + 17400) / 37 = 1183.783…
      assert.deepEqual(stm.average_daily_balance_by_month, { '01/2024': '1200.00', '02/2024': '1160.00' });
      assert.equal(stm.average_daily_balance, '1183.78');
      assert.equal(stm.total_days, 37);
    });
  });

  it('sums depository accounts per day over the union of their coverage', async () => {
    await withCanonicalBook([TWO_ACCOUNTS], async (book) => {
      const summary = await book.summary('weekday_balances');
      assert.deepEqual(summary.daily_balances, balancesFrom('2024-01-01', ['100.00', '140.00', '90.00', '40.00', '70.00']));
      // (100 + 140 + 90 + 40 + 70) / 5 = 88; Jan 1 2024 is a Monday, so all five are weekdays.
      assert.equal(summary.average_daily_balance, '88.00');
      assert.equal(summary.average_daily_balance_weekday, '88.00');
      assert.deepEqual(summary.average_daily_balance_by_month, { '01/2024': '88.00' });
      // Days 01-01 … 01-05 and NOBAL's 01-10: coverage counts, balances leave NOBAL out.
      assert.equal(summary.total_days, 6);
      // Pooled over X, Y and NOBAL (not the card): sizes (100 + 50 + 20 + 30 + 5) / 5 = 41; deposits (100 + 20 + 30 + 5) / 4 = 38.75.
      assert.deepEqual(summary.average_by_month, { '01/2024': '41.00' });
      assert.deepEqual(summary.average_deposit_by_month, { '01/2024': '38.75' });
      assert.deepEqual(summary.negative_balances_by_month, { '01/2024': [] });
      assert.deepEqual(summary.date_min_max, { min_txn_date: '01/01/2024', max_txn_date: '01/10/2024' });
      // The card keeps its own figures.
      assert.equal(account(summary, 'CARD').average_daily_balance, '-500.00');
      assert.equal(summary.warnings.length, 1);
      assert.match(summary.warnings[0]!, /account \d+ \(PLAID NOBAL\): no known balance .* its balance figures are null, and it is left out of the book's balance figures/);
    });
  });

  it('gives an account without any known balance null balance figures, and still its month figures', async () => {
    await withCanonicalBook([TWO_ACCOUNTS], async (book) => {
      const nobal = account(await book.summary('weekday_balances'), 'NOBAL');
      assert.equal(nobal.daily_balances, null);
      assert.equal(nobal.average_daily_balance, null);
      assert.equal(nobal.average_daily_balance_weekday, null);
      assert.equal(nobal.average_daily_balance_by_month, null);
      assert.equal(nobal.negative_balances_by_month, null);
      assert.deepEqual(nobal.periods.map((p) => [p.begin_date, p.end_date, p.begin_balance, p.end_balance, p.calculated_end_balance]), [
        ['01/10/2024', '01/10/2024', null, null, null],
      ]);
      assert.equal(nobal.total_days, 1);
      assert.deepEqual(nobal.average_deposit_by_month, { '01/2024': '5.00' });
    });
  });

  it('recomputes only the accounts a new document touched', async () => {
    await withCanonicalBook([TWO_ACCOUNTS], async (book) => {
      const yPk = account(await book.summary(), 'Y').pk;
      assert.deepEqual(await book.refresh(), [], 'a refresh after a refresh does nothing');
      // A later pull for Y only: +10.00 on 01-06 and its anchor 80.00 that day (Y: 01-02 … 01-04 40, 01-05 70, 01-06 80).
      book.write({ txns: [{ account: 'Y', date: '2024-01-06', amount: '10.00' }], points: [{ account: 'Y', date: '2024-01-06', balance: '80.00' }] });
      assert.deepEqual(await book.refresh(), [yPk]);
      const summary = await book.summary();
      assert.deepEqual(account(summary, 'Y').daily_balances, balancesFrom('2024-01-02', ['40.00', '40.00', '40.00', '70.00', '80.00']));
      // Book: 01-05 is now 70 (X no longer covers it), 01-06 80: (100 + 140 + 90 + 40 + 70 + 80) / 6 = 86.67.
      assert.equal(summary.average_daily_balance, '86.67');
    });
  });
});
