import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InterbankPairer, type InterbankRow } from '../src/analytics/classification/interbank-pairs.js';
import { pairInterbank } from '../src/analytics/classification/interbank-step.js';
import { PairCandidates } from '../src/analytics/classification/pair-candidates.js';
import { postedRowWalks } from '../src/analytics/classification/posted-row-walks.js';
import { denseSpan } from '../src/analytics/classification/row-pages.js';
import { NsfCounter, type NsfEvent } from '../src/analytics/classification/nsf-fees.js';
import { refreshFigures } from '../src/analytics/refresh.js';
import { parseMoney } from '../src/core/money.js';
import { openStore } from '../src/index.js';
import { ensureBook } from '../src/store/books.js';
import type { StoreDatabase } from '../src/store/database.js';
import { DocumentWriter } from '../src/store/document-writer.js';
import { tokens } from '../src/rules/tokens.js';
import { account, withCanonicalBook, writeDocument, type TxnSpec } from './helpers/canonical-book.js';
import { prng, type Random } from './helpers/random-json.js';

/*
 * The classification engine's own parts: the streaming NSF counter and interbank pairer against naive
 * implementations written from the SPEC §4a text, the bounds of the pairer on hostile books, and how
 * stored classification is reused. test/classification.test.ts checks the figures by hand.
 */
const RULES = fileURLToPath(new URL('./fixtures/classification/rules', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Naive oracles, straight from the spec's words.

/** "The candidates are taken in date order, and each takes the earliest unused refund … dated 0 to 10 days after." */
function naiveCountedFees(events: readonly NsfEvent[]): number[] {
  const refunds = events.filter((event) => event.kind === 'refund');
  const used = new Set<NsfEvent>();
  const counted: number[] = [];
  for (const fee of events.filter((event) => event.kind === 'fee')) {
    const refund = refunds.find((candidate) => !used.has(candidate) && candidate.amountCents === -fee.amountCents && dayOf(candidate.date) - dayOf(fee.date) >= 0 && dayOf(candidate.date) - dayOf(fee.date) <= 10);
    if (refund === undefined) counted.push(fee.pk);
    else used.add(refund);
  }
  return counted.sort((a, b) => a - b);
}

/** "Withdrawals are taken in order of (date, source account id, source txn id); each takes … the nearest in days, then the earliest, then the least ids." */
function naivePairs(rows: readonly InterbankRow[]): string[] {
  const ids = (row: InterbankRow) => [row.accountId, row.txnId] as const;
  const compareIds = (a: InterbankRow, b: InterbankRow) => {
    const [x, y] = [ids(a), ids(b)];
    return x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
  };
  const sizeOf = (row: InterbankRow & { size?: number }) => (row as { size: number }).size;
  const withdrawals = rows.filter((row) => !row.deposit).sort((a, b) => a.day - b.day || compareIds(a, b));
  const paired = new Set<InterbankRow>();
  const pairs: string[] = [];
  for (const withdrawal of withdrawals) {
    const candidates = rows
      .filter((row) => row.deposit && !paired.has(row) && row.accountPk !== withdrawal.accountPk && sizeOf(row) === sizeOf(withdrawal) && Math.abs(row.day - withdrawal.day) <= 3)
      .sort((a, b) => Math.abs(a.day - withdrawal.day) - Math.abs(b.day - withdrawal.day) || a.day - b.day || compareIds(a, b));
    if (candidates[0] !== undefined) {
      paired.add(candidates[0]);
      pairs.push(`${withdrawal.pk}-${candidates[0].pk}`);
    }
  }
  return pairs.sort();
}

function dayOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------

test('NSF counting streams to the same answer as the spec read literally, on random ledgers', () => {
  for (let seed = 1; seed <= 300; seed += 1) {
    const random = prng(seed);
    const events = randomNsfEvents(random);
    const counter = new NsfCounter();
    for (const event of events) counter.add(event);
    assert.deepEqual(counter.finish().sort((a, b) => a - b), naiveCountedFees(events), `seed ${seed}`);
  }
});

function randomNsfEvents(random: Random): NsfEvent[] {
  const start = dayOf('2024-01-01');
  const events = Array.from({ length: random.int(30) }, (_, pk) => {
    const fee = random.next() < 0.5;
    const size = random.pick([3_500, 3_500, 2_500, 1_000]);
    return { pk, date: isoDay(start + random.int(40)), amountCents: fee ? -size : size, kind: fee ? ('fee' as const) : ('refund' as const) };
  });
  // Date order, then pk standing in for the source txn id: the order the store hands them over.
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.pk - b.pk));
}

