/**
 * A Plaid `/credit/bank_statements/uploads/get` response: one item holding a statement per account and
 * calendar month (the gap month too, with no rows), each with its period's starting and ending balance.
 * The balance runs forward from the account's drawn balance, taken here as the opening one. Each
 * statement's `document_id` comes before its rows: bookstream holds rows written before it, only so many.
 * Statements list posted rows only, so the ledger's pending rows are left out.
 */
import type { BookOutput, WrittenBook } from './book-output.js';
import type { LedgerAccount } from './ledger.js';
import { requestId } from './plaid-json.js';
import { randomId, uuid } from './random.js';
import { amountText, isoDay } from './values.js';
import type { ChunkedWriter } from './writer.js';

export async function writePlaidStatements(output: BookOutput): Promise<WrittenBook> {
  const { book, random, sink, path } = output;
  const ids = book.accounts.map(() => uuid(random));
  const out = sink.open(path);
  await out.write(`{"items":[{"item_id":"${randomId(random, 37)}","bank_statements":[`);
  const endingCents: number[] = [];
  let first = true;
  for (const account of book.accounts) {
    let balance = account.endingCents;
    for (const [start, end] of book.calendar.monthSpans()) {
      await out.write(first ? '' : ',');
      first = false;
      balance = await writeStatement(output, out, account, ids[account.index]!, [start, end], balance);
    }
    endingCents.push(balance);
  }
  await out.write(`],"status":{"processing_status":"PROCESSING_COMPLETE"},"updated_at":"${isoDay(book.calendar.lastDay)}T21:14:54Z"}],"request_id":"${requestId(random)}"}\n`);
  await out.close();
  return { files: [path], bytes: out.bytes, accountIds: ids, endingCents };
}

/** One statement; returns the balance at its end. */
async function writeStatement(output: BookOutput, out: ChunkedWriter, account: LedgerAccount, id: string, [start, end]: readonly [number, number], opening: number): Promise<number> {
  const { book, random, tally } = output;
  const month = isoDay(start).slice(0, 7);
  await out.write(
    `{"document_id":"${randomId(random, 9).toLowerCase()}","document_metadata":{"document_type":"BANK_STATEMENT","name":"${account.kind.key}_${account.mask}_${month}.pdf","status":"PROCESSING_COMPLETE","download_url":null,"page_count":${random.int(2, 6)}},"transactions":[`,
  );
  let balance = opening;
  let written = 0;
  for (let day = start; day <= end; day++) {
    for (const row of book.rowsOn(account.index, day)) {
      if (row.pending) continue;
      await out.write(`${written++ === 0 ? '' : ','}{"amount":${amountText(-row.cents)},"date":"${isoDay(day)}","original_description":${JSON.stringify(row.description)},"account_id":"${id}"}`);
      tally.record(row);
      balance += row.cents;
    }
  }
  const owner = `{"name":"${book.business}","address":{"postal_code":"78702","country":"US","region":"TX","city":"AUSTIN","street":"1420 E CESAR CHAVEZ ST"}}`;
  await out.write(
    `],"bank_accounts":[{"name":"BLUEBONNET BUSINESS ${account.kind.statementType}","bank_name":"BLUEBONNET COMMUNITY BANK","account_type":"${account.kind.statementType}",` +
      `"account_number":"00000${account.mask}","account_id":"${id}","owner":${owner},` +
      `"periods":[{"start_date":"${isoDay(start)}","end_date":"${isoDay(end)}","starting_balance":${amountText(opening)},"ending_balance":${amountText(balance)}}]}]}`,
  );
  return balance;
}
