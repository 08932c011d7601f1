// `bookstream batch` killed with SIGKILL in the middle, then run again (README "Batch", Resuming): every input ends
// with exactly one whole line and exactly one book holding one document, and the re-run's counts say what it found:
// inputs with a line are passed over, books committed without a line are resumed from the store, the rest ingested.
// The child is the built command line (bin/bookstream.js → dist/); the parent watches the results file and, through
// a read-only store (other processes see the last commit), the books committed, and kills at a chosen moment.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../src/index.js';
import type { Store } from './helpers/books.js';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';
import { bookstream, countsOf, inputsOf, outcomeOf, readResults, startBookstream, writeSmallReports } from './helpers/batch.js';

/** Enough small inputs for a run of a few seconds, and more than two groups of 64 books (README: Speed). */
const COUNT = 140;

interface Watched {
  /** Whole lines in the results file. */
  lines: number;
  /** Books committed in the store, as another process sees them. */
  committed: number;
  /** Commits seen so far (times the number of books went up). */
  commits: number;
}

/** Watches the child's results file and store every few ms; SIGKILLs it once `when` holds. */
async function killWhen(child: ChildProcess, out: string, db: string, when: (seen: Watched) => boolean): Promise<Watched> {
  const ended = outcomeOf(child, 30_000);
  let store: Store | null = null;
  let size = -1;
  const seen: Watched = { lines: 0, committed: 0, commits: 0 };
  try {
    while (child.exitCode === null && child.signalCode === null) {
      if (existsSync(out) && statSync(out).size !== size) {
        const text = readFileSync(out, 'latin1');
        size = text.length;
        seen.lines = text.split('\n').length - 1;
      }
      try {
        store ??= existsSync(db) ? await openStore(db, { readonly: true, create: false }) : null;
        const committed = store === null ? 0 : (await store.books()).length;
        if (committed > seen.committed) seen.commits++;
        seen.committed = committed;
      } catch {
        // The child is still making the store: look again.
        await store?.close().catch(() => undefined);
        store = null;
      }
      if (when(seen)) {
        child.kill('SIGKILL');
        break;
      }
      await sleep(2);
    }
  } finally {
    await store?.close();
  }
  const outcome = await ended;
  assert.equal(outcome.signal, 'SIGKILL', `the kill came too late: the batch ended first (${JSON.stringify(seen)}); ${outcome.stderr.slice(0, 1000)}`);
  return seen;
}

