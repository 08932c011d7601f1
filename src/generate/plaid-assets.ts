/**
 * A Plaid `/asset_report/get` response: items of two accounts, each account's head (balances as of
 * date_generated, 90 days of historical balances) before its transactions, oldest first. The historical
 * balances are walked back from the ending balance over the same rows the file then lists.
 */
import type { BookOutput, WrittenBook } from './book-output.js';
import type { LedgerAccount, LedgerBook } from './ledger.js';
import { assetTransactionJson, balancesJson, ownerJson, plaidAccountIds, plaidBalance, requestId } from './plaid-json.js';
import { randomId, uniqueId, uuid } from './random.js';
import { amountText, isoDay } from './values.js';
import type { ChunkedWriter } from './writer.js';

const ACCOUNTS_PER_ITEM = 2;
const HISTORY_DAYS = 90;

export async function writePlaidAssets(output: BookOutput): Promise<WrittenBook> {
  const { book, random, sink, path } = output;
  const ids = plaidAccountIds(book.accounts, random);
  const out = sink.open(path);
  const generated = `${isoDay(book.calendar.lastDay)}T18:27:37Z`;
  await out.write(
    `{"report":{"asset_report_id":"${uuid(random)}","client_report_id":"bookstream_${book.spec.seed}","date_generated":"${generated}","days_requested":${book.calendar.days},"items":[`,
  );
  let counter = 0;
  for (let first = 0; first < book.accounts.length; first += ACCOUNTS_PER_ITEM) {
    await out.write(`${first === 0 ? '' : ','}{"accounts":[`);
    const last = Math.min(first + ACCOUNTS_PER_ITEM, book.accounts.length);
    for (let index = first; index < last; index++) {
      await out.write(index === first ? '' : ',');
      counter = await writeAccount(output, out, book.accounts[index]!, ids[index]!, counter);
    }
    await out.write(
      `],"date_last_updated":"${generated}","institution_id":"ins_109508","institution_name":"Bluebonnet Community Bank","item_id":"${randomId(random, 37)}"}`,
    );
  }
  await out.write(`],"user":{"client_user_id":"bookstream_${book.spec.seed}","email":null,"first_name":null,"last_name":null,"middle_name":null,"phone_number":null,"ssn":null}},"request_id":"${requestId(random)}","warnings":[]}\n`);
  await out.close();
  return { files: [path], bytes: out.bytes, accountIds: ids, endingCents: book.accounts.map((account) => account.endingCents) };
}

async function writeAccount(output: BookOutput, out: ChunkedWriter, account: LedgerAccount, id: string, counter: number): Promise<number> {
  const { book, random, tally } = output;
  const { kind } = account;
  await out.write(
    `{"account_id":"${id}","balances":${balancesJson(account, account.endingCents)},"days_available":${book.calendar.days},` +
      `"historical_balances":[${historicalBalances(book, account).join(',')}],"mask":"${account.mask}","name":"${kind.name}",` +
      `"official_name":"${kind.officialName}","owners":[${ownerJson(book.business)}],"ownership_type":null,"subtype":"${kind.plaidSubtype}","transactions":[`,
  );
  let written = 0;
  for (let day = book.calendar.firstDay; day <= book.calendar.lastDay; day++) {
    for (const row of book.rowsOn(account.index, day)) {
      await out.write(`${written++ === 0 ? '' : ','}${assetTransactionJson(row, id, uniqueId(random, counter++))}`);
      tally.record(row);
    }
  }
  await out.write(`],"type":"${kind.plaidType}"}`);
  return counter;
}

/** End-of-day balances of the last 90 days, newest first: the ending balance less the posted rows after each day. */
function historicalBalances(book: LedgerBook, account: LedgerAccount): string[] {
  const history: string[] = [];
  const days = Math.min(HISTORY_DAYS, book.calendar.days);
  let balance = account.endingCents;
  for (let back = 0; back < days; back++) {
    const day = book.calendar.lastDay - back;
    history.push(`{"current":${amountText(plaidBalance(account, balance))},"date":"${isoDay(day)}","iso_currency_code":"USD","unofficial_currency_code":null}`);
    for (const row of book.rowsOn(account.index, day)) if (!row.pending) balance -= row.cents;
  }
  return history;
}
