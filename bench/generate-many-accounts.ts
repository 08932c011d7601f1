/**
 * A Plaid `/asset_report/get` response of very many small accounts (issue 12: 200,000 accounts in
 * about 85 MB), streamed to disk with back-pressure and deterministic for a given account count and seed.
 * Items of 10 accounts each, in Plaid's key order: `date_generated` before `items`, each item's
 * `institution_name` after its `accounts`. Each account has 1 to 3 transactions (2 on average) dated
 * in the first half of 2024, and a `balances.current`.
 *
 * CLI: node --import tsx bench/generate-many-accounts.ts OUT.json ACCOUNTS [SEED]
 */
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { amountText, randomId } from './generate-asset-report.js';
import { ChunkedWriter, DATA_DIR, ensureGenerated } from './generated-input.js';
import { Random } from './random.js';

const GENERATOR_VERSION = 1;
const ACCOUNTS_PER_ITEM = 10;
const FIRST_DAY = Date.UTC(2024, 0, 1);
const DAYS = 182;

export interface ManyAccountsReport {
  readonly file: string;
  readonly bytes: number;
  readonly accounts: number;
  readonly transactions: number;
  readonly seed: number;
  readonly version: number;
}

function isoDay(dayIndex: number): string {
  return new Date(FIRST_DAY + dayIndex * 86_400_000).toISOString().slice(0, 10);
}

/** One account with its transactions: about 450 bytes of compact JSON. */
function accountJson(random: Random, index: number): { json: string; transactions: number } {
  const id = `${randomId(random, 12)}${String(index).padStart(8, '0')}`;
  const count = random.int(1, 3);
  const txns = Array.from({ length: count }, (_, n) =>
    `{"account_id":"${id}","amount":${amountText(random.int(-50_000, 90_000))},"date":"${isoDay(random.int(0, DAYS - 1))}",` +
    `"name":"PAYEE ${random.int(100, 999)}","pending":false,"transaction_id":"${id}${n}"}`);
  const json =
    `{"account_id":"${id}","balances":{"current":${amountText(random.int(0, 2_000_000))},"iso_currency_code":"USD"},` +
    `"mask":"${String(index % 10_000).padStart(4, '0')}","name":"Checking","subtype":"checking","transactions":[${txns.join(',')}],"type":"depository"}`;
  return { json, transactions: count };
}

export async function generateManyAccounts(file: string, accounts: number, seed: number): Promise<ManyAccountsReport> {
  const random = new Random(seed);
  const out = new ChunkedWriter(createWriteStream(file));
  let transactions = 0;
  await out.write(`{"report":{"asset_report_id":"many-${seed}","date_generated":"2024-07-01T09:00:00Z","days_requested":${DAYS},"items":[`);
  for (let first = 0; first < accounts; first += ACCOUNTS_PER_ITEM) {
    await out.write(`${first === 0 ? '' : ','}{"accounts":[`);
    for (let index = first; index < Math.min(first + ACCOUNTS_PER_ITEM, accounts); index += 1) {
      const account = accountJson(random, index);
      transactions += account.transactions;
      await out.write(`${index === first ? '' : ','}${account.json}`);
    }
    await out.write(`],"institution_id":"ins_${first}","institution_name":"Bank ${first}","item_id":"item-${first}"}`);
  }
  await out.write(`],"user":{"ssn":"111-22-1234"}},"request_id":"many"}\n`);
  await out.close();
  return { file, bytes: out.bytes, accounts, transactions, seed, version: GENERATOR_VERSION };
}

/** The report for this many accounts under bench/.data, generated only if no complete copy exists. */
export function ensureManyAccounts(accounts: number, seed = 1): Promise<ManyAccountsReport & { reused: boolean }> {
  const file = join(DATA_DIR, `many-accounts-${accounts}-seed${seed}-v${GENERATOR_VERSION}.json`);
  return ensureGenerated(file, GENERATOR_VERSION, (partial) => generateManyAccounts(partial, accounts, seed));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [out, accounts, seed = '1'] = process.argv.slice(2);
  if (out === undefined || !(Number(accounts) > 0)) {
    console.error('usage: node --import tsx bench/generate-many-accounts.ts OUT.json ACCOUNTS [SEED]');
    process.exitCode = 2;
  } else console.log(JSON.stringify(await generateManyAccounts(out, Number(accounts), Number(seed))));
}
