import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dataFile } from './helpers/books.js';

const CLI = fileURLToPath(new URL('../src/cli-main.ts', import.meta.url));

/** Runs the command line from source (tsx), returning its exit status and both streams. */
function bookstream(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

describe('bookstream summary (command line)', () => {
  it('prints the summary of an ingested book, with the extra fields asked for, and refuses unknown ones', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'bookstream-cli-'));
    try {
      const db = join(folder, 'book.db');
      assert.equal((await bookstream(['ingest', '--db', db, '--book', 'acme', dataFile('plaid-asset-report.json')])).code, 0);
      const plain = await bookstream(['summary', '--db', db, '--book', 'acme']);
      assert.equal(plain.code, 0, plain.stderr);
      const summary = JSON.parse(plain.stdout);
      // Checking 90 days (01-03 … 04-01) and savings 01-10 … 03-29 (80 days) cover 01-03 … 04-01 together.
      assert.equal(summary.total_days, 90);
      assert.equal(summary.bank_accounts.length, 2);
      assert.equal('probable_recurring_txns' in summary.bank_accounts[0], false);

      const extra = await bookstream(['summary', '--db', db, '--book', 'acme', '--extra-fields', 'weekday_balances,probable_recurring_txns']);
      assert.equal(extra.code, 0, extra.stderr);
      const withExtras = JSON.parse(extra.stdout);
      assert.equal(typeof withExtras.average_daily_balance_weekday, 'string');
      assert.ok(Array.isArray(withExtras.bank_accounts[0].probable_recurring_txns));

      const unknown = await bookstream(['summary', '--db', db, '--book', 'acme', '--extra-fields', 'weekday_balance']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown extra field weekday_balance: expected any of weekday_balances/);
      const missing = await bookstream(['summary', '--db', db, '--book', 'nobody']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no book named "nobody"/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