test('interbank pairing streams to the same pairs as the spec read literally, on random books', () => {
  for (let seed = 1; seed <= 300; seed += 1) {
    const random = prng(seed);
    const rows = randomInterbankRows(random);
    const pairs: string[] = [];
    const pairer = new InterbankPairer((withdrawal, deposit) => pairs.push(`${withdrawal.pk}-${deposit.pk}`));
    let size: number | null = null;
    for (const row of [...rows].sort((a, b) => a.size - b.size || a.day - b.day)) {
      if (size !== null && row.size !== size) pairer.endGroup();
      size = row.size;
      pairer.add(row);
    }
    pairer.endGroup();
    assert.deepEqual(pairs.sort(), naivePairs(rows), `seed ${seed}`);
  }
});

function randomInterbankRows(random: Random): Array<InterbankRow & { size: number }> {
  const accounts = [
    { pk: 1, id: 'chk' },
    { pk: 2, id: 'sav' },
    { pk: 3, id: 'card' },
    { pk: 4, id: 'sav' }, // the same aggregator id in another source
  ];
  return Array.from({ length: random.int(40) }, (_, pk) => {
    const owner = random.pick(accounts);
    // Ids in random order, unique per row (a tie of both ids is left to any fixed order by the spec).
    return { pk, accountPk: owner.pk, accountId: owner.id, txnId: `t${random.int(50)}-${pk}`, day: 19_700 + random.int(12), deposit: random.next() < 0.5, size: random.pick([100, 100, 250]) };
  });
}

test('a day of 20,000 equal transfers pairs in bounded time, and within one account pairs none', () => {
  const rows = (accountOf: (n: number) => number) =>
    Array.from({ length: 20_000 }, (_, n) => ({ pk: n, accountPk: accountOf(n), accountId: `a${accountOf(n)}`, txnId: `t${String(n).padStart(5, '0')}`, day: 20_000, deposit: n % 2 === 0 }));
  const count = (input: readonly InterbankRow[]) => {
    let pairs = 0;
    const pairer = new InterbankPairer(() => (pairs += 1));
    for (const row of input) pairer.add(row);
    pairer.endGroup();
    return pairs;
  };
  // One account: 10,000 deposits and 10,000 withdrawals of one size, none may pair (a naive scan is 10^8 steps).
  assert.equal(count(rows(() => 1)), 0);
  // Deposits in account 1, withdrawals in account 2: every withdrawal finds one.
  assert.equal(count(rows((n) => 1 + (n % 2))), 10_000);
});

test('the candidate keys are those with a key of the other side at most 3 away, across words and around the ends', () => {
  for (let seed = 1; seed <= 200; seed += 1) {
    const random = prng(seed);
    const candidates = new PairCandidates(0);
    const modulus = candidates.modulus;
    // Hashes bunched where the set's words and its two ends meet, and some anywhere.
    const hashes = Array.from({ length: random.int(60) }, () =>
      random.pick([() => random.int(8), () => modulus - 1 - random.int(8), () => 32 * (1 + random.int(4)) + random.int(8) - 4, () => random.int(modulus)])(),
    );
    const keys = [...new Set(hashes.map((hash) => hash * 2 + random.int(2)))];
    for (const key of keys) candidates.mark(key);
    const apart = (a: number, b: number) => Math.min((a - b + modulus) % modulus, (b - a + modulus) % modulus);
    const expected = keys.filter((key) => keys.some((other) => other % 2 !== key % 2 && apart(other >> 1, key >> 1) <= 3)).sort((a, b) => a - b);
    assert.deepEqual([...candidates.candidateKeys()].flat(), expected, `seed ${seed}`);
  }
});

