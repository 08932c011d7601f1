/**
 * Ingest holds a bounded window of accounts (issue 12): each reader lets an account go as soon as it
 * has read it, and what the account still needs from later in the file (its item's institution, the
 * report's date) follows it as a record the writer applies. The documents here are generated, so the
 * positions and the expected values are worked out from how they are built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FormatName } from '../src/core/canonical.js';
import { ingest } from '../src/ingest/ingest.js';
import { FileScan } from '../src/sources/file-scan.js';
import { MAX_HELD_STATEMENT_ROWS } from '../src/sources/plaid/bank-statements-reader.js';
import type { SourceEvent } from '../src/sources/source-events.js';
import { ensureBook } from '../src/store/books.js';
import { openDatabase, type StoreDatabase } from '../src/store/database.js';

/** Plaid-signed transactions of one account: `count` rows of 1.00 out, on 2024-05-01. */
function plaidTxns(accountId: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    `{"account_id":"${accountId}","amount":1.00,"date":"2024-05-01","name":"row ${index}","pending":false,"transaction_id":"${accountId}-t${index}"}`);
}

/** An account as Plaid writes it, `transactions` included when given (Asset Report). */
function plaidAccount(id: string, current: string, transactions?: readonly string[]): string {
  const txns = transactions === undefined ? '' : `,"transactions":[${transactions.join(',')}]`;
  return `{"account_id":"${id}","balances":{"current":${current},"iso_currency_code":"USD"},"name":"${id}","type":"depository","subtype":"checking"${txns}}`;
}

interface ItemSpec {
  readonly accounts: readonly string[];
  /** Where the item names its institution: before or after its accounts. */
  readonly institution: 'before' | 'after';
  readonly name: string;
}

/** An Asset Report; `date` is written before or after the items, or left out. */
function assetReport(items: readonly ItemSpec[], date: 'before' | 'after' | 'none', transactionsPerAccount = 3): string {
  const dateMember = '"date_generated":"2024-06-30T18:27:37Z"';
  const itemJson = (item: ItemSpec, index: number) => {
    const institution = `"institution_id":"ins_${index}","institution_name":"${item.name}"`;
    const accounts = `"accounts":[${item.accounts.map((id, n) => plaidAccount(id, `${100 + n}.50`, plaidTxns(id, transactionsPerAccount))).join(',')}]`;
    return item.institution === 'before' ? `{${institution},${accounts}}` : `{${accounts},${institution}}`;
  };
  const itemsMember = `"items":[${items.map(itemJson).join(',')}]`;
  const report = date === 'before' ? `${dateMember},${itemsMember}` : date === 'after' ? `${itemsMember},${dateMember}` : itemsMember;
  return `{"report":{${report},"user":{"ssn":"111-22-3333"}},"request_id":"r"}`;
}

/** Feeds `json` to a reader in 64-byte chunks; returns the events, each with how many bytes had been fed when it came out. */
function scanInChunks(format: FormatName, json: string): Array<{ event: SourceEvent; fed: number }> {
  const bytes = Buffer.from(json);
  const scan = new FileScan(format, 'test.json');
  const events: Array<{ event: SourceEvent; fed: number }> = [];
  for (let start = 0; start < bytes.length; start += 64) {
    const fed = Math.min(start + 64, bytes.length);
    for (const event of scan.write(bytes.subarray(start, fed))) events.push({ event, fed });
  }
  for (const event of scan.end()) events.push({ event, fed: bytes.length });
  return events;
}

function accountRecordsFed(events: ReadonlyArray<{ event: SourceEvent; fed: number }>): Array<{ id: unknown; fed: number }> {
  return events.flatMap(({ event, fed }) =>
    event.kind === 'record' && event.record.type === 'plaid-account' ? [{ id: (event.record.raw as { account_id: unknown }).account_id, fed }] : []);
}

test('Asset Report: each account goes out when it ends, before the next one begins, not at the end of the report', () => {
  const json = assetReport([{ accounts: ['a0', 'a1', 'a2'], institution: 'after', name: 'Bank' }], 'before', 40);
  const emitted = accountRecordsFed(scanInChunks('PLAID_ASSET_REPORT', json));
  assert.deepEqual(emitted.map((record) => record.id), ['a0', 'a1', 'a2']);
  // Account aN is out before the first 64-byte chunk that reaches past the start of account aN+1 has been fed.
  for (const [index, next] of [[0, 'a1'], [1, 'a2']] as const) {
    const nextStarts = json.indexOf(`{"account_id":"${next}"`);
    assert.ok(emitted[index]!.fed <= nextStarts + 64, `a${index} went out at byte ${emitted[index]!.fed}, ${next} starts at ${nextStarts}`);
  }
});

