/**
 * A Finicity bundle keeps its accounts, customers and institutions by id (its references are checked
 * against them), but nothing that grows with its transactions: a batch names only the reversed
 * accounts of its own rows, and a rejection lists a bounded number of unknown accountIds.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentScope } from '../src/sources/document-scope.js';
import { FileScan } from '../src/sources/file-scan.js';
import type { TransactionBatch } from '../src/sources/source-events.js';
import { acceptedDocument, withBook } from './helpers/books.js';
import { jsonText, makeTempDir, removeTempDir, writeInput } from './fixtures/make-inputs.js';

let dir = '';
before(async () => (dir = await makeTempDir()));
after(async () => removeTempDir(dir));

const customer = { id: '7', firstName: 'Ada', lastName: 'Lovelace' };
const institution = { institution: { id: 1, name: 'Bank' } };
const account = (id: string, type: string) => ({ id, name: id, type, customerId: '7', institutionId: '1' });
const txn = (id: number, accountId: unknown, amount: number) => ({ id, amount, accountId, status: 'active', description: 'x', postedDate: 1607450357 });
const page = (...transactions: object[]) => ({ found: transactions.length, displaying: transactions.length, moreAvailable: false, transactions });

/** 3,000 cards (reversed) and one checking account. */
const MANY_CARDS = { accounts: [...Array.from({ length: 3_000 }, (_, index) => account(`card-${index}`, 'creditCard')), account('chk', 'checking')] };

test('a batch carries the reversed accounts of its own rows, not every reversed account of the bundle', () => {
  const scope = new DocumentScope();
  const parts: Array<[string, unknown]> = [['customer', customer], ['institution', institution], ['accounts', MANY_CARDS], ['page', page(txn(1, 'card-7', 5), txn(2, 'chk', 5), txn(3, 'card-9', 5))]];
  const batches: TransactionBatch[] = [];
  for (const [name, content] of parts) {
    const scan = new FileScan('FINICITY_BUNDLE', `${name}.json`, scope);
    for (const event of [...scan.write(Buffer.from(jsonText(content))), ...scan.end()]) if (event.kind === 'transactions') batches.push(event.batch);
  }
  assert.deepEqual(batches.map((batch) => batch.finicity), [{ accountId: null, reversedAccountIds: ['card-7', 'card-9'] }]);
});

async function bundle(prefix: string, accounts: unknown, transactions: unknown): Promise<string[]> {
  const parts = { customer, institution, accounts, page: transactions };
  return Promise.all(Object.entries(parts).map(([name, value]) => writeInput(dir, `${prefix}-${name}.json`, jsonText(value))));
}

test('cards are reversed and checking is not, whichever way the accountId is written', async () => {
  const paths = await bundle('signs', MANY_CARDS, page(txn(1, 'card-7', 12.5), txn(2, 'chk', 12.5)));
  // The same card, its id written with a JSON escape ("card\u002d8" is "card-8"), and as an integer id.
  const escaped = await bundle('escaped', { accounts: [account('card-8', 'creditCard'), account('42', 'creditCard')] }, page(txn(3, 'card-8', 3), txn(4, 42, 4)));
  const pagePath = escaped[3]!;
  await writeFile(pagePath, (await readFile(pagePath, 'utf8')).replace('"accountId":"card-8"', '"accountId":"card\\u002d8"'));
  await withBook(async (book) => {
    acceptedDocument(await book.ingest(paths));
    acceptedDocument(await book.ingest(escaped));
    const tx = await book.transactions();
    const amounts = Object.fromEntries(tx.txns.map((row) => [tx.bank_accounts[String(row.bank_account_pk)]!.source_account_id, row.amount]));
    // Finicity signs cards from the holder's side: 12.50, 3 and 4 on a card are money out.
    assert.deepEqual(amounts, { 'card-7': '-12.50', chk: '12.50', 'card-8': '-3.00', '42': '-4.00' });
  });
});

test('a rejection names the first 20 unknown accountIds and counts the transactions of the others', async () => {
  const rows = Array.from({ length: 30 }, (_, index) => txn(index, `ghost-${index}`, 1));
  const paths = await bundle('ghosts', { accounts: [account('chk', 'checking')] }, page(...rows));
  await withBook(async (book) => {
    const [doc] = await book.ingest(paths);
    assert.equal(doc?.status, 'REJECTED');
    const reason = doc!.reason!;
    assert.ok(reason.includes('Finicity bundle rejected (21 problems): '), reason);
    assert.ok(reason.includes(`1 transaction refers to accountId ghost-19 (first at ${paths[3]} transactions[19])`), reason);
    assert.ok(!reason.includes('ghost-20'), reason);
    assert.ok(reason.includes(`10 more transactions refer to other accountIds (first at ${paths[3]} transactions[20]), which no accounts file contains`), reason);
  });
});
