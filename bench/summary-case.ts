/**
 * The summary benchmark: a book of 1.5 million transactions over 5 accounts and 2 years, written
 * straight through the store's writer (with the rows classification looks for: lender fundings and
 * debits, NSF fees and refunds, wires, factoring, tax refunds, and transfers between consecutive
 * accounts), then timed:
 *   - materialize: computing every account's figures from nothing (what the first ingest pays);
 *   - classify: every row classified under the shipped rules, and the book's transfers paired;
 *   - summary: the book summary read from the materialized figures and classification (target < 5 s);
 *   - summary + extras: with weekday figures and the recurring groups listed;
 *   - every extra field: the summary with all of them, streamed as the CLI writes it (target < 8 s);
 *   - rules changed: a summary under an edited copy of the rules (one lender more): the rows are
 *     classified again, the figures and pairs are not (target < 5 s); then every extra field under the
 *     shipped rules again (classified once more);
 *   - incremental: one new document touching one account, then its refresh (the others stay as they are).
 *
 *   node --import tsx bench/summary-case.ts --child [--transactions 1500000] [--accounts 5]
 * (one run in its own process, so its peak RSS is its own: prints a table, then ONE JSON line).
 * run.ts calls runSummaryBench() after the ingest cases.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './machine.js';
import { Random } from './random.js';
import { refreshFigures } from '../dist/src/analytics/refresh.js';
import { parseMoney } from '../dist/src/core/money.js';
import { refreshClassification } from '../dist/src/analytics/classification/refresh-classification.js';
import { EXTRA_FIELDS, parseExtraFields } from '../dist/src/report/extra-fields.js';
import { bookSummary, bookSummaryJson } from '../dist/src/report/summary.js';
import { defaultRulesFolder, loadRules } from '../dist/src/rules/rules-folder.js';
import { ensureBook } from '../dist/src/store/books.js';
import { openDatabase, type StoreDatabase } from '../dist/src/store/database.js';
import { DocumentWriter } from '../dist/src/store/document-writer.js';

export interface SummaryBenchResult {
  readonly transactions: number;
  readonly accounts: number;
  readonly days: number;
  readonly buildSeconds: number;
  readonly materializeSeconds: number;
  readonly summarySeconds: number;
  readonly summaryBytes: number;
  readonly extrasSeconds: number;
  readonly extrasBytes: number;
  /** Classifying every row under the shipped rules, and pairing the book's transfers. */
  readonly classifySeconds: number;
  /** The summary with every extra field, streamed (figures and classification stored). */
  readonly fullSeconds: number;
  readonly fullBytes: number;
  /** A summary after changing only the rules: the classification redone, the figures reused. */
  readonly rulesChangedSeconds: number;
  /** The full summary after changing the rules back. */
  readonly rulesChangedFullSeconds: number;
  readonly incrementalSeconds: number;
  readonly refreshedAccounts: number;
  readonly peakRssMb: number;
}

const FIRST_DAY = Date.UTC(2023, 0, 1);
const DAYS = 731; // 2023-01-01 … 2024-12-31
const WRITE_BATCH = 10_000;

function isoDay(dayIndex: number): string {
  return new Date(FIRST_DAY + dayIndex * 86_400_000).toISOString().slice(0, 10);
}

