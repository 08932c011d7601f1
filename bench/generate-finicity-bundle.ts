/**
 * Writes a large Finicity bundle for the benchmark: a customer, an institution, an accounts file
 * (checking, savings, a credit card, an investment account) and transactions pages of ~25 MB each,
 * shaped like /work/shared/conformance/finicity-transactions.openapi.json. Deterministic for a size.
 *
 * CLI: node --import tsx bench/generate-finicity-bundle.ts OUT_DIR MEGABYTES
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DATA_DIR, MB } from './generate-asset-report.js';
import { ChunkedWriter } from './generated-input.js';

const PAGE_BYTES = 25 * MB;
const FIRST_DAY = 1_641_013_200; // 2022-01-01T05:00Z, a US-Central midnight
const ACCOUNTS = [
  { id: '7100000001', type: 'checking' },
  { id: '7100000002', type: 'savings' },
  { id: '7100000003', type: 'creditCard' },
  { id: '7100000004', type: 'investment' },
];
const PAYEES = ['STRIPE TRANSFER', 'GUSTO NET PAY', 'SHELL OIL 57444', 'HOME DEPOT #6542', 'TXU ENERGY AUTOPAY', 'SQ *AUSTIN TACO CO'];
const STATUSES = ['active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'pending', 'shadow'];

export interface GeneratedBundle {
  readonly dir: string;
  readonly files: string[];
  readonly bytes: number;
  readonly transactions: number;
}

function transaction(index: number): string {
  const account = ACCOUNTS[index % ACCOUNTS.length]!;
  const cents = ((index * 7919) % 400_000) - 150_000;
  const amount = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
  const payee = PAYEES[index % PAYEES.length]!;
  const date = FIRST_DAY + Math.floor(index / 300) * 86_400;
  return JSON.stringify({
    id: 20_000_000_000 + index,
    amount: Number(amount),
    accountId: Number(account.id),
    customerId: 1005061234,
    status: STATUSES[index % STATUSES.length],
    description: payee,
    memo: `${payee} REF ${index}`,
    type: cents < 0 ? 'debit' : 'credit',
    postedDate: date,
    transactionDate: date - 86_400,
    createdDate: date,
    categorization: { normalizedPayeeName: payee.split(' ')[0], category: 'Business', bestRepresentation: payee, country: 'USA' },
  });
}

async function writePage(file: string, first: number, targetBytes: number): Promise<number> {
  const out = new ChunkedWriter(createWriteStream(file));
  let index = first;
  await out.write(`{"found":0,"displaying":0,"moreAvailable":"true","fromDate":"${FIRST_DAY}","toDate":"${FIRST_DAY + 86_400_000}","sort":"asc","transactions":[`);
  while (out.bytes < targetBytes) await out.write(`${index === first ? '' : ','}\n${transaction(index++)}`);
  await out.write('\n]}\n');
  await out.close();
  return index - first;
}

export async function generateFinicityBundle(dir: string, megabytes: number): Promise<GeneratedBundle> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'customer.json'), JSON.stringify({ id: '1005061234', firstName: 'Dana', lastName: 'Reyes' }));
  await writeFile(join(dir, 'institution.json'), JSON.stringify({ institution: { id: 4222, name: 'FinBank' } }));
  const accounts = ACCOUNTS.map(({ id, type }) => ({ id, type, name: type, balance: 1000, balanceDate: FIRST_DAY, customerId: '1005061234', institutionId: '4222' }));
  await writeFile(join(dir, 'accounts.json'), JSON.stringify({ accounts }));
  let transactions = 0;
  for (let page = 1; transactions === 0 || (await bundleBytes(dir)) < megabytes * MB; page++) {
    const remaining = megabytes * MB - (await bundleBytes(dir));
    transactions += await writePage(join(dir, `transactions-page-${page}.json`), transactions, Math.min(PAGE_BYTES, Math.max(remaining, 1)));
  }
  const files = (await readdir(dir)).map((name) => join(dir, name));
  return { dir, files, bytes: await bundleBytes(dir), transactions };
}

async function bundleBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

/** The bundle of `megabytes` under bench/.data, generated again every run (it takes seconds). */
export function bundleDir(megabytes: number): string {
  return join(DATA_DIR, `finicity-bundle-${megabytes}mb`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, megabytes] = process.argv.slice(2);
  const result = await generateFinicityBundle(dir ?? bundleDir(100), Number(megabytes ?? 100));
  console.log(JSON.stringify({ ...result, files: result.files.length }));
}