test('pairInterbank stores the pairs of the spec read literally, on random books, dense or scattered among another book', async () => {
  const walked = new Set<string>();
  for (let seed = 1; seed <= 40; seed += 1) {
    const random = prng(seed);
    await withCanonicalBook([], async (book) => {
      const other = ensureBook(book.db, 'other');
      for (let document = 0; document < 1 + random.int(4); document += 1) {
        book.write({ accounts: INTERBANK_ACCOUNTS.map((id) => ({ id })), txns: randomTransfers(random, `${document}`, 30) });
        // Another book's rows (of the same amounts: they must not pair with this one's) between this book's documents.
        if (seed % 2 === 0) writeOtherBook(book.db, other, randomTransfers(random, `other-${document}`, 60));
      }
      for (const walk of (await postedRowWalks(book.db.kysely, book.bookPk)).walks) walked.add(walk.cursor);
      await pairInterbank(book.db.kysely, book.bookPk, 1);
      const posted = (book.db.sqlite.prepare(`
        SELECT t.pk, t.bank_account_pk AS accountPk, a.source_account_id AS accountId, t.source_txn_id AS txnId,
          CAST(julianday(t.txn_date) AS INTEGER) AS day, t.amount_cents > 0 AS deposit, abs(t.amount_cents) AS size
        FROM transactions AS t JOIN bank_accounts AS a ON a.pk = t.bank_account_pk
        WHERE a.book_pk = ? AND t.status = 'posted' AND t.amount_cents <> 0`).all(book.bookPk) as Array<Omit<InterbankRow, 'deposit'> & { deposit: number; size: number }>)
        .map((row) => ({ ...row, deposit: row.deposit === 1 }));
      const stored = book.db.sqlite.prepare('SELECT transaction_pk AS pk, counterpart_pk AS counterpart, amount_cents AS amount FROM interbank_txns').all() as Array<{ pk: number; counterpart: number; amount: number }>;
      const [withdrawals, deposits] = [stored.filter((row) => row.amount < 0), stored.filter((row) => row.amount > 0)];
      assert.deepEqual(withdrawals.map((row) => `${row.pk}-${row.counterpart}`).sort(), naivePairs(posted), `seed ${seed}`);
      assert.deepEqual(deposits.map((row) => `${row.counterpart}-${row.pk}`).sort(), naivePairs(posted), `seed ${seed}: both rows of each pair`);
    });
  }
  assert.deepEqual([...walked].sort(), ['pk', 'source_txn_id'], 'both kinds of walk were taken');
});

const INTERBANK_ACCOUNTS = ['chk', 'sav', 'card'];

/** Transfers of a few sizes over the turn of a month, with zero and pending rows among them. */
function randomTransfers(random: Random, document: string, most: number): TxnSpec[] {
  const start = dayOf('2024-02-20');
  return Array.from({ length: random.int(most) }, (_, row) => ({
    account: random.pick(INTERBANK_ACCOUNTS),
    date: isoDay(start + random.int(20)),
    amount: random.pick(['100.00', '-100.00', '250.00', '-250.00', '0.00', '-7.31', '7.31']),
    id: `t${random.int(60)}-${document}-${row}`,
    status: random.next() < 0.9 ? ('posted' as const) : ('pending' as const),
  }));
}

