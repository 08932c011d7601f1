/**
 * Ingest is all-or-nothing per document and idempotent: identical bytes change nothing, overlapping
 * exports never duplicate a row (the newer copy wins), a bad document in a batch touches nothing,
 * and a process killed mid-ingest leaves the store exactly as it was before.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/index.js';
import {
  SAVINGS_ID, assetAccount, assetReport, assetTxn, jsonText, makeTempDir, readableOf, removeTempDir,
  simpleAssetReport, transactionsGet, writeInput, writeLargeAssetReport,
} from './fixtures/make-inputs.js';

type Store = Awaited<ReturnType<typeof openStore>>;
type Book = Awaited<ReturnType<Store['book']>>;
interface Row { pk: number; source_txn_id: string; amount: string; uploaded_doc_pk: number; status: string }

const REPO = fileURLToPath(new URL('..', import.meta.url));
const KILL_CHILD = fileURLToPath(new URL('./fixtures/kill-child.ts', import.meta.url));

let dir = '';
before(async () => { dir = await makeTempDir(); });
after(async () => removeTempDir(dir));

// First pull: Plaid positive = money out, so 89.4 → -89.40, 12 → -12.00, 4.33 → -4.33.
const FIRST = simpleAssetReport([
  { id: 't1', amount: 89.4, date: '2023-03-27', description: 'SparkFun' },
  { id: 't2', amount: 12, date: '2023-03-28', description: 'McDonalds #3322' },
  { id: 't3', amount: 4.33, date: '2023-03-28', description: 'Starbucks' },
]);

// A later pull overlapping the first: t2's amount corrected 12 → 15 (-15.00), t3 unchanged, t4 new (-500 → 500.00).
const LATER = assetReport([assetAccount({
  current: 95,
  transactions: [
    assetTxn({ id: 't2', amount: 15, date: '2023-03-28', description: 'McDonalds #3322' }),
    assetTxn({ id: 't3', amount: 4.33, date: '2023-03-28', description: 'Starbucks' }),
    assetTxn({ id: 't4', amount: -500, date: '2023-03-29', description: 'United Airlines REFUND' }),
  ],
})], '2023-04-02T09:00:00Z');

// A second account's report: 250 out → -250.00, -1000 in → 1000.00.
const SAVINGS = simpleAssetReport([
  { id: 's1', amount: 250, date: '2023-03-20', accountId: SAVINGS_ID },
  { id: 's2', amount: -1000, date: '2023-03-21', accountId: SAVINGS_ID },
], { id: SAVINGS_ID, name: 'Plaid Saving', mask: '1111', subtype: 'savings', current: 5000 });

async function withBook<T>(run: (book: Book) => Promise<T>, path = ':memory:'): Promise<T> {
  const store = await openStore(path);
  try {
    return await run(await store.book('acme'));
  } finally {
    await store.close();
  }
}

async function rowsById(book: Book): Promise<Map<string, Row>> {
  const { txns } = await book.transactions();
  return new Map((txns as Row[]).map((row) => [row.source_txn_id, row]));
}

describe('idempotence and overlap', () => {
  test('re-ingesting identical bytes changes nothing and points at the first document', async () => {
    const file = await writeInput(dir, 'first.json', jsonText(FIRST));
    await withBook(async (book) => {
      const [first] = await book.ingest([file]);
      assert.equal(first?.status, 'VERIFICATION_COMPLETE', first?.reason ?? '');
      assert.equal(first?.duplicate_of, null);
      const tx = await book.transactions();
      const info = await book.info();
      assert.equal(tx.txns.length, 3);

      const [again] = await book.ingest([file]);
      assert.equal(again?.pk, first.pk, 'the earlier document is returned');
      assert.equal(again?.duplicate_of, first.pk);
      // Same bytes through a stream under another name are still the same bytes (same sha256).
      const [streamed] = await book.ingest([readableOf(Buffer.from(jsonText(FIRST)), 64)], { name: 'copy.json' });
      assert.equal(streamed?.duplicate_of, first.pk);

      assert.deepEqual(await book.transactions(), tx, 'every row, pk and amount as before');
      assert.deepEqual(await book.info(), info, 'no new document; the stored one has no duplicate_of');
    });
  });

  test('an overlapping later Asset Report: no duplicates, the newer copy wins', async () => {
    const firstFile = await writeInput(dir, 'overlap-1.json', jsonText(FIRST));
    const laterFile = await writeInput(dir, 'overlap-2.json', jsonText(LATER));
    await withBook(async (book) => {
      const [first] = await book.ingest([firstFile]);
      const [later] = await book.ingest([laterFile]);
      assert.deepEqual([first?.status, later?.status], ['VERIFICATION_COMPLETE', 'VERIFICATION_COMPLETE'], later?.reason ?? '');
      assert.equal(later?.duplicate_of, null);
      assert.equal(later?.txn_count, 3);
      const rows = await rowsById(book);
      assert.equal((await book.transactions()).txns.length, 4, 't1, t2, t3, t4 once each');
      const seen = ['t1', 't2', 't3', 't4'].map((id) => [rows.get(id)?.amount, rows.get(id)?.uploaded_doc_pk]);
      assert.deepEqual(seen, [
        ['-89.40', first!.pk], // only in the first pull
        ['-15.00', later!.pk], // corrected by the later pull
        ['-4.33', later!.pk], // same values, newer copy
        ['500.00', later!.pk], // new in the later pull
      ]);
      assert.equal(Object.keys((await book.info()).bank_accounts).length, 1);
    });
  });

  test('an overlapping later /transactions/get pull: no duplicates, the newer copy wins, pending kept', async () => {
    // Pull 1: g-1 pending 28.34 (→ -28.34), g-2 72.1 (→ -72.10). Pull 2: g-2 corrected to 72.15, g-3 9.99 new.
    const pull1 = transactionsGet([
      { id: 'g-1', amount: 28.34, date: '2023-09-28', pending: true },
      { id: 'g-2', amount: 72.1, date: '2023-09-24' },
    ]);
    const pull2 = transactionsGet([
      { id: 'g-3', amount: 9.99, date: '2023-09-30' },
      { id: 'g-1', amount: 28.34, date: '2023-09-28', pending: true },
      { id: 'g-2', amount: 72.15, date: '2023-09-24' },
    ], 100);
    await withBook(async (book) => {
      const [d1] = await book.ingest([await writeInput(dir, 'pull-1.json', jsonText(pull1))]);
      const [d2] = await book.ingest([await writeInput(dir, 'pull-2.json', jsonText(pull2))]);
      assert.deepEqual([d1?.status, d2?.status, d1?.format], ['VERIFICATION_COMPLETE', 'VERIFICATION_COMPLETE', 'PLAID_TRANSACTIONS']);
      const rows = await rowsById(book);
      assert.equal(rows.size, 3);
      assert.equal((await book.transactions()).txns.length, 3);
      const seen = ['g-1', 'g-2', 'g-3'].map((id) => [rows.get(id)?.amount, rows.get(id)?.status]);
      assert.deepEqual(seen, [['-28.34', 'pending'], ['-72.15', 'posted'], ['-9.99', 'posted']]);
    });
  });

  test('a bad document between two good ones: each document stands alone', async () => {
    const good1 = await writeInput(dir, 'batch-1.json', jsonText(FIRST));
    const bad = await writeInput(dir, 'batch-bad.json', jsonText(LATER).slice(0, -1)); // truncated
    const good2 = await writeInput(dir, 'batch-2.json', jsonText(SAVINGS));
    await withBook(async (book) => {
      const docs = await book.ingest([good1, bad, good2]);
      assert.deepEqual(docs.map((d) => d.status), ['VERIFICATION_COMPLETE', 'FAILED', 'VERIFICATION_COMPLETE']);
      const rows = await rowsById(book);
      // FIRST's three rows untouched by the truncated LATER (t2 stays -12.00, no t4), plus SAVINGS' two.
      assert.deepEqual([...rows.keys()].sort(), ['s1', 's2', 't1', 't2', 't3']);
      assert.deepEqual(['t2', 's1', 's2'].map((id) => rows.get(id)?.amount), ['-12.00', '-250.00', '1000.00']);
      assert.deepEqual((await book.info()).docs.map((d) => d.status), ['VERIFICATION_COMPLETE', 'FAILED', 'VERIFICATION_COMPLETE']);
    });
  });
});

interface ChildOutcome { signal: NodeJS.Signals | null; code: number | null; stdout: string; stderr: string }

/** Kills the child with SIGKILL the moment it prints "progress" (or when `limitMs` runs out). */
function killOnProgress(child: ChildProcess, limitMs: number): Promise<ChildOutcome> {
  let stdout = '';
  let stderr = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('progress\n')) child.kill('SIGKILL');
  });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('crash safety', () => {
  test('SIGKILL mid-ingest: the store opens as it was before, and ingest works afterwards', { timeout: 60_000 }, async () => {
    const db = join(dir, 'killed.db');
    const big = join(dir, 'big.json');
    const bigBytes = await writeLargeAssetReport(big, 60 * 2 ** 20);
    assert.ok(bigBytes > 60 * 2 ** 20);

    const beforeState = await withBook(async (book) => {
      const [doc] = await book.ingest([await writeInput(dir, 'before.json', jsonText(FIRST))]);
      assert.equal(doc?.status, 'VERIFICATION_COMPLETE', doc?.reason ?? '');
      return { tx: await book.transactions(), info: await book.info() };
    }, db);
    assert.equal(beforeState.tx.txns.length, 3);

    const child = spawn(process.execPath, ['--import', 'tsx', KILL_CHILD, db, big], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const outcome = await killOnProgress(child, 30_000);
    const said = `child stdout: ${outcome.stdout} stderr: ${outcome.stderr.slice(0, 2000)}`;
    assert.ok(outcome.stdout.includes('progress\n'), `the child reported progress past 8 MiB; ${said}`);
    assert.ok(!outcome.stdout.includes('done'), `the child was killed before it finished; ${said}`);
    assert.equal(outcome.signal, 'SIGKILL', said);

    await withBook(async (book) => {
      assert.deepEqual(await book.transactions(), beforeState.tx, 'no partial rows');
      assert.deepEqual(await book.info(), beforeState.info, 'no documents beyond the first');
      const [after] = await book.ingest([await writeInput(dir, 'after.json', jsonText(SAVINGS))]);
      assert.equal(after?.status, 'VERIFICATION_COMPLETE', after?.reason ?? '');
      const rows = await rowsById(book);
      // 3 rows before + SAVINGS' 2; s2 is Plaid -1000 → 1000.00.
      assert.deepEqual([rows.size, rows.get('s2')?.amount], [5, '1000.00']);
      assert.equal((await book.info()).docs.length, 2);
    }, db);
  });
});