describe('bookstream batch killed with SIGKILL, then run again', () => {
  let root = '';
  let inputs: string[] = [];
  before(async () => {
    root = await makeTempDir();
    inputs = await writeSmallReports(join(root, 'exports'), COUNT); // r-1 … r-140, natural order
  });
  after(async () => removeTempDir(root));

  /**
   * Kills a batch at the moment `when` picks, optionally cuts the last line short as a kill inside its write would,
   * runs the same command to its end, and checks the store and the results.
   */
  async function killAndResume(tag: string, when: (seen: Watched) => boolean, cutLastLine = false): Promise<{ lines: number; committed: number }> {
    const db = join(root, `${tag}.db`);
    const out = join(root, `${tag}.ndjson`);
    const args = ['batch', '--db', db, '--out', out, '--jobs', '2', 'exports'];
    const seen = await killWhen(startBookstream(args, root), out, db, when);

    if (cutLastLine) {
      const text = readFileSync(out, 'utf8');
      const lastStart = text.lastIndexOf('\n', text.length - 2) + 1;
      assert.ok(text.length - lastStart > 200, `there is a whole line to cut (${JSON.stringify(seen)})`);
      writeFileSync(out, text.slice(0, lastStart + Math.floor((text.length - lastStart) / 2)));
    }
    // What the kill left: whole lines, and books committed (a kill loses at most the group not yet committed).
    const left = existsSync(out) ? readFileSync(out, 'utf8') : '';
    const wholeLines = left.split('\n').length - 1;
    const committed = await booksOf(db);
    assert.ok(committed.length >= wholeLines, `a line is written only after its book committed: ${committed.length} books, ${wholeLines} lines`);
    assert.ok(committed.length < COUNT, `the kill left work to do (${committed.length} books)`);

    const rerun = await bookstream(args, root);
    assert.equal(rerun.code, 0, rerun.stderr);
    const counts = countsOf(rerun);
    assert.deepEqual(
      { passed_over: counts.passed_over, resumed: counts.resumed, ingested: counts.ingested, failed: counts.failed },
      { passed_over: wholeLines, resumed: committed.length - wholeLines, ingested: COUNT - committed.length, failed: 0 },
      `after a kill at ${JSON.stringify(seen)}${cutLastLine ? ', last line cut short' : ''}`,
    );

    // Exactly one whole line per input, in input order, each naming its own book and account.
    const { lines } = readResults(out);
    assert.deepEqual(inputsOf(lines, root), inputs);
    const names = inputs.map((_input, index) => `r-${index + 1}`);
    assert.deepEqual(lines.map((line) => line.book.name), names);
    for (const [index, line] of lines.entries()) {
      assert.equal(line.status, 'VERIFICATION_COMPLETE', line.input);
      const accounts = line.summary?.bank_accounts as Array<{ source_account_id: string }> | undefined;
      assert.deepEqual(accounts?.map((account) => account.source_account_id), [`acct-${index + 1}`], line.input);
    }
    assert.equal(new Set(lines.map((line) => line.documents[0]?.pk)).size, COUNT, 'no document twice');

    // Exactly one book per input (no "r-7 (2)"), the lines' books, each holding one document.
    const books = await booksOf(db);
    assert.deepEqual(books.map((book) => book.name).sort(), [...names].sort());
    assert.deepEqual(
      Object.fromEntries(books.map((book) => [book.name, book.pk])),
      Object.fromEntries(lines.map((line) => [line.book.name, line.book.pk])),
    );
    const store = await openStore(db, { readonly: true });
    try {
      for (const { name } of books) {
        const docs = (await (await store.findBook(name))!.info()).docs;
        assert.equal(docs.length, 1, `${name}: ${JSON.stringify(docs)}`);
      }
    } finally {
      await store.close();
    }

    // Lines written by either run, resumed or ingested, are the lines a new --out reads back from the store.
    const fresh = await bookstream(['batch', '--db', db, '--out', `${out}.again`, '--jobs', '2', 'exports'], root);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.equal(countsOf(fresh).resumed, COUNT);
    assert.equal(readFileSync(`${out}.again`, 'utf8'), readFileSync(out, 'utf8'));
    return { lines: wholeLines, committed: committed.length };
  }

  test('killed early, while the first lines are being written', { timeout: 40_000 }, async () => {
    const left = await killAndResume('early', (seen) => seen.lines >= 1);
    assert.ok(left.lines >= 1 && left.committed > left.lines, `killed with a group's lines half written: ${JSON.stringify(left)}`);
  });

  test('killed in the middle, with the last line cut short as a kill inside its write leaves it', { timeout: 40_000 }, async () => {
    const left = await killAndResume('middle', (seen) => seen.lines >= COUNT / 2, true);
    assert.ok(left.lines >= COUNT / 2 - 1, JSON.stringify(left));
  });

  test('killed right after a commit, before that group has any line', { timeout: 40_000 }, async () => {
    // Some books have their lines, and a whole group (32 books) committed after them has none yet: the writer
    // writes the next group while a group's summaries are read (README: Speed), so lines come a group behind.
    const left = await killAndResume('after-commit', (seen) => seen.lines >= 1 && seen.committed - seen.lines >= 32);
    assert.ok(left.lines >= 1 && left.committed > left.lines, `books committed without their lines: ${JSON.stringify(left)}`);
  });

  test('killed while the store is being made, before anything committed: the re-run does it all', { timeout: 40_000 }, async () => {
    const db = join(root, 'before-commit.db');
    const bytes = (file: string) => (existsSync(file) ? statSync(file).size : 0);
    const left = await killAndResume('before-commit', () => bytes(db) + bytes(`${db}-wal`) > 0);
    assert.deepEqual(left, { lines: 0, committed: 0 });
  });
});

/**
 * The books a killed batch left in its store. Read from a copy of the store's files (the db and its WAL), opened as
 * a writer would: a kill can leave a store not yet made (an empty file, or one still without its tables), which a
 * read-only store refuses to upgrade; the copy keeps the re-run's starting point exactly as the kill left it.
 */
async function booksOf(db: string): Promise<Array<{ pk: number; name: string }>> {
  if (!existsSync(db)) return [];
  const copy = `${db}.copy-${process.hrtime.bigint()}`;
  copyFileSync(db, copy);
  if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${copy}-wal`);
  const store = await openStore(copy);
  try {
    return (await store.books()).map(({ pk, name }) => ({ pk, name }));
  } finally {
    await store.close();
    for (const file of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(file, { force: true });
  }
}