function writeOtherBook(db: StoreDatabase, bookPk: number, txns: readonly TxnSpec[]): void {
  const writer = DocumentWriter.begin(db, bookPk, { name: `other-${txns[0]?.id}`, format: 'PLAID_TRANSACTIONS', files: [] });
  for (const id of INTERBANK_ACCOUNTS) {
    writer.describeAccount({ sourceAccountId: id, name: id, officialName: null, accountType: 'depository', accountSubtype: 'checking', isDepository: true, accountNumber: null, bankName: null, institutionId: null, currency: 'USD', holder: null });
  }
  writer.writeTransactions(txns.map((txn) => ({ sourceAccountId: txn.account, sourceTxnId: txn.id!, date: txn.date, amount: parseMoney(txn.amount), description: 'TRANSFER', status: txn.status ?? 'posted', category: null, merchantName: null, pfcDetailed: null })));
  writer.commit({ sha256: `other-${txns[0]?.id}-${txns.length}`, bytes: 0 });
}

test('tokens upper-case ASCII letters only and split on everything else', () => {
  assert.deepEqual(tokens('Online Transfer from CHK 1234'), ['ONLINE', 'TRANSFER', 'FROM', 'CHK', '1234']);
  // ß is not a–z: a separator, never "SS"; é likewise.
  assert.deepEqual(tokens('straße café-Bar'), ['STRA', 'E', 'CAF', 'BAR']);
  assert.deepEqual(tokens('--- ***'), []);
});

// ---------------------------------------------------------------------------------------------
// Stored classification.

const LEDGER = {
  accounts: [{ id: 'chk' }, { id: 'sav' }],
  txns: [
    { account: 'chk', date: '2024-03-01', amount: '500.00', id: 'c1', description: 'ACH YELLOWSTONE CAP FUNDING' },
    { account: 'chk', date: '2024-03-02', amount: '-35.00', id: 'c2', description: 'NSF ITEM FEE' },
    { account: 'chk', date: '2024-03-03', amount: '-200.00', id: 'c3', description: 'ONLINE TRANSFER TO SAV' },
    { account: 'sav', date: '2024-03-04', amount: '200.00', id: 's1', description: 'TRANSFER FROM CHK' },
    { account: 'chk', date: '2024-03-05', amount: '900.00', id: 'c4', description: 'CUSTOMER PAYMENT' },
  ],
  points: [{ account: 'chk', date: '2024-03-05', balance: '1000.00' }],
};

test('changing the rules redoes the classification alone; the same rules reuse it', async () => {
  await withCanonicalBook([LEDGER], async (book) => {
    const first = await book.summary('', RULES);
    // Yellowstone's 500.00 is a lender deposit under the test rules; the 200.00 pair is interbank.
    assert.deepEqual(account(first, 'chk').estimated_revenue_by_month, { '03/2024': '900.00' });
    assert.deepEqual(await refreshFigures(book.db, book.bookPk), [], 'figures current after the summary');
    const classified = book.db.sqlite.prepare('SELECT count(*) AS n FROM account_classes').get() as { n: number };
    assert.equal(classified.n, 2);

    // The shipped rules know Yellowstone too, but not this test's: the fingerprint differs, so the rows are
    // classified again; the figures (and the interbank pairs, which do not depend on the rules) stay.
    const figuresBefore = book.db.sqlite.prepare('SELECT rowid, * FROM account_days ORDER BY rowid').all();
    const pairsBefore = book.db.sqlite.prepare('SELECT rowid, * FROM interbank_txns ORDER BY rowid').all();
    await book.summary('');
    assert.deepEqual(book.db.sqlite.prepare('SELECT rowid, * FROM account_days ORDER BY rowid').all(), figuresBefore);
    assert.deepEqual(book.db.sqlite.prepare('SELECT rowid, * FROM interbank_txns ORDER BY rowid').all(), pairsBefore);
    const fingerprints = book.db.sqlite.prepare('SELECT DISTINCT rules_fingerprint AS f FROM account_classes').all() as Array<{ f: string }>;
    assert.equal(fingerprints.length, 1);

    // The test rules again: the same answer as the first time.
    assert.deepEqual(await book.summary('', RULES), first);
  });
});

