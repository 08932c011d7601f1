/**
 * `generate` (src/generate): each format's output ingests, and the book's figures are what the manifest
 * says was planted. The expected values come from the manifest (the generator's own count of the rows it
 * wrote), never from bookstream's output; the output is only what is compared with them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generate, parseSize, type BookManifest, type GenerateFormat } from '../src/generate/index.js';
import { CARD_CREDIT, INCOME, LENDERS, NSF_FEES, type Payee } from '../src/generate/payees.js';
import * as payees from '../src/generate/payees.js';
import { parseMoney } from '../src/core/money.js';
import { DescriptionMatcher, TERM_BIT } from '../src/rules/matcher.js';
import { loadRules } from '../src/rules/rules-folder.js';
import { upperAscii } from '../src/rules/tokens.js';
import { withBook, type Book } from './helpers/books.js';

let folder = '';
before(async () => (folder = await mkdtemp(join(tmpdir(), 'bookstream-generate-'))));
after(async () => rm(folder, { recursive: true, force: true }));

const FORMATS: readonly GenerateFormat[] = ['plaid-assets', 'plaid-transactions', 'plaid-statements', 'finicity'];

function cents(amount: string): bigint {
  return BigInt(parseMoney(amount).cents);
}

/** The figures of an ingested book compared with what the manifest says was planted. */
async function assertBookMatches(book: Book, planted: BookManifest): Promise<void> {
  const [document] = await book.ingest([...planted.files]);
  assert.equal(document?.status, 'VERIFICATION_COMPLETE', document?.reason ?? '');
  const { txns, bank_accounts: accounts } = await book.transactions();
  assert.equal(txns.filter((txn) => txn.status === 'posted').length, planted.transactions.posted);
  assert.equal(txns.filter((txn) => txn.status !== 'posted').length, planted.transactions.pending);

  const summary = await book.summary({ extraFields: 'nsf_count,merchant_cash_advance_lender_txns' });
  const rules = await loadRules();
  const mcaRows = planted.lenders.filter((l) => rules.lenders.find((r) => r.name === l.name)?.kinds.includes('merchant_cash_advance')).reduce((n, l) => n + l.rows, 0);
  let interbankRows = 0;
  let lenderRows = 0;
  let mcaListed = 0;
  assert.ok(mcaRows > 0, 'an MCA funder is planted');
  let fundingCents = 0n;
  for (const account of planted.accounts) {
    const figures = summary.bank_accounts.find((a) => a.source_account_id === account.accountId);
    assert.ok(figures !== undefined, `no account ${account.accountId}`);
    const posted = txns.filter((txn) => txn.bank_account_pk === figures.pk && txn.status === 'posted').map((txn) => cents(txn.amount));
    assert.equal(posted.length, account.posted, `${account.kind} posted`);
    assert.equal(String(posted.filter((c) => c > 0n).reduce((a, b) => a + b, 0n)), account.depositsCents, `${account.kind} deposits`);
    assert.equal(String(posted.filter((c) => c < 0n).reduce((a, b) => a + b, 0n)), account.withdrawalsCents, `${account.kind} withdrawals`);
    assert.equal(figures.nsf_count, account.nsfFees, `${account.kind} NSF fees`);
    const revenue = Object.values(figures.estimated_revenue_by_month).reduce((sum, amount) => sum + cents(amount), 0n);
    assert.equal(String(revenue), account.revenueCents, `${account.kind} estimated revenue`);
    assertBalancesConsistent(figures, account.endingBalanceCents);
    interbankRows += figures.interbank_transactions.length;
    // Every deposit described as a transfer in is the planted half of a pair: none comes from outside.
    assert.deepEqual(figures.outside_source_deposits, [], `${account.kind} outside-source deposits`);
    lenderRows += figures.alternative_lender_transactions.length;
    mcaListed += figures.merchant_cash_advance_lender_txns?.length ?? 0;
    for (const txn of figures.alternative_lender_transactions) if (cents(txn.amount) > 0n) fundingCents += cents(txn.amount);
  }
  assert.equal(Object.keys(accounts).length, planted.accounts.length);
  assert.equal(interbankRows, 2 * planted.interbankPairs, 'each planted transfer is one pair: a withdrawal and a deposit');
  assert.equal(lenderRows, planted.lenderFundings.count + planted.lenderDebits.count);
  assert.equal(String(fundingCents), planted.lenderFundings.sumCents);
  assert.equal(mcaListed, mcaRows, 'the rows of the MCA funders among the planted lenders');
  assert.ok(planted.gapMonth !== null);
  const [year, month] = planted.gapMonth.split('-').map(Number);
  const checking = summary.bank_accounts.find((a) => a.source_account_id === planted.accounts[0]!.accountId)!;
  assert.deepEqual(checking.activity_info.missing, [{ start: { year, month }, end: { year, month } }], 'the gap month');
}

