/**
 * A Finicity bundle, a folder: `customer.json`, one `institution-<id>.json` per institution (the accounts
 * are split between two banks), `accounts.json` (balance as of balanceDate, the last day) and transactions
 * pages sorted by date. Amounts are positive = money in, reversed for credit cards; dates are epoch
 * seconds; a pending row has postedDate 0 (Finicity's placeholder) and its transactionDate.
 */
import { join } from 'node:path';
import { pageCount, rowsByDay, type BookOutput, type WrittenBook } from './book-output.js';
import type { LedgerAccount, LedgerRow } from './ledger.js';
import { mixSeed } from './random.js';
import { amountText, epochSeconds } from './values.js';
import { writeWhole, type ChunkedWriter } from './writer.js';

/** Finicity's own page limit is 1,000 rows; past 25 such pages a generated book uses pages of 50,000. */
const SMALL_PAGE_ROWS = 1_000;
const LARGE_PAGE_ROWS = 50_000;

export function finicityPageRows(rows: number): number {
  return rows <= 25 * SMALL_PAGE_ROWS ? SMALL_PAGE_ROWS : LARGE_PAGE_ROWS;
}

const INSTITUTIONS = [
  { id: '170900', name: 'Bluebonnet Community Bank', city: 'Austin' },
  { id: '102105', name: 'FinBank', city: 'Dallas' },
];

interface Bundle {
  readonly customerId: string;
  readonly accountIds: readonly string[];
  readonly institutionOf: (account: LedgerAccount) => (typeof INSTITUTIONS)[number];
}

export async function writeFinicity(output: BookOutput): Promise<WrittenBook> {
  const { book, path, sink } = output;
  const prefix = 10_000 + (mixSeed(book.spec.seed, 0xf1c) % 90_000);
  const bundle: Bundle = {
    customerId: String(7_000_000_000 + (mixSeed(book.spec.seed, 0xc05) % 1_000_000_000)),
    accountIds: book.accounts.map((account) => `${prefix}${String(account.index).padStart(6, '0')}`),
    institutionOf: (account) => INSTITUTIONS[account.index < Math.ceil(book.accounts.length / 2) ? 0 : 1]!,
  };
  const files: string[] = [];
  let bytes = 0;
  const whole = async (name: string, text: string): Promise<void> => {
    files.push(join(path, name));
    bytes += await writeWhole(sink, join(path, name), text);
  };
  await whole('customer.json', customerJson(bundle, book.business, book.calendar.firstDay));
  for (const institution of new Set(book.accounts.map(bundle.institutionOf))) await whole(`institution-${institution.id}.json`, institutionJson(institution));
  await whole('accounts.json', accountsJson(output, bundle));
  const pages = await writePages(output, bundle);
  return { files: [...files, ...pages.files], bytes: bytes + pages.bytes, accountIds: bundle.accountIds, endingCents: book.accounts.map((account) => account.endingCents) };
}

function customerJson(bundle: Bundle, business: string, firstDay: number): string {
  const createdDate = String(epochSeconds(firstDay));
  return `${JSON.stringify({ id: bundle.customerId, username: business.split(' ')[0]!.toLowerCase(), firstName: 'Dana', lastName: 'Reyes', type: 'active', createdDate })}\n`;
}

function institutionJson(institution: (typeof INSTITUTIONS)[number]): string {
  const body = { id: Number(institution.id), name: institution.name, transAgg: true, accountTypeDescription: 'Banking', class: 'banking', address: { city: institution.city, state: 'TX', country: 'USA' }, currency: 'USD', status: 'online' };
  return `${JSON.stringify({ institution: body })}\n`;
}

function accountsJson({ book }: BookOutput, bundle: Bundle): string {
  const accounts = book.accounts.map((account, index) => {
    const id = bundle.accountIds[index]!;
    return (
      `{"id":"${id}","number":"00000${account.mask}","accountNumberDisplay":"${account.mask}","name":"${account.kind.name}",` +
      `"balance":${amountText(account.endingCents)},"type":"${account.kind.finicityType}","status":"active","customerId":"${bundle.customerId}",` +
      `"institutionId":"${bundle.institutionOf(account).id}","balanceDate":${epochSeconds(book.calendar.lastDay)},"createdDate":${epochSeconds(book.calendar.firstDay)},"currency":"USD"}`
    );
  });
  return `{"accounts":[\n${accounts.join(',\n')}\n]}\n`;
}

/** Finicity's sign: positive = money in, reversed for credit cards (SPEC §2). */
function finicityAmount(row: LedgerRow, account: LedgerAccount): string {
  return amountText(account.kind.finicityType === 'creditCard' ? -row.cents : row.cents);
}

function transactionJson(row: LedgerRow, account: LedgerAccount, bundle: Bundle, id: number): string {
  const { payee } = row;
  const date = epochSeconds(row.day);
  return (
    `{"id":${id},"amount":${finicityAmount(row, account)},"accountId":${bundle.accountIds[row.account]},"customerId":${bundle.customerId},` +
    `"status":"${row.pending ? 'pending' : 'active'}","description":${JSON.stringify(row.description)},"type":"${payee.finicityType}",` +
    `"postedDate":${row.pending ? 0 : date},"transactionDate":${date},"createdDate":${date + 3600},` +
    `"categorization":{"normalizedPayeeName":${JSON.stringify(payee.merchant ?? payee.name)},"category":"${payee.finicityCategory}","country":"USA"}}`
  );
}

async function writePages(output: BookOutput, bundle: Bundle): Promise<{ files: string[]; bytes: number }> {
  const { book, sink, path, tally } = output;
  const pageRows = finicityPageRows(book.transactions);
  const pages = pageCount(book.transactions, pageRows);
  const files = Array.from({ length: pages }, (_, page) => join(path, `transactions-page-${page + 1}.json`));
  let bytes = 0;
  let page = -1;
  let onPage = 0;
  let out: ChunkedWriter | null = null;
  const openPage = async (): Promise<void> => {
    if (out !== null) bytes += await closePage(out);
    page++;
    onPage = 0;
    out = sink.open(files[page]!);
    const displaying = Math.min(pageRows, book.transactions - page * pageRows);
    const more = page + 1 < pages;
    await out.write(
      `{"found":${book.transactions},"displaying":${displaying},"moreAvailable":"${more}","fromDate":"${epochSeconds(book.calendar.firstDay)}","toDate":"${epochSeconds(book.calendar.lastDay)}","sort":"asc","transactions":[`,
    );
  };
  let id = 40_000_000_000;
  for (const row of rowsByDay(book, false)) {
    if (out === null || onPage === pageRows) await openPage();
    await out!.write(`${onPage++ === 0 ? '' : ','}\n${transactionJson(row, book.accounts[row.account]!, bundle, id++)}`);
    tally.record(row);
  }
  if (out === null) await openPage();
  bytes += await closePage(out!);
  return { files, bytes };
}

async function closePage(out: ChunkedWriter): Promise<number> {
  await out.write('\n]}\n');
  await out.close();
  return out.bytes;
}
