/**
 * Micro-benchmark of the JSON scanner: `node --import tsx bench/scanner.ts [MB]` (default 100).
 *
 * Builds an Asset-Report-shaped document in memory (a few items and accounts, each with many realistic Plaid
 * transactions of ~600-700 bytes with nested location/payment_meta objects), once compact and once pretty-printed
 * (indent 2, like the files saved from Plaid's docs), and feeds it in 1 MiB chunks:
 *   (a) every value skipped at the root (validation only),
 *   (b) descending to the transactions and capturing each one (no parse),
 *   (c) (b) + JSON.parse of each captured text,
 *   and, for reference, JSON.parse alone over the texts (b) captures.
 * Each measurement runs in a fresh child process (so one measurement's JIT feedback cannot speed up or slow down the
 * next). The figure is the best of RUNS runs: the steady state, once V8 has optimized the scanner and sized its heap
 * (other processes on a shared machine can only slow a run down); the first, cold run is shown beside it.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { Buffer } from 'node:buffer';
import type { JsonPath } from '../src/sources/json/json-path.js';
import { JsonScanner, type ScanHandler, type Visit } from '../src/sources/json/scanner.js';
import { Random } from './random.js';

const CHUNK = 1 << 20;
const RUNS = 8;
const ITEMS = 3;
const ACCOUNTS_PER_ITEM = 3;

const MEASUREMENTS = {
  skip: '(a) scan, root skipped          ',
  capture: '(b) scan, capture transactions  ',
  parse: '(c) (b) + JSON.parse each       ',
  parseAlone: '    JSON.parse alone, same texts',
} as const;
type Measurement = keyof typeof MEASUREMENTS;

interface Result {
  mb: number;
  seconds: number;
  firstSeconds: number;
  transactions: number;
  transactionBytes: number;
}

function main(): void {
  if (process.argv[2] === '--child') {
    const [, , , format, measurement, megabytes] = process.argv;
    console.log(JSON.stringify(measure(format === 'pretty', measurement as Measurement, Number(megabytes))));
    return;
  }
  const megabytes = Number(process.argv[2] ?? 100);
  if (!(megabytes > 0)) throw new Error(`usage: node --import tsx bench/scanner.ts [MB], not ${process.argv[2]}`);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`machine: ${cpu}, ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`);
  for (const format of ['compact', 'pretty']) {
    let result: Result | null = null;
    for (const measurement of Object.keys(MEASUREMENTS) as Measurement[]) {
      const args = [...process.execArgv, process.argv[1]!, '--child', format, measurement, String(megabytes)];
      result = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as Result;
      if (measurement === 'skip') console.log(`\n${format} asset report: ${result.mb.toFixed(1)} MB, 1 MiB chunks`);
      const rate = (seconds: number): string => `${(result!.mb / seconds).toFixed(0).padStart(5)} MB/s`;
      console.log(`${MEASUREMENTS[measurement]} ${rate(result.seconds)}   first run ${rate(result.firstSeconds)}`);
    }
    const { transactions, transactionBytes } = result!;
    console.log(`    ${transactions} transactions, ${Math.round(transactionBytes / transactions)} bytes each on average`);
  }
}

/** Runs one measurement RUNS times; the best time counts. */
function measure(pretty: boolean, measurement: Measurement, megabytes: number): Result {
  const input = assetReport(megabytes * 1e6, pretty);
  const texts: string[] = [];
  if (measurement === 'parseAlone') scan(input, new TransactionCapture('keep', texts));
  const run: () => void = {
    skip: () => scan(input, new SkipAll()),
    capture: () => scan(input, new TransactionCapture('drop')),
    parse: () => scan(input, new TransactionCapture('parse')),
    parseAlone: () => texts.forEach((text) => JSON.parse(text)),
  }[measurement];
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const started = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  const counted = new TransactionCapture('count');
  scan(input, counted);
  const seconds = Math.min(...times);
  return { mb: input.length / 1e6, seconds, firstSeconds: times[0]!, transactions: counted.count, transactionBytes: counted.bytes };
}

function scan(input: Buffer, handler: ScanHandler): void {
  const scanner = new JsonScanner(handler);
  for (let at = 0; at < input.length; at += CHUNK) scanner.write(input.subarray(at, at + CHUNK));
  scanner.end();
}

/** Handlers are classes, as the real readers are: the scanner's calls into them see one target each. */
class SkipAll implements ScanHandler {
  enter(): Visit {
    return 'skip';
  }
  captured(): void {}
}

/** Descends report.items[].accounts[].transactions and captures each transaction; skips everything else. */
class TransactionCapture implements ScanHandler {
  count = 0;
  bytes = 0;
  constructor(
    private readonly use: 'drop' | 'parse' | 'keep' | 'count',
    private readonly kept: string[] = [],
  ) {}

  enter(path: JsonPath): Visit {
    switch (path.length) {
      case 0:
        return 'descend';
      case 1:
        return path[0] === 'report' ? 'descend' : 'skip';
      case 2:
        return path[1] === 'items' ? 'descend' : 'skip';
      case 3:
        return 'descend';
      case 4:
        return path[3] === 'accounts' ? 'descend' : 'skip';
      case 5:
        return 'descend';
      case 6:
        return path[5] === 'transactions' ? 'descend' : 'skip';
      default:
        return 'capture';
    }
  }

