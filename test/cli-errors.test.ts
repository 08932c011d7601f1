// Issue 15, "Command line (Node CLI conventions)": what a person at a terminal sees when something is wrong. A failed
// or rejected document is said on stderr too; a reading command never makes a store; an ingest that is a usage error
// makes nothing; an error opening the store names its path. Exit statuses are SPEC §6's.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';
import { bookstream, REPO } from './helpers/batch.js';

const T = { timeout: 30_000 };
const SAMPLE = join(REPO, 'data', 'plaid-asset-report.json');

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** Whether anything of a store is at `db`: the file, or SQLite's files beside it. */
const anyStoreFile = (db: string): boolean => ['', '-wal', '-shm', '-journal'].some((suffix) => existsSync(`${db}${suffix}`));

describe('bookstream ingest: a failed or rejected document is said on stderr too', () => {
  let root = '';
  before(async () => {
    root = await makeTempDir();
  });
  after(async () => removeTempDir(root));

  test('one line per bad document naming its file, its status and its reason; nothing for the good one; exit 1', T, async () => {
    const broken = join(root, 'broken.json');
    const mystery = join(root, 'mystery.json');
    const missing = join(root, 'missing.json');
    await writeFile(broken, '{"report": {"items": [');
    await writeFile(mystery, '{"hello": "world"}');
    const run = await bookstream(['ingest', '--db', 'a.db', '--book', 'acme', SAMPLE, broken, mystery, missing], root);
    assert.equal(run.code, 1, run.stderr);
    const documents = JSON.parse(run.stdout) as Array<{ name: string; status: string; reason: string | null }>;
    assert.deepEqual(documents.map((document) => [document.name, document.status]), [
      [SAMPLE, 'VERIFICATION_COMPLETE'], [broken, 'FAILED'], [mystery, 'REJECTED'], [missing, 'FAILED'],
    ]);
    // The line says what the document's row says: its file, its status, its reason.
    assert.deepEqual(lines(run.stderr), documents.slice(1).map((document) => `bookstream: ${document.name}: ${document.status}: ${document.reason}`));
    for (const document of documents.slice(1)) assert.ok(document.reason!.length > 0, `${document.name} has a reason`);
  });

  test('all documents good: stderr stays empty when it is not a terminal', T, async () => {
    const run = await bookstream(['ingest', '--db', 'b.db', '--book', 'acme', SAMPLE], root);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
  });
});

describe('bookstream: nothing is made by a read or by a usage error', () => {
  let root = '';
  before(async () => {
    root = await makeTempDir();
    await mkdir(join(root, 'empty'));
    await writeFile(join(root, 'empty', 'notes.txt'), 'not an export');
  });
  after(async () => removeTempDir(root));

  test('summary, info, transactions and books on a missing --db: one line naming the path, exit 1, no file made', T, async () => {
    const commands = [['summary', '--book', 'acme'], ['info', '--book', 'acme'], ['transactions', '--book', 'acme'], ['books']];
    const runs = await Promise.all(commands.map((args, index) => bookstream([...args, '--db', `missing-${index}.db`], root)));
    for (const [index, run] of runs.entries()) {
      assert.equal(run.code, 1, `${commands[index]![0]}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      const said = lines(run.stderr);
      assert.equal(said.length, 1, run.stderr);
      assert.ok(said[0]!.startsWith(`bookstream: missing-${index}.db: `), said[0]);
      assert.equal(anyStoreFile(join(root, `missing-${index}.db`)), false, `${commands[index]![0]} made no store`);
    }
  });

  test('the default store (bookstream.db) is not made by a read either', T, async () => {
    const run = await bookstream(['books'], root);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^bookstream: bookstream\.db: /);
    assert.equal(anyStoreFile(join(root, 'bookstream.db')), false);
  });

  test('an ingest that is a usage error: exit 2, a message naming what is wrong, and no store', T, async () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['no --book', ['--db', 'u0.db', SAMPLE], /--book NAME is required/],
      ['an empty --book', ['--db', 'u1.db', '--book', ' ', SAMPLE], /--book/],
      ['no path', ['--db', 'u2.db', '--book', 'acme'], /at least one input/],
      ['--source plaid', ['--db', 'u3.db', '--book', 'acme', '--source', 'plaid', SAMPLE], /--source must be PLAID or FINICITY/],
      ['--pool x', ['--db', 'u4.db', '--book', 'acme', '--pool', 'x', SAMPLE], /--pool must be a whole number/],
      ['--pool 100000', ['--db', 'u5.db', '--book', 'acme', '--pool', '100000', SAMPLE], /--pool: .*100000/],
      ['--lock-timeout soon', ['--db', 'u6.db', '--book', 'acme', '--lock-timeout', 'soon', SAMPLE], /--lock-timeout/],
      ['an unknown option', ['--db', 'u7.db', '--book', 'acme', '--bogus', SAMPLE], /Unknown option '--bogus'/],
      ['a folder with no JSON in it', ['--db', 'u8.db', '--book', 'acme', 'empty'], /empty: the folder holds no JSON file/],
    ];
    const runs = await Promise.all(cases.map(([, args]) => bookstream(['ingest', ...args], root)));
    for (const [index, [what, , says]] of cases.entries()) {
      const run = runs[index]!;
      assert.equal(run.code, 2, `${what}: ${run.stderr}`);
      assert.equal(run.stdout, '', what);
      assert.match(run.stderr, says, what);
      assert.equal(anyStoreFile(join(root, `u${index}.db`)), false, `${what}: no store made`);
    }
  });
});

describe('bookstream: an error opening the store names its path', () => {
  let root = '';
  before(async () => {
    root = await makeTempDir();
    await mkdir(join(root, 'a-folder.db'));
    await writeFile(join(root, 'notes.db'), 'these are notes, not a SQLite database\n'.repeat(10));
  });
  after(async () => removeTempDir(root));

  test('a folder, a file that is not SQLite, and a store in a folder that does not exist: exit 1, one line naming it', T, async () => {
    const cases: string[][] = [
      ['books', '--db', 'a-folder.db'],
      ['summary', '--db', 'notes.db', '--book', 'acme'],
      ['ingest', '--db', join('no-such-folder', 'x.db'), '--book', 'acme', SAMPLE],
    ];
    const runs = await Promise.all(cases.map((args) => bookstream(args, root)));
    for (const [index, run] of runs.entries()) {
      const db = cases[index]![2]!;
      assert.equal(run.code, 1, `${db}: ${run.stderr}`);
      assert.equal(lines(run.stderr).length, 1, run.stderr);
      assert.ok(run.stderr.startsWith(`bookstream: ${db}: `), run.stderr);
    }
  });
});