function cents(value: number): string {
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  return `${sign}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

/**
 * What a row is, by a draw: mostly card spending and customer payments, with the rows classification
 * looks for at realistic rates (lender fundings and daily debits, NSF fees and refunds, wires, factoring,
 * tax refunds). Transfers between consecutive accounts are planted separately (transferAt).
 */
function describe(draw: number, index: number, amountCents: number): { description: string; amountCents: number; category: string | null } {
  if (draw < 0.004) return { description: 'NSF ITEM FEE', amountCents: -3_500, category: 'Bank Fees, Insufficient Funds' };
  if (draw < 0.005) return { description: 'NSF FEE REFUND', amountCents: 3_500, category: null };
  if (draw < 0.015) return { description: `ONDECK CAPITAL ACH DEBIT ${index % 1000}`, amountCents: -45_000, category: null };
  if (draw < 0.016) return { description: 'YELLOWSTONE CAP FUNDING CCD', amountCents: 2_500_000, category: null };
  if (draw < 0.02) return { description: 'RTS FINANCIAL ACH PMT', amountCents: Math.abs(amountCents), category: null };
  if (draw < 0.03) return { description: 'INCOMING WIRE TRANSFER FROM CUSTOMER', amountCents: Math.abs(amountCents), category: null };
  if (draw < 0.032) return { description: 'IRS TREAS 310 TAX REF', amountCents: Math.abs(amountCents), category: null };
  if (amountCents > 0) return { description: `ACH CREDIT CUSTOMER ${index % 389} INV ${index}`, amountCents, category: null };
  return { description: `CARD PURCHASE MERCHANT ${index % 997} STORE ${index % 31}`, amountCents, category: null };
}

/** Every 40th row moves money from each account to the next, the same amount on the same day: an interbank pair. */
function transferAt(account: number, accounts: number, index: number): { description: string; amountCents: number } | null {
  if (index % 40 !== 7) return null;
  const amountCents = 10_000 + ((index * 7919) % 500_000);
  if (account + 1 < accounts) return { description: `ONLINE TRANSFER TO ACCT ${account + 1}`, amountCents: -amountCents };
  return null;
}

function transferFrom(account: number, index: number): { description: string; amountCents: number } | null {
  if (index % 40 !== 7 || account === 0) return null;
  return { description: `ONLINE TRANSFER FROM ACCT ${account - 1}`, amountCents: 10_000 + ((index * 7919) % 500_000) };
}

/** One account's two years: random deposits and payments, a biweekly payroll and a monthly rent (they recur), classified rows. */
export function writeAccount(db: StoreDatabase, bookPk: number, account: number, accounts: number, count: number): void {
  const random = new Random(account + 1);
  const id = `acct-${account}`;
  const writer = DocumentWriter.begin(db, bookPk, { name: `bench-${id}`, format: 'PLAID_TRANSACTIONS', files: [] });
  writer.describeAccount({
    sourceAccountId: id, name: `Checking ${account}`, officialName: null, accountType: 'depository', accountSubtype: 'checking',
    isDepository: true, accountNumber: String(1000 + account), bankName: 'Bench Bank', institutionId: null, currency: 'USD', holder: null,
  });
  let rows = [];
  for (let index = 0; index < count; index += 1) {
    const day = Math.floor((index * DAYS) / count);
    const date = isoDay(day);
    const recurring = index % 500 === 0 ? -230_721 : index % 997 === 0 ? -350_000 : null;
    const randomAmount = Math.round((random.next() - 0.48) * 400_000);
    const draw = random.next();
    const planted = transferAt(account, accounts, index) ?? transferFrom(account, index);
    const row = planted !== null ? { ...planted, category: null } : recurring !== null ? { description: `RENT AND PAYROLL ${recurring}`, amountCents: recurring, category: null } : describe(draw, index, randomAmount);
    rows.push({
      sourceAccountId: id, sourceTxnId: `${id}-${index}`, date, amount: parseMoney(cents(row.amountCents)), description: row.description,
      status: 'posted' as const, category: row.category, merchantName: null, pfcDetailed: null,
    });
    if (rows.length === WRITE_BATCH) {
      writer.writeTransactions(rows);
      rows = [];
    }
  }
  writer.writeTransactions(rows);
  for (let day = DAYS - 30; day < DAYS; day += 1) {
    writer.writeBalancePoint({ sourceAccountId: id, date: isoDay(day), kind: 'end_of_day', balance: parseMoney(cents(5_000_000 + day * 100)) });
  }
  writer.writeBalancePoint({ sourceAccountId: id, date: isoDay(DAYS), kind: 'anchor', balance: parseMoney('50000.00') });
  writer.commit({ sha256: `bench-${id}`, bytes: 0 });
}

/** The shipped rules with one more lender: what a user's edited copy looks like. */
async function editedRules(folder: string): Promise<string> {
  const edited = join(folder, 'edited-rules');
  await mkdir(edited);
  await copyFile(join(defaultRulesFolder(), 'terms.json'), join(edited, 'terms.json'));
  const lenders = JSON.parse(await readFile(join(defaultRulesFolder(), 'lenders.json'), 'utf8')) as { lenders: unknown[] };
  lenders.lenders.push({ name: 'Bench Merchant Funding', kinds: ['merchant_cash_advance'], aliases: ['MERCHANT 42 STORE'] });
  await writeFile(join(edited, 'lenders.json'), JSON.stringify(lenders));
  return edited;
}

/** Streams a summary's JSON to nowhere, as the CLI streams it to stdout; returns its length. */
async function jsonLength(pieces: AsyncIterable<string>): Promise<number> {
  let length = 0;
  for await (const piece of pieces) length += piece.length;
  return length;
}

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, (performance.now() - start) / 1000];
}

/** Runs the summary case in a child process and prints its table; returns its result. */
export function runSummaryBench(transactions: number, accounts = 5): Promise<SummaryBenchResult> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', '--transactions', String(transactions), '--accounts', String(accounts)];
  process.stderr.write(`running the summary case (${transactions} transactions)...\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.trim().split('\n');
      const last = lines.pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`the summary case exited with ${code}: ${last}`));
      console.log(`\n${lines.join('\n')}`);
      resolve(JSON.parse(last) as SummaryBenchResult);
    });
  });
}

