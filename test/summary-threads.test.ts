/**
 * A batch into a store file reads its small books' summaries on a summary thread, on a connection of its own
 * (api/summary-threads.ts), while its writer writes the next books. Each line's summary must be exactly the
 * summary the library reads afterwards with the same extra fields and the same rules folder: a rules folder of
 * our own that calls Stripe a lender proves the thread follows the folder it is given, not the shipped one.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../src/index.js';
import { readAhead } from '../src/api/read-ahead.js';
import { SummaryThreads } from '../src/api/summary-threads.js';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';
import { REPO } from './helpers/batch.js';

const T = { timeout: 60_000 };

async function text(pieces: AsyncIterable<string | Uint8Array>): Promise<string> {
  let all = '';
  for await (const piece of pieces) all += typeof piece === 'string' ? piece : Buffer.from(piece).toString('utf8');
  return all;
}

describe('summaries read on a summary thread', () => {
  let root = '';
  let rules = '';
  before(async () => {
    root = await makeTempDir();
    rules = join(root, 'rules');
    cpSync(join(REPO, 'data', 'rules'), rules, { recursive: true });
    const lenders = JSON.parse(readFileSync(join(rules, 'lenders.json'), 'utf8')) as { lenders: unknown[] };
    lenders.lenders.push({ name: 'Stripe Capital (test)', kinds: ['alternative_lender'], aliases: ['STRIPE TRANSFER'] });
    writeFileSync(join(rules, 'lenders.json'), JSON.stringify(lenders));
  });
  after(async () => removeTempDir(root));

  test('each batch line carries the summary the library reads, with the rules folder and extra fields asked for', T, async () => {
    const inputs = ['plaid-asset-report.json', 'plaid-bank-statements.json', 'finicity'].map((name) => join(REPO, 'data', name));
    const options = { rules, extraFields: ['weekday_balances', 'probable_recurring_txns'] as const };
    const store = await openStore(join(root, 'books.db'));
    try {
      const lines: Array<{ book: { name: string }; summary: unknown }> = [];
      for await (const { line } of store.batchLines(inputs, { ...options, extraFields: [...options.extraFields] })) lines.push(JSON.parse(await text(line)));
      assert.deepEqual(lines.map((line) => line.book.name), ['plaid-asset-report', 'plaid-bank-statements', 'finicity']);
      for (const line of lines) {
        const book = (await store.findBook(line.book.name))!;
        const read = JSON.parse(await text(book.summaryJson({ ...options, extraFields: [...options.extraFields] }))) as unknown;
        assert.deepEqual(line.summary, read, line.book.name);
      }
      // The folder was followed: with the shipped rules, the Asset Report's Stripe deposits are revenue again.
      const report = (await store.findBook('plaid-asset-report'))!;
      const shipped = JSON.parse(await text(report.summaryJson({ extraFields: [...options.extraFields] }))) as { estimated_revenue_by_month: unknown };
      assert.notDeepEqual((lines[0]!.summary as { estimated_revenue_by_month: unknown }).estimated_revenue_by_month, shipped.estimated_revenue_by_month);
    } finally {
      await store.close();
    }
  });

  test('store.batch on a store file gives each book the summary object the library reads, read on the thread', T, async () => {
    const inputs = ['plaid-asset-report.json', 'finicity'].map((name) => join(REPO, 'data', name));
    const options = { rules, extraFields: ['weekday_balances'] as const };
    const store = await openStore(join(root, 'objects.db'));
    try {
      const results = [];
      for await (const result of store.batch(inputs, { ...options, extraFields: [...options.extraFields] })) results.push(result);
      assert.deepEqual(results.map((result) => result.book.name), ['plaid-asset-report', 'finicity']);
      for (const result of results) {
        const book = (await store.findBook(result.book.name))!;
        assert.ok(result.summary !== null, result.book.name);
        assert.deepEqual(result.summary, await book.summary({ ...options, extraFields: [...options.extraFields] }), result.book.name);
      }
    } finally {
      await store.close();
    }
  });

  test('a caller that stops after the first result on a store file, then closes it: a second batch finishes the rest, every book once', T, async () => {
    const inputs = ['plaid-asset-report.json', 'plaid-bank-statements.json', 'finicity'].map((name) => join(REPO, 'data', name));
    const path = join(root, 'stopped.db');
    const first = await openStore(path);
    for await (const result of first.batch(inputs)) {
      assert.equal(result.book.name, 'plaid-asset-report');
      break;
    }
    await first.close();
    const again = await openStore(path);
    try {
      const names = [];
      for await (const result of again.batch(inputs)) names.push(result.book.name);
      assert.deepEqual(names, ['plaid-asset-report', 'plaid-bank-statements', 'finicity']);
      const books = await again.books();
      assert.deepEqual(books.map((book) => book.name).sort(), ['finicity', 'plaid-asset-report', 'plaid-bank-statements']);
      for (const { name } of books) assert.equal((await (await again.findBook(name))!.info()).docs.length, 1, name);
    } finally {
      await again.close();
    }
  });

  test('a thread asked for a store that is not there fails the task (the store then reads the summary itself)', T, async () => {
    const threads = new SummaryThreads();
    try {
      const missing = join(root, 'missing.db');
      await assert.rejects(threads.summaryBytes({ path: missing, book: { pk: 1, name: 'x' }, options: { extraFields: [], rules: undefined } }), /missing\.db/);
    } finally {
      await threads.close();
    }
  });
});

describe('readAhead', () => {
  async function* numbers(upTo: number, log: string[], failAt?: number): AsyncGenerator<number> {
    try {
      for (let n = 1; n <= upTo; n++) {
        log.push(`make ${n}`);
        await new Promise((resolve) => setImmediate(resolve));
        if (n === failAt) throw new Error(`no ${n}`);
        yield n;
      }
    } finally {
      log.push('source ended');
    }
  }

  test('gives every item in order, asking for up to `count` ahead of the one read', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const n of readAhead(numbers(5, log), 2)) {
      seen.push(n);
      if (n === 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        // While 1 is being read, 2 and 3 have been made, and no more.
        assert.deepEqual(log, ['make 1', 'make 2', 'make 3']);
      }
    }
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.equal(log.at(-1), 'source ended');
  });

  test('a failure comes out in its place, after the items before it', async () => {
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const n of readAhead(numbers(5, [], 3), 4)) seen.push(n);
    }, /no 3/);
    assert.deepEqual(seen, [1, 2]);
  });

  test('a reader that stops early ends the source once the items asked for are made', async () => {
    const log: string[] = [];
    for await (const n of readAhead(numbers(10, log), 3)) if (n === 2) break;
    assert.equal(log.at(-1), 'source ended');
    assert.ok(!log.includes('make 7'), log.join(', '));
  });
});
