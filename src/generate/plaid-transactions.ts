/**
 * A Plaid `/transactions/get` pull: `accounts` (balances as of the newest row, which is on the last day),
 * `transactions` newest first, `item`, `total_transactions`. A book of more than PAGE_ROWS rows is cut into
 * pages, each a whole response listing every account, in a folder (`transactions-page-N.json`): bookstream
 * reads the pages of one call as one document.
 */
import { join } from 'node:path';
import { pageCount, rowsByDay, type BookOutput, type WrittenBook } from './book-output.js';
import { balancesJson, pageTransactionJson, plaidAccountIds, requestId } from './plaid-json.js';
import { randomId, uniqueId } from './random.js';
import type { ChunkedWriter } from './writer.js';

/** Plaid pages hold at most 500 rows; a generated book's pages hold more, so a 2 GB pull is ~25 files, not 7,000. */
export const PLAID_PAGE_ROWS = 100_000;

/** Whether the book is written as a folder of pages rather than one file. */
export function plaidTransactionsPaged(rows: number): boolean {
  return pageCount(rows, PLAID_PAGE_ROWS) > 1;
}

export async function writePlaidTransactions(output: BookOutput): Promise<WrittenBook> {
  const { book, random, sink, path, tally } = output;
  const ids = plaidAccountIds(book.accounts, random);
  const pages = pageCount(book.transactions, PLAID_PAGE_ROWS);
  const files = pages === 1 ? [path] : Array.from({ length: pages }, (_, page) => join(path, `transactions-page-${page + 1}.json`));
  const accountsJson = book.accounts
    .map((account, index) => `{"account_id":"${ids[index]}","balances":${balancesJson(account, account.endingCents)},"mask":"${account.mask}","name":"${account.kind.name}","official_name":"${account.kind.officialName}","subtype":"${account.kind.plaidSubtype}","type":"${account.kind.plaidType}"}`)
    .join(',');
  const itemJson = `{"available_products":["balance","identity"],"billed_products":["assets","auth","transactions"],"consent_expiration_time":null,"error":null,"institution_id":"ins_131442","institution_name":"Bluebonnet Community Bank","item_id":"${randomId(random, 37)}","update_type":"background","webhook":null}`;
  let bytes = 0;
  let page = -1;
  let onPage = 0;
  let out: ChunkedWriter | null = null;
  const closePage = async (): Promise<void> => {
    if (out === null) return;
    await out.write(`],"item":${itemJson},"total_transactions":${book.transactions},"request_id":"${requestId(random)}"}\n`);
    await out.close();
    bytes += out.bytes;
  };
  let counter = 0;
  for (const row of rowsByDay(book, true)) {
    if (out === null || onPage === PLAID_PAGE_ROWS) {
      await closePage();
      out = sink.open(files[++page]!);
      onPage = 0;
      await out.write(`{"accounts":[${accountsJson}],"transactions":[`);
    }
    await out.write(`${onPage++ === 0 ? '' : ','}${pageTransactionJson(row, ids[row.account]!, uniqueId(random, counter++))}`);
    tally.record(row);
  }
  if (out === null) {
    out = sink.open(files[0]!);
    await out.write(`{"accounts":[${accountsJson}],"transactions":[`);
  }
  await closePage();
  return { files, bytes, accountIds: ids, endingCents: book.accounts.map((account) => account.endingCents) };
}