type AccountFigures = Awaited<ReturnType<Book['summary']>>['bank_accounts'][number];

/**
 * Balances agree with the rows: every period's begin balance plus its rows is its end balance (explicit
 * points that disagreed with the rows would break this), and the last covered day's is the planted ending
 * balance (no posted row comes after it: the last day may hold pending rows only).
 */
function assertBalancesConsistent(figures: AccountFigures, endingCents: string): void {
  for (const period of figures.periods) assert.equal(period.calculated_end_balance, period.end_balance, `period ${period.begin_date}`);
  assert.deepEqual(figures.period_balance_mismatches, []);
  const balances = Object.values(figures.daily_balances ?? {});
  assert.ok(balances.length > 0);
  assert.equal(String(cents(balances.at(-1)!)), endingCents);
}

describe('generate: each format ingests, with the figures that were planted', () => {
  for (const format of FORMATS) {
    it(format, async () => {
      const out = join(folder, `figures-${format}`);
      const manifest = await generate({ format, out, seed: 11, transactions: 600, months: 7 });
      const [planted] = manifest.books;
      assert.ok(planted !== undefined);
      assert.ok(planted.nsfFees >= 3 && planted.interbankPairs >= 10 && planted.lenderFundings.count === 2, JSON.stringify(planted));
      assert.equal(planted.transactions.posted + planted.transactions.pending, format === 'plaid-statements' ? 600 - 2 : 600);
      await withBook((book) => assertBookMatches(book, planted));
    });
  }
});

describe('generate: deterministic', () => {
  it('writes the same bytes for the same options, and other bytes for another seed', async () => {
    for (const format of FORMATS) {
      const run = async (name: string, seed: number) => {
        const out = join(folder, `${name}-${format}`);
        await generate({ format, out, seed, transactions: 3_000 });
        return hashBytes(out);
      };
      const first = await run('a', 5);
      assert.equal(await run('b', 5), first, format);
      assert.notEqual(await run('c', 6), first, format);
    }
  });
});

/** The bytes of a file, or of a folder's files in name order. */
async function hashBytes(path: string): Promise<string> {
  const info = await stat(path);
  const files = info.isDirectory() ? (await readdir(path)).sort().map((name) => join(path, name)) : [path];
  const hash = createHash('sha256');
  for (const file of files) hash.update(await readFile(file));
  return hash.digest('hex');
}