  captured(_path: JsonPath, text: string): void {
    this.count++;
    if (this.use === 'parse') JSON.parse(text);
    else if (this.use === 'keep') this.kept.push(text);
    else if (this.use === 'count') this.bytes += Buffer.byteLength(text);
  }
}

/**
 * An Asset Report of about `size` bytes. The skeleton is stringified with placeholders, and the transactions arrays,
 * stringified one transaction at a time, are spliced in: quick, and indented like JSON.stringify(report, null, 2).
 */
function assetReport(size: number, pretty: boolean): Buffer {
  const random = prng(42);
  const sample = render(transaction(random, randomId(random, 37)), pretty, TRANSACTION_DEPTH);
  const perAccount = Math.max(1, Math.round(size / ITEMS / ACCOUNTS_PER_ITEM / (sample.length + 1)));
  const arrays: string[] = [];
  const items = [];
  for (let item = 0; item < ITEMS; item++) {
    const accounts = [];
    for (let account = 0; account < ACCOUNTS_PER_ITEM; account++) {
      const accountId = randomId(random, 37);
      const texts: string[] = [];
      for (let t = 0; t < perAccount; t++) texts.push(render(transaction(random, accountId), pretty, TRANSACTION_DEPTH));
      const indent = pretty ? '\n' + '  '.repeat(TRANSACTION_DEPTH) : '';
      const close = pretty ? '\n' + '  '.repeat(TRANSACTION_DEPTH - 1) : '';
      arrays.push(`[${indent}${texts.join(`,${indent}`)}${close}]`);
      accounts.push({
        account_id: accountId,
        balances: { available: 43200, current: 43200, limit: null, iso_currency_code: 'USD', unofficial_currency_code: null },
        days_available: 90,
        historical_balances: [{ current: 49050, date: '2023-03-29', iso_currency_code: 'USD', unofficial_currency_code: null }],
        mask: '4444',
        name: 'Plaid Checking',
        official_name: 'Plaid Gold Standard 0% Interest Checking',
        owners: [{ names: ['Alberta Bobbeth Charleson'], phone_numbers: [], emails: [], addresses: [] }],
        subtype: 'checking',
        transactions: `@@${arrays.length - 1}@@`,
        type: 'depository',
      });
    }
    items.push({ accounts, date_last_updated: '2023-03-30T18:25:26Z', institution_id: 'ins_109508', institution_name: 'First Platypus Bank', item_id: randomId(random, 37) });
  }
  const report = { report: { asset_report_id: randomId(random, 36), date_generated: '2023-03-30T18:27:37Z', days_requested: 90, items, user: { first_name: 'Alberta', ssn: '123-45-6789' } }, request_id: 'eYupqX1mZkEuQRx', warnings: [] };
  const skeleton = render(report, pretty, 0);
  return Buffer.from(skeleton.replace(/"@@(\d+)@@"/g, (_match, index: string) => arrays[Number(index)]!));
}

/** Transactions sit at report.items[i].accounts[j].transactions[k]: seven levels down. */
const TRANSACTION_DEPTH = 7;

function render(value: unknown, pretty: boolean, depth: number): string {
  return pretty ? JSON.stringify(value, null, 2).replaceAll('\n', '\n' + '  '.repeat(depth)) : JSON.stringify(value);
}

const MERCHANTS = ['Starbucks', 'Uber', 'SparkFun', 'Touchstone Climbing', "McDonald's", 'United Airlines', 'KFC', 'Madison Bicycle Shop'];
const CITIES = [['San Francisco', 'CA', '94103'], ['Malakoff', 'NY', '14236'], ['Austin', 'TX', '78701'], ['Zürich', 'ZH', '8001']];

/** A Plaid transaction as /asset_report/get returns it (with insights): about 600 bytes compact. */
function transaction(random: () => number, accountId: string): object {
  const merchant = MERCHANTS[Math.floor(random() * MERCHANTS.length)]!;
  const [city, region, postal] = random() < 0.05 ? CITIES[3]! : CITIES[Math.floor(random() * 3)]!;
  const date = `2023-03-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  return {
    account_id: accountId,
    amount: Math.round((random() * 2000 - 500) * 100) / 100,
    date,
    iso_currency_code: 'USD',
    location: { address: '300 Post St', city, region, postal_code: postal, country: 'US', store_number: null },
    merchant_name: merchant,
    name: merchant,
    original_description: `DEBIT CARD PURCHASE ${merchant.toUpperCase()} #${Math.floor(random() * 1e6)}`,
    payment_meta: { by_order_of: null, payee: null, payer: null, payment_method: null, payment_processor: null, ppd_id: null, reason: null, reference_number: null },
    pending: random() < 0.05,
    pending_transaction_id: null,
    transaction_id: randomId(random, 37),
    transaction_type: 'place',
    unofficial_currency_code: null,
  };
}

function randomId(random: () => number, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let k = 0; k < length; k++) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}

/** A seeded PRNG as a function, so every run scans the same bytes. */
function prng(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

main();