test('transactions/get: accounts go out as they are read, before the transactions that follow them', () => {
  const json = `{"accounts":[${plaidAccount('x0', '10.00')},${plaidAccount('x1', '20.00')}],"transactions":[${plaidTxns('x0', 50).join(',')}],` +
    '"item":{"institution_id":"ins_9","institution_name":"Later Bank"},"total_transactions":50}';
  const events = scanInChunks('PLAID_TRANSACTIONS', json);
  const transactionsStart = json.indexOf('"transactions"');
  assert.deepEqual(accountRecordsFed(events).map((record) => [record.id, record.fed <= transactionsStart + 64]), [['x0', true], ['x1', true]]);
  // The institution follows them, once the item is read.
  const institution = events.filter(({ event }) => event.kind === 'record' && event.record.type === 'plaid-institution');
  assert.deepEqual(institution.map(({ event }) => (event.kind === 'record' ? event.record : null)), [
    { type: 'plaid-institution', bankName: 'Later Bank', institutionId: 'ins_9' },
  ]);
});

/** A statements file: one statement of `rows` rows of 1.00, `document_id` before or after them. */
function statements(rows: number, documentId: 'before' | 'after'): string {
  const txns = `"transactions":[${Array.from({ length: rows }, (_, index) => `{"account_id":"s1","amount":1.00,"date":"2024-05-01","original_description":"r${index}"}`).join(',')}]`;
  const id = '"document_id":"doc-1"';
  const account = '"bank_accounts":[{"account_id":"s1","account_type":"checking","periods":[]}]';
  return `{"items":[{"bank_statements":[{${documentId === 'before' ? `${id},${txns}` : `${txns},${id}`},${account}}]}]}`;
}

test('bank statements: rows after the document_id stream out before the statement ends', () => {
  // 2,500 rows: the first batch (2,000 rows) goes out while the statement is still being read.
  const json = statements(2_500, 'before');
  const events = scanInChunks('PLAID_BANK_STATEMENTS', json);
  const firstBatch = events.find(({ event }) => event.kind === 'transactions');
  assert.ok(firstBatch !== undefined);
  assert.ok(firstBatch.fed < json.indexOf('"bank_accounts"'), `the first batch went out at byte ${firstBatch.fed} of ${json.length}`);
  assert.equal(firstBatch.event.kind === 'transactions' && firstBatch.event.batch.rowIds?.[1999], 'doc-1#1999');
});

async function withDb(use: (db: StoreDatabase, bookPk: number) => Promise<void>): Promise<void> {
  const db = await openDatabase(':memory:');
  try {
    await use(db, ensureBook(db, 'acme'));
  } finally {
    await db.close();
  }
}

function stream(text: string): AsyncIterable<Buffer> {
  return (async function* () {
    yield Buffer.from(text);
  })();
}

async function ingestText(db: StoreDatabase, bookPk: number, texts: readonly string[]) {
  const docs = await ingest(db, bookPk, texts.map(stream), { poolSize: 0, name: 'test.json' });
  assert.equal(docs.length, 1);
  return docs[0]!;
}

test(`bank statements: more than ${MAX_HELD_STATEMENT_ROWS} rows before the document_id fail the document, naming the row`, async () => {
  await withDb(async (db, bookPk) => {
    const doc = await ingestText(db, bookPk, [statements(MAX_HELD_STATEMENT_ROWS + 1, 'after')]);
    assert.equal(doc.status, 'FAILED');
    assert.equal(doc.error_path, `items[0].bank_statements[0].transactions[${MAX_HELD_STATEMENT_ROWS}]`);
    assert.match(doc.reason!, /named after its document_id, which has not come yet, and more than 20000 rows .* write document_id before transactions/);
    // Up to the limit, rows before the id are held and named after it.
    const held = await ingestText(db, bookPk, [statements(3, 'after')]);
    assert.equal(held.status, 'VERIFICATION_COMPLETE', held.reason ?? '');
    assert.deepEqual(db.sqlite.prepare('SELECT source_txn_id FROM transactions ORDER BY pk').pluck().all(), ['doc-1#0', 'doc-1#1', 'doc-1#2']);
  });
});

function anchors(db: StoreDatabase): Array<[string, string, string]> {
  return (db.sqlite.prepare(`
    SELECT a.source_account_id AS id, p.balance_date AS date, p.balance_text AS balance FROM balance_points AS p
    JOIN bank_accounts AS a ON a.pk = p.bank_account_pk WHERE p.kind = 'anchor' ORDER BY a.source_account_id`).all() as Array<{ id: string; date: string; balance: string }>)
    .map(({ id, date, balance }) => [id, date, balance]);
}

function banks(db: StoreDatabase): Array<[string, string | null, string | null]> {
  return (db.sqlite.prepare('SELECT source_account_id AS id, bank_name, institution_id FROM bank_accounts ORDER BY source_account_id').all() as Array<{ id: string; bank_name: string | null; institution_id: string | null }>)
    .map(({ id, bank_name, institution_id }) => [id, bank_name, institution_id]);
}