async function runChild(total: number, accounts: number): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'bookstream-summary-'));
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  try {
    const db = await openDatabase(join(folder, 'book.db'));
    const bookPk = ensureBook(db, 'bench');
    const book = { pk: bookPk, name: 'bench' };
    const [, buildSeconds] = await timed(() => {
      for (let account = 0; account < accounts; account += 1) writeAccount(db, bookPk, account, accounts, Math.floor(total / accounts));
    });
    const [rules, edited] = [await loadRules(), await loadRules(await editedRules(folder))];
    const request = (fields: string, withRules = rules) => ({ extra: parseExtraFields(fields), rules: withRules });
    const [, materializeSeconds] = await timed(() => refreshFigures(db, bookPk));
    const [, classifySeconds] = await timed(() => refreshClassification(db, bookPk, rules));
    const [summary, summarySeconds] = await timed(async () => JSON.stringify(await bookSummary(db, book, request(''))));
    const [extras, extrasSeconds] = await timed(async () => JSON.stringify(await bookSummary(db, book, request('weekday_balances,probable_recurring_txns'))));
    const [full, fullSeconds] = await timed(async () => jsonLength(bookSummaryJson(db, book, request(EXTRA_FIELDS.join(',')))));
    const [, rulesChangedSeconds] = await timed(async () => JSON.stringify(await bookSummary(db, book, request('', edited))));
    const [, rulesChangedFullSeconds] = await timed(async () => jsonLength(bookSummaryJson(db, book, request(EXTRA_FIELDS.join(','), rules))));
    const writer = DocumentWriter.begin(db, bookPk, { name: 'bench-late', format: 'PLAID_TRANSACTIONS', files: [] });
    writer.writeTransactions([{ sourceAccountId: 'acct-0', sourceTxnId: 'late', date: isoDay(DAYS - 1), amount: parseMoney('12.34'), description: 'LATE', status: 'posted', category: null, merchantName: null, pfcDetailed: null }]);
    writer.commit({ sha256: 'bench-late', bytes: 0 });
    const [refreshed, incrementalSeconds] = await timed(() => refreshFigures(db, bookPk));
    await db.close();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const result: SummaryBenchResult = {
      transactions: total, accounts, days: DAYS,
      buildSeconds: round(buildSeconds), materializeSeconds: round(materializeSeconds),
      summarySeconds: round(summarySeconds), summaryBytes: summary.length,
      extrasSeconds: round(extrasSeconds), extrasBytes: extras.length,
      classifySeconds: round(classifySeconds), fullSeconds: round(fullSeconds), fullBytes: full,
      rulesChangedSeconds: round(rulesChangedSeconds), rulesChangedFullSeconds: round(rulesChangedFullSeconds),
      incrementalSeconds: round(incrementalSeconds), refreshedAccounts: refreshed.length,
      peakRssMb: Math.round(peakRss / 2 ** 20),
    };
    printTable(result);
    console.log(JSON.stringify(result));
  } finally {
    clearInterval(sampler);
    await rm(folder, { recursive: true, force: true });
  }
}

function printTable(result: SummaryBenchResult): void {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  console.log(`summary case on ${describeMachine()}`);
  console.log(`book: ${result.transactions} transactions, ${result.accounts} accounts, ${result.days} days (written in ${result.buildSeconds} s)`);
  console.log(`materialize all figures     ${result.materializeSeconds.toFixed(2)} s`);
  console.log(`summary                     ${result.summarySeconds.toFixed(2)} s  (${mb(result.summaryBytes)} MB of JSON)  target < 5 s: ${result.summarySeconds < 5 ? 'met' : 'NOT met'}`);
  console.log(`summary + weekday/recurring ${result.extrasSeconds.toFixed(2)} s  (${mb(result.extrasBytes)} MB of JSON)`);
  console.log(`classify (shipped rules)    ${result.classifySeconds.toFixed(2)} s`);
  console.log(`summary, every extra field  ${result.fullSeconds.toFixed(2)} s  (${mb(result.fullBytes)} MB of JSON)  target < 8 s: ${result.fullSeconds < 8 ? 'met' : 'NOT met'}`);
  console.log(`summary, rules changed      ${result.rulesChangedSeconds.toFixed(2)} s  target < 5 s: ${result.rulesChangedSeconds < 5 ? 'met' : 'NOT met'}`);
  console.log(`every extra field, rules changed back ${result.rulesChangedFullSeconds.toFixed(2)} s`);
  console.log(`incremental refresh         ${result.incrementalSeconds.toFixed(2)} s  (${result.refreshedAccounts} of ${result.accounts} accounts recomputed)`);
  console.log(`peak RSS                    ${result.peakRssMb} MB`);
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

if (process.argv.includes('--child')) {
  const { values } = parseArgs({
    options: { child: { type: 'boolean' }, transactions: { type: 'string', default: '1500000' }, accounts: { type: 'string', default: '5' } },
  });
  await runChild(Number(values.transactions), Number(values.accounts));
}
