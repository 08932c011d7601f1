import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { account, withCanonicalBook, type DocumentSpec, type TxnSpec } from './helpers/canonical-book.js';

type Listed = { amount: string; txn_date: string; source_txn_id: string };
const ids = (txns: readonly Listed[]) => txns.map((txn) => txn.source_txn_id);

function txn(id: string, date: string, amount: string, status?: TxnSpec['status']): TxnSpec {
  return { account: 'A', id, date, amount, status, description: `ROW ${id}` };
}

/*
 * Recurring chains (same signed amount, |amount| > 10.00, each within 45 days of the previous one):
 *   −50.00: 01-01 → 02-15 is 45 days (30 to Jan 31, 15 more): the chain holds; 02-15 → 04-01 is 46 days
 *           (14 to Feb 29, 31 to Mar 31, 1 more): it breaks; the two rows of 04-01 chain on the same day.
 *   +25.00 on 01-05 and 01-20 chain; −25.00 on 01-10 has the same size but not the same signed amount.
 *   −30.00 on 01-05 and 01-06: a group starting the same day as +25.00's, so it sorts first (−30 < 25).
 *   10.00 twice: not above 10.00. 10.01 twice: above. −75.00 twice, 10 days apart, but one is pending.
 */
const RECURRING: DocumentSpec = {
  accounts: [{ id: 'A' }],
  txns: [
    txn('m1', '2024-01-01', '-50.00'), txn('m2', '2024-02-15', '-50.00'), txn('m3', '2024-04-01', '-50.00'), txn('m4', '2024-04-01', '-50.00'),
    txn('p1', '2024-01-05', '25.00'), txn('p2', '2024-01-20', '25.00'), txn('n1', '2024-01-10', '-25.00'),
    txn('t1', '2024-01-05', '-30.00'), txn('t2', '2024-01-06', '-30.00'),
    txn('e1', '2024-01-02', '10.00'), txn('e2', '2024-01-03', '10.00'),
    txn('c1', '2024-01-02', '10.01'), txn('c2', '2024-01-03', '10.01'),
    txn('q1', '2024-03-01', '-75.00'), txn('q2', '2024-03-11', '-75.00', 'pending'),
  ],
  points: [{ account: 'A', date: '2024-04-01', balance: '1000.00' }],
};

/*
 * January deposits 300.00 (01-03 and 01-09, tied largest), 20.00 (01-05 and 01-07, tied smallest), 150.00;
 * a withdrawal −500.00 and a 0.00 row (neither a deposit). February: only −100.00. March: one deposit 75.50,
 * both largest and smallest. Round numbers: non-zero whole multiples of 100.00, either sign.
 */
const DEPOSITS: DocumentSpec = {
  accounts: [{ id: 'A' }],
  txns: [
    txn('d300a', '2024-01-03', '300.00'), txn('w500', '2024-01-04', '-500.00'), txn('d20a', '2024-01-05', '20.00'),
    txn('zero', '2024-01-06', '0.00'), txn('d20b', '2024-01-07', '20.00'), txn('d150', '2024-01-08', '150.00'),
    txn('d300b', '2024-01-09', '300.00'), txn('w100', '2024-02-02', '-100.00'), txn('d75', '2024-03-01', '75.50'),
    txn('pend', '2024-03-02', '200.00', 'pending'),
  ],
};

describe('analytics: listed transactions', () => {
  it('chains recurring amounts within 45 days, breaks at 46, and orders groups by first date then amount', async () => {
    await withCanonicalBook([RECURRING], async (book) => {
      const groups = account(await book.summary('probable_recurring_txns'), 'A').probable_recurring_txns!;
      assert.deepEqual(groups.map(ids), [['m1', 'm2'], ['c1', 'c2'], ['t1', 't2'], ['p1', 'p2'], ['m3', 'm4']]);
      assert.deepEqual(groups[0]!.map((row) => [row.amount, row.txn_date]), [['-50.00', '01/01/2024'], ['-50.00', '02/15/2024']]);
    });
  });

  it('flags the members of recurring groups as is_recurring in the transactions object', async () => {
    await withCanonicalBook([RECURRING], async (book) => {
      const flagged = (await book.transactions()).txns.filter((row) => row.is_recurring).map((row) => row.source_txn_id).sort();
      assert.deepEqual(flagged, ['c1', 'c2', 'm1', 'm2', 'm3', 'm4', 'p1', 'p2', 't1', 't2']);
    });
  });

  it('lists every tie of the largest and smallest deposit per month, and keys months without deposits', async () => {
    await withCanonicalBook([DEPOSITS], async (book) => {
      const a = account(await book.summary(), 'A');
      assert.deepEqual(Object.fromEntries(Object.entries(a.deposit_max_by_month).map(([month, rows]) => [month, ids(rows)])), {
        '01/2024': ['d300a', 'd300b'], '02/2024': [], '03/2024': ['d75'],
      });
      assert.deepEqual(Object.fromEntries(Object.entries(a.deposit_min_by_month).map(([month, rows]) => [month, ids(rows)])), {
        '01/2024': ['d20a', 'd20b'], '02/2024': [], '03/2024': ['d75'],
      });
      const [first] = a.deposit_max_by_month['01/2024']!;
      assert.deepEqual(
        { amount: first!.amount, txn_date: first!.txn_date, description: first!.description, bank_account_pk: first!.bank_account_pk },
        { amount: '300.00', txn_date: '01/03/2024', description: 'ROW d300a', bank_account_pk: a.pk },
      );
      // Jan deposits (300 + 20 + 20 + 150 + 300) / 5 = 158; sizes (300 + 500 + 20 + 0 + 20 + 150 + 300) / 7 = 184.285…
      assert.deepEqual(a.average_deposit_by_month, { '01/2024': '158.00', '02/2024': null, '03/2024': '75.50' });
      assert.deepEqual(a.average_by_month, { '01/2024': '184.29', '02/2024': '100.00', '03/2024': '75.50' });
    });
  });

  it('lists round-number transactions of either sign, but not zero, not 150.00 and not pending ones', async () => {
    await withCanonicalBook([DEPOSITS], async (book) => {
      assert.deepEqual(ids(account(await book.summary(), 'A').round_number_txns), ['d300a', 'w500', 'd300b', 'w100']);
    });
  });
});