test('Asset Report whose date follows its items: every anchor gets the report date; each item its own institution', async () => {
  await withDb(async (db, bookPk) => {
    const doc = await ingestText(db, bookPk, [assetReport([
      { accounts: ['a0', 'a1'], institution: 'after', name: 'After Bank' },
      { accounts: ['b0'], institution: 'before', name: 'Before Bank' },
    ], 'after')]);
    assert.equal(doc.status, 'VERIFICATION_COMPLETE', doc.reason ?? '');
    assert.equal(doc.txn_count, 9);
    assert.deepEqual(doc.warnings, []);
    // current is 100.50 for each item's first account, 101.50 for its second; the date is 2024-06-30.
    assert.deepEqual(anchors(db), [['a0', '2024-06-30', '100.50'], ['a1', '2024-06-30', '101.50'], ['b0', '2024-06-30', '100.50']]);
    assert.deepEqual(banks(db), [['a0', 'After Bank', 'ins_0'], ['a1', 'After Bank', 'ins_0'], ['b0', 'Before Bank', 'ins_1']]);
  });
});

test('Asset Report without a date: no anchor is stored, a warning names each account, and warnings stop at 100', async () => {
  await withDb(async (db, bookPk) => {
    const doc = await ingestText(db, bookPk, [assetReport([{ accounts: ['a0', 'a1'], institution: 'after', name: 'Bank' }], 'none')]);
    assert.equal(doc.status, 'VERIFICATION_COMPLETE', doc.reason ?? '');
    assert.deepEqual(anchors(db), []);
    assert.deepEqual(doc.warnings, [
      'account a0: balances.current has no as-of date and was not used',
      'account a1: balances.current has no as-of date and was not used',
    ]);
    // 150 accounts: the first 100 warnings are kept, the other 50 counted.
    const ids = Array.from({ length: 150 }, (_, index) => `m${String(index).padStart(3, '0')}`);
    const many = await ingestText(db, bookPk, [assetReport([{ accounts: ids, institution: 'before', name: 'Bank' }], 'none', 1)]);
    assert.equal(many.warnings.length, 101);
    assert.equal(many.warnings[99], 'account m099: balances.current has no as-of date and was not used');
    assert.equal(many.warnings[100], '… and 50 more warnings');
  });
});

/** A /transactions/get page; `item` (the institution) after the accounts, or none. */
function transactionsPage(accounts: ReadonlyArray<[id: string, current: string]>, rows: readonly string[], item: string | null): string {
  const itemMember = item === null ? '' : `,"item":{"institution_id":"ins_t","institution_name":"${item}"}`;
  return `{"accounts":[${accounts.map(([id, current]) => plaidAccount(id, current)).join(',')}],"transactions":[${rows.join(',')}]${itemMember},"total_transactions":${rows.length}}`;
}

test('transactions/get pages: anchors at the newest date of all pages, the last listing wins; a page without an item changes no bank', async () => {
  await withDb(async (db, bookPk) => {
    const newer = '{"account_id":"p1","amount":2.00,"date":"2024-05-09","name":"n","pending":true,"transaction_id":"n1"}';
    const doc = await ingestText(db, bookPk, [
      transactionsPage([['p0', '10.00'], ['p1', '20.00']], plaidTxns('p0', 2), 'Page Bank'),
      transactionsPage([['p1', '21.00']], [newer], null),
    ]);
    assert.equal(doc.status, 'VERIFICATION_COMPLETE', doc.reason ?? '');
    // The newest transaction of the document (pending counts) is 2024-05-09; p1 was listed last with 21.00.
    assert.deepEqual(anchors(db), [['p0', '2024-05-09', '10.00'], ['p1', '2024-05-09', '21.00']]);
    assert.deepEqual(banks(db), [['p0', 'Page Bank', 'ins_t'], ['p1', 'Page Bank', 'ins_t']]);
  });
});

test('txn_count stays exact when a document touches more accounts than the writer keeps at hand', async () => {
  await withDb(async (db, bookPk) => {
    // 5,000 accounts, their rows interleaved (row i belongs to account i mod 5,000): 10,000 rows, all new.
    const ids = Array.from({ length: 5_000 }, (_, index) => `k${index}`);
    const row = (account: string, id: string) => `{"account_id":"${account}","amount":1.00,"date":"2024-05-01","name":"r","pending":false,"transaction_id":"${id}"}`;
    const rows = Array.from({ length: 10_000 }, (_, index) => row(ids[index % 5_000]!, `t${index}`));
    const first = await ingestText(db, bookPk, [transactionsPage(ids.map((id) => [id, '1.00']), rows, 'Bank')]);
    assert.equal(first.txn_count, 10_000);
    // Again every account, with 2 of their old rows (t0, t1) and 3 new ones, plus a new account with 1 row: 6.
    const again = [row('k0', 't0'), row('k1', 't1'), row('k4999', 'u1'), row('k2', 'u2'), row('k3', 'u3'), row('new', 'u4')];
    const second = await ingestText(db, bookPk, [transactionsPage([...ids, 'new'].map((id) => [id, '1.00']), again, 'Bank')]);
    assert.equal(second.txn_count, 6);
    const held = (pk: number) => db.sqlite.prepare('SELECT count(*) FROM transactions WHERE document_pk = ?').pluck().get(pk);
    assert.equal(held(first.pk!), 9_998);
    assert.equal(held(second.pk!), 6);
  });
});
