import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli-main.ts', import.meta.url));

function bookstream(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

describe('bookstream generate (command line)', () => {
  it('writes --books N Finicity bundle folders and prints the manifest', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'bookstream-generate-cli-'));
    try {
      const out = join(folder, 'books');
      const run = await bookstream(['generate', '--format', 'finicity', '--books', '3', '--out', out, '--seed', '7']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '', 'no progress when stderr is not a terminal');
      assert.deepEqual((await readdir(out)).sort(), ['book-001', 'book-002', 'book-003']);
      for (const book of await readdir(out)) {
        const files = (await readdir(join(out, book))).sort();
        assert.ok(['accounts.json', 'customer.json', 'transactions-page-1.json'].every((name) => files.includes(name)), files.join());
        assert.ok(files.some((name) => name.startsWith('institution-')));
      }
      const manifest = JSON.parse(run.stdout);
      assert.equal(manifest.books.length, 3);
      assert.equal(manifest.options.seed, 7);
      assert.match(manifest.books[0].accounts[0].depositsCents, /^\d+$/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('exits 2 naming what is wrong: an unknown option, a bad size, a missing --out, a stray argument', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--format', 'finicity', '--out', 'x', '--bogus'], /Unknown option '--bogus'/],
      [['--format', 'plaid-assets', '--out', 'x.json', '--size', '12XB'], /--size must be a size such as 500KB.*"12XB"/],
      [['--format', 'plaid-assets'], /--out PATH is required/],
      [['--format', 'plaid-assets', '--out', 'x.json', 'stray'], /Unexpected argument 'stray'/],
      [['--format', 'csv', '--out', 'x.json'], /--format must be one of plaid-assets, plaid-transactions, plaid-statements, finicity/],
      [['--format', 'plaid-assets', '--out', 'x.json', '--transactions', '-3'], /--transactions/],
    ];
    // Side by side: each is a process of its own, and the suite's time is mostly process start-ups.
    const runs = await Promise.all(cases.map(([args]) => bookstream(['generate', ...args])));
    cases.forEach(([args, message], index) => {
      const run = runs[index]!;
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  });
});