describe('generate: sizes, pages and books', () => {
  it('reads sizes with 1 MB = 2^20 bytes', () => {
    assert.equal(parseSize('500KB'), 500 * 1024);
    assert.equal(parseSize('200MB'), 200 * 2 ** 20);
    assert.equal(parseSize('2GB'), 2 * 2 ** 30);
    assert.equal(parseSize('1.5mb'), 1.5 * 2 ** 20);
    assert.throws(() => parseSize('12XB'), /--size/);
    assert.throws(() => parseSize('100'), /at least 1KB/);
  });

  it('writes about --size bytes, and the manifest counts them', async () => {
    for (const format of FORMATS) {
      const manifest = await generate({ format, out: join(folder, `sized-${format}${format === 'finicity' ? '' : '.json'}`), size: '3MB' });
      const onDisk = (await Promise.all(manifest.books[0]!.files.map((file) => stat(file)))).reduce((n, s) => n + s.size, 0);
      assert.equal(onDisk, manifest.bytes);
      assert.ok(Math.abs(manifest.bytes - 3 * 2 ** 20) < 0.03 * 3 * 2 ** 20, `${format}: ${manifest.bytes}`);
    }
  });

  it('pages a large Finicity bundle and the pages ingest as one document', async () => {
    const manifest = await generate({ format: 'finicity', out: join(folder, 'paged'), transactions: 2_500, accounts: 3, seed: 2 });
    const planted = manifest.books[0]!;
    assert.equal(planted.files.filter((file) => file.includes('transactions-page-')).length, 3);
    await withBook((book) => assertBookMatches(book, planted));
  });

  it('writes --books N books, each its own, that ingest', async () => {
    const manifest = await generate({ format: 'plaid-transactions', out: join(folder, 'books'), books: 3, seed: 4 });
    assert.equal(manifest.books.length, 3);
    assert.deepEqual(manifest.books.map((book) => book.path.slice(folder.length)), ['/books/book-001.json', '/books/book-002.json', '/books/book-003.json']);
    assert.equal(new Set(manifest.books.map((book) => book.seed)).size, 3);
    for (const planted of manifest.books) await withBook((book) => assertBookMatches(book, planted));
  });

  it('refuses a folder output that is not empty (stray pages would join the bundle)', async () => {
    const out = join(folder, 'figures-finicity');
    await assert.rejects(generate({ format: 'finicity', out }), /not empty/);
  });
});

describe('generate: the planted words classify as meant under the shipped rules', () => {
  it('only NSF payees are NSF fees, only lender payees are lenders', async () => {
    const rules = await loadRules();
    const matcher = new DescriptionMatcher(rules);
    const nsfCategories = new Set(matcher.nsfCategories);
    const lenderPayees = LENDERS.flatMap((lender) => [lender.funding, lender.debit]);
    const all = (Object.values(payees) as unknown[]).flatMap((value) => (Array.isArray(value) ? (value as unknown[]) : [value])).filter(isPayee);
    assert.ok(all.length > 25);
    for (const payee of [...all, ...lenderPayees]) {
      const description = payee.description.replace('{n}', '123456').replace('{to}', 'XXXXXX1234').replace('{from}', 'XXXXXX1234');
      const match = matcher.match(description);
      const isNsf = NSF_FEES.includes(payee);
      assert.equal((match.terms & TERM_BIT.nsf) !== 0, isNsf, description);
      assert.equal((match.terms & (TERM_BIT.nsf_excluded | TERM_BIT.fee_reversal)) !== 0, false, description);
      assert.equal(nsfCategories.has(upperAscii(payee.category.join(', '))) || nsfCategories.has(payee.pfc[1]), isNsf, `${description}: category`);
      if (INCOME.includes(payee) || CARD_CREDIT.includes(payee)) {
        // Customer money is revenue: no transfer-in, wire or non-revenue words.
        assert.equal(match.terms & (TERM_BIT.transfer_in | TERM_BIT.wire | TERM_BIT.non_revenue), 0, description);
      }
      const lender = LENDERS.find((l) => l.funding === payee || l.debit === payee);
      assert.equal(match.lender === -1 ? null : rules.lenders[match.lender]!.name, lender?.lender ?? null, description);
    }
  });
});

function isPayee(value: unknown): value is Payee {
  return typeof value === 'object' && value !== null && 'description' in value && 'pfc' in value;
}

describe('generate: flat memory', () => {
  it('writes 200 MB in a child process under 150 MB of peak RSS', async () => {
    const script = fileURLToPath(new URL('./helpers/generate-child.ts', import.meta.url));
    const out = join(folder, 'large.json');
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', script, out, '200MB'], (error, text) => (error === null ? resolve(text) : reject(error)));
    });
    const { bytes, peakRssMb } = JSON.parse(stdout) as { bytes: number; peakRssMb: number };
    assert.ok(Math.abs(bytes - 200 * 2 ** 20) < 2 ** 20 * 4, String(bytes));
    assert.ok(peakRssMb < 150, `peak RSS ${peakRssMb} MB`);
    await rm(out);
  });
});