test('a read-only store classifies in private, with the rules of the call', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bookstream-classes-'));
  try {
    const path = join(dir, 'book.db');
    const fixture = fileURLToPath(new URL('../data/plaid-transactions-page-1.json', import.meta.url));
    const writable = await openStore(path);
    await (await writable.book('acme')).ingest([fixture]);
    const expected = await (await writable.book('acme')).summary({ rules: RULES, extraFields: 'nsf_count,estimated_revenue_by_month_calc_txns' });
    await writable.close();

    // A fresh store file holds figures and classes under the test rules; a read-only open asks for the shipped ones.
    const readonly = await openStore(path, { readonly: true });
    try {
      const book = (await readonly.findBook('acme'))!;
      const shipped = await book.summary({ extraFields: 'nsf_count' });
      assert.equal(shipped.bank_accounts.length, expected.bank_accounts.length);
      assert.deepEqual(await book.summary({ rules: RULES, extraFields: 'nsf_count,estimated_revenue_by_month_calc_txns' }), expected);
    } finally {
      await readonly.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('tokens of pure ASCII texts and of others agree with the spec on edge cases', () => {
  // Separators at both ends, runs of them, digits, and the empty text.
  assert.deepEqual(tokens('--Acme-Funding/daily--'), ['ACME', 'FUNDING', 'DAILY']);
  assert.deepEqual(tokens(''), []);
  assert.deepEqual(tokens('a'), ['A']);
  assert.deepEqual(tokens('ÀCME FUNDING'), ['CME', 'FUNDING']); // À is not A–Z: a separator
  assert.deepEqual(tokens('ﬁnance'), ['NANCE']); // the ligature ﬁ upper-cases to "FI" natively: not here
});

test('an account scattered among another book\'s rows is classified alike, read along its key', async () => {
  await withCanonicalBook([], async (book) => {
    const other = ensureBook(book.db, 'other');
    const fee = (id: string, date: string) => ({ account: 'chk', date, amount: '-35.00', id, description: 'NSF FEE' });
    // chk's rows come in two documents with 30,000 rows of another book between them: its pk range is mostly
    // the other book's, so it is read along (account, source txn id), not in table order.
    // 25,000 rows that match nothing make more than one page (20,000 rows) of the walk along the key.
    const neutral = Array.from({ length: 25_000 }, (_, n) => ({ account: 'chk', date: '2024-03-02', amount: '-1.00', id: `n${String(n).padStart(5, '0')}`, description: 'CARD' }));
    book.write({ accounts: [{ id: 'chk' }], txns: [fee('f1', '2024-03-01'), ...neutral, fee('f2', '2024-03-02')] });
    writeDocument(book.db, other, { accounts: [{ id: 'o' }], txns: Array.from({ length: 30_000 }, (_, n) => ({ account: 'o', date: '2024-03-01', amount: '1.00', id: `o${n}` })) });
    book.write({ accounts: [{ id: 'chk' }], txns: [{ account: 'chk', date: '2024-03-03', amount: '500.00', id: 'y1', description: 'ACH YELLOWSTONE CAP' }] });
    const chk = (await book.db.kysely.selectFrom('bank_accounts').select('pk').where('source_account_id', '=', 'chk').executeTakeFirstOrThrow()).pk;
    assert.equal(await denseSpan(book.db.kysely, [chk]), null, 'the account is scattered');
    // By hand, under the test rules: both fees count (no refund); Yellowstone is an MCA lender (alternative list).
    const summary = account(await book.summary('nsf_count', RULES), 'chk');
    assert.deepEqual(summary.nsf_transactions.map((txn) => txn.source_txn_id), ['f1', 'f2']);
    assert.equal(summary.nsf_count, 2);
    assert.deepEqual(summary.alternative_lender_transactions.map((txn) => txn.source_txn_id), ['y1']);
    const stored = await book.db.kysely.selectFrom('txn_classes').select('source_txn_id').where('bank_account_pk', '=', chk).orderBy('source_txn_id').execute();
    assert.deepEqual(stored.map((row) => row.source_txn_id), ['f1', 'f2', 'y1'], 'every row read once, the neutral ones matching nothing');
  });
});
