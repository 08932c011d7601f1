// `bookstream batch` (issue 14) against the README section "Batch: bulk exports (SPEC §6)": what becomes a book,
// book names, results lines, counts and exit status, a second run, a new --out, and usage errors. Every expected
// value is read from the README or worked out from the inputs written here (test/helpers/batch.ts), never taken
// from the program's own output.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../src/index.js';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';
import {
  bookstream, countsOf, inputsOf, putFile, readResults, REPO, sameInput, smallReportText, writeMixedExports,
  type CliOutcome, type ExpectedBook, type ResultLine,
} from './helpers/batch.js';

const T = { timeout: 30_000 };

/** The books of a store file: none when the file was never made. */
async function booksIn(db: string): Promise<Array<{ pk: number; name: string }>> {
  if (!existsSync(db)) return [];
  const store = await openStore(db, { readonly: true, create: false });
  try {
    return (await store.books()).map(({ pk, name }) => ({ pk, name }));
  } finally {
    await store.close();
  }
}

describe('bookstream batch: mixed exports in one run', () => {
  let root = '';
  let expected: ExpectedBook[] = [];
  let bundleGroup: string[] = [];
  let args: string[] = [];
  let first: CliOutcome;
  let lines: ResultLine[] = [];
  const batch = (out: string) => bookstream(['batch', '--db', 'books.db', '--out', out, ...args], root);

  before(async () => {
    root = await makeTempDir();
    ({ args, expected, bundleGroup } = await writeMixedExports(root));
    first = await batch('results.ndjson');
    lines = readResults(join(root, 'results.ndjson')).lines;
  }, T);
  after(async () => removeTempDir(root));

  test('one whole line per book, in input order (natural name order, files before subfolders), nothing else', T, () => {
    // The README leaves open where a folder's bundle stands among that folder's own files: sort those two.
    const inOrder = (names: string[]) => {
      const at = names.findIndex((name) => bundleGroup.includes(name));
      if (at < 0) return names;
      const group = names.slice(at, at + bundleGroup.length).sort();
      return [...names.slice(0, at), ...group, ...names.slice(at + bundleGroup.length)];
    };
    assert.deepEqual(inOrder(lines.map((line) => line.book.name)), inOrder(expected.map((book) => book.name)), first.stderr);
    for (const want of expected) {
      const line = lines.find((candidate) => candidate.book.name === want.name);
      assert.ok(line !== undefined, `a line for ${want.input}`);
      assert.ok(sameInput(line, want.input, root), `line of ${want.name}: input ${line.input}, expected ${want.input}`);
    }
  });

  test('each line: status, book, its one document, and a summary (good) or an error (failed, rejected)', T, () => {
    for (const want of expected) {
      const line = lines.find((candidate) => candidate.book.name === want.name)!;
      const said = `${want.input}: ${JSON.stringify(line).slice(0, 600)}`;
      assert.equal(line.status, want.status, said);
      assert.equal(typeof line.book.pk, 'number', said);
      assert.equal(line.documents.length, 1, said);
      const [doc] = line.documents as [ResultLine['documents'][number]];
      assert.equal(doc.status, want.status, said);
      if (want.status === 'VERIFICATION_COMPLETE') {
        assert.equal(doc.reason, null, said);
        assert.equal('error' in line, false, said);
        assert.ok(line.summary !== undefined && line.summary !== null, said);
        // SPEC §5: the summary carries the book's pk and name.
        assert.deepEqual([line.summary.pk, line.summary.name], [line.book.pk, line.book.name], said);
      } else {
        assert.ok(typeof doc.reason === 'string' && doc.reason.includes(want.names), `the reason names ${want.names}; ${said}`);
        assert.equal('summary' in line, false, said);
        assert.deepEqual(line.error, {
          status: want.status, reason: doc.reason, error_offset: doc.error_offset, error_path: doc.error_path,
        }, said);
      }
    }
  });

  test('stdout counts, exit status 1, and one stderr line per failed input naming it', T, () => {
    assert.equal(first.code, 1, first.stderr);
    const bad = expected.filter((book) => book.status !== 'VERIFICATION_COMPLETE');
    assert.equal(bad.length, 5);
    assert.deepEqual(countsOf(first), {
      books: 12, ingested: 12, resumed: 0, passed_over: 0, failed: 5, results: 'results.ndjson',
    });
    const stderrLines = first.stderr.split('\n').filter((line) => line !== '');
    for (const book of bad) {
      const saying = stderrLines.filter((line) => line.includes(book.names) && line.includes(book.status));
      assert.equal(saying.length, 1, `one stderr line names ${book.names} and ${book.status}: ${first.stderr}`);
    }
    for (const good of ['page-2.json', 'statements.JSON', 'plaid.json']) {
      assert.ok(!first.stderr.includes(good), `stderr says nothing of ${good}: ${first.stderr}`);
    }
  });

  test('the store holds exactly those books, one document each; a summary is what `summary --book` prints', T, async () => {
    const listed = await bookstream(['books', '--db', 'books.db'], root);
    assert.equal(listed.code, 0, listed.stderr);
    const books = (JSON.parse(listed.stdout) as Array<{ pk: number; name: string }>).map(({ pk, name }) => ({ pk, name }));
    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
    assert.deepEqual(books.sort(byName), lines.map((line) => line.book).sort(byName));

    const cli = await bookstream(['summary', '--db', 'books.db', '--book', 'acme'], root);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout), lines.find((line) => line.book.name === 'acme')!.summary);

    const store = await openStore(join(root, 'books.db'), { readonly: true });
    try {
      for (const line of lines) {
        const book = await store.findBook(line.book.name);
        assert.ok(book !== null, line.book.name);
        const info = await book.info();
        assert.equal(info.docs.length, 1, `${line.book.name}: ${JSON.stringify(info.docs)}`);
        if (line.summary !== undefined) {
          assert.deepEqual(JSON.parse(JSON.stringify(await book.summary())), line.summary, line.book.name);
        }
      }
    } finally {
      await store.close();
    }
  });

  test('the same command again ingests nothing, leaves the results file byte for byte, and exits 1 again', T, async () => {
    const file = join(root, 'results.ndjson');
    const before = readFileSync(file);
    const again = await batch('results.ndjson');
    assert.equal(again.code, 1, again.stderr);
    const counts = countsOf(again);
    assert.deepEqual([counts.passed_over, counts.ingested, counts.resumed], [12, 0, 0], again.stdout);
    assert.ok(readFileSync(file).equals(before), 'the results file is unchanged');
    assert.deepEqual((await booksIn(join(root, 'books.db'))).length, 12);
  });

  test('a new --out on the same store: every input gets its line again, all resumed, identical to the first', T, async () => {
    const fresh = await batch('results-2.ndjson');
    assert.equal(fresh.code, 1, fresh.stderr);
    const counts = countsOf(fresh);
    assert.deepEqual([counts.resumed, counts.ingested, counts.passed_over], [12, 0, 0], fresh.stdout);
    const { text } = readResults(join(root, 'results-2.ndjson'));
    assert.equal(text, readFileSync(join(root, 'results.ndjson'), 'utf8'));
    assert.deepEqual((await booksIn(join(root, 'books.db'))).length, 12);
  });
});

describe('bookstream batch: book names', () => {
  let root = '';
  before(async () => (root = await makeTempDir()));
  after(async () => removeTempDir(root));

  test('a name made by `ingest` gets (2), then (3); x.json under folders `a b` gives x and x (2); re-runs keep them', T, async () => {
    const [exportsAcme, aX, bX, cAcme] = ['exports/acme.json', 'a/x.json', 'b/x.json', 'c/acme.json'];
    for (const [n, path] of [exportsAcme, aX, bX, cAcme].entries()) await putFile(root, path!, smallReportText(n + 1));
    const made = await bookstream(['ingest', '--db', 'books.db', '--book', 'acme', join(REPO, 'data', 'plaid-asset-report.json')], root);
    assert.equal(made.code, 0, made.stderr);
    const batchArgs = (out: string) => ['batch', '--db', 'books.db', '--out', out, 'exports', 'a', 'b', 'c'];
    const expected = [[exportsAcme, 'acme (2)'], [aX, 'x'], [bX, 'x (2)'], [cAcme, 'acme (3)']] as const;

    const run = await bookstream(batchArgs('results.ndjson'), root);
    assert.equal(run.code, 0, run.stderr);
    const { lines } = readResults(join(root, 'results.ndjson'));
    assert.deepEqual(lines.map((line) => line.book.name), expected.map(([, name]) => name));
    assert.deepEqual(inputsOf(lines, root), expected.map(([input]) => join(root, input)));

    const names = async () => (await booksIn(join(root, 'books.db'))).map((book) => book.name).sort();
    const all = ['acme', 'acme (2)', 'acme (3)', 'x', 'x (2)'];
    assert.deepEqual(await names(), all);
    const store = await openStore(join(root, 'books.db'), { readonly: true });
    try {
      // The book made by ingest is left as it was: a batch never adds to a book it did not make.
      const original = (await (await store.findBook('acme'))!.info()).docs;
      assert.equal(original.length, 1);
      assert.match(JSON.stringify(original), /plaid-asset-report\.json/);
    } finally {
      await store.close();
    }

    const again = await bookstream(batchArgs('results.ndjson'), root);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(countsOf(again).passed_over, 4);
    const fresh = await bookstream(batchArgs('results-2.ndjson'), root);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.equal(countsOf(fresh).resumed, 4);
    assert.deepEqual(readResults(join(root, 'results-2.ndjson')).lines.map((line) => line.book.name), expected.map(([, name]) => name));
    assert.deepEqual(await names(), all, 'no (4), no x (3)');
  });

  test('files a/x.json and b/x.json given by themselves: named by base name, x and x (2)', T, async () => {
    const run = await bookstream(['batch', '--db', 'x.db', '--out', 'x.ndjson', join(root, 'a', 'x.json'), join(root, 'b', 'x.json')], root);
    assert.equal(run.code, 0, run.stderr);
    // Files given by themselves are named after their base name: x, then x (2).
    assert.deepEqual(readResults(join(root, 'x.ndjson')).lines.map((line) => line.book.name), ['x', 'x (2)']);
  });
});

describe('bookstream batch: usage errors (exit 2, nothing written)', () => {
  let root = '';
  before(async () => {
    root = await makeTempDir();
    await putFile(root, 'exports/r-1.json', smallReportText(1));
  });
  after(async () => removeTempDir(root));

  const FOREIGN = '{"id":1,"name":"not a batch result"}\nplain text\n';
  const cases: Array<{ what: string; args: (db: string) => string[]; says: RegExp }> = [
    { what: 'no --out', args: (db) => ['batch', '--db', db, 'exports'], says: /--out/ },
    { what: 'no paths', args: (db) => ['batch', '--db', db, '--out', `${db}.ndjson`], says: /path|input/i },
    { what: 'a path that does not exist', args: (db) => ['batch', '--db', db, '--out', `${db}.ndjson`, 'exports', 'no-such-folder'], says: /no-such-folder/ },
    { what: '--jobs x', args: (db) => ['batch', '--db', db, '--out', `${db}.ndjson`, '--jobs', 'x', 'exports'], says: /--jobs/ },
    { what: 'an unknown extra field', args: (db) => ['batch', '--db', db, '--out', `${db}.ndjson`, '--extra-fields', 'weekday_balance', 'exports'], says: /weekday_balance/ },
    { what: '--jobs -1', args: (db) => ['batch', '--db', db, '--out', `${db}.ndjson`, '--jobs', '-1', 'exports'], says: /--jobs/ },
    { what: '--source plaid (case-sensitive)', args: (db) => ['batch', '--db', db, '--out', `${db}.ndjson`, '--source', 'plaid', 'exports'], says: /plaid/ },
    { what: 'a --rules folder that does not exist', args: (db) => ['batch', '--db', db, '--out', `${db}.ndjson`, '--rules', 'no-such-rules', 'exports'], says: /no-such-rules/ },
    { what: 'an unknown option', args: (db) => ['batch', '--db', db, '--out', `${db}.ndjson`, '--bogus', 'exports'], says: /--bogus/ },
    { what: 'a --out file of lines that are not batch results', args: (db) => ['batch', '--db', db, '--out', 'foreign.ndjson', 'exports'], says: /foreign\.ndjson/ },
  ];

  test('each is exit 2 with a message, no book in the store, no results written', T, async () => {
    await putFile(root, 'foreign.ndjson', FOREIGN);
    const outcomes = await Promise.all(cases.map((c, index) => bookstream(c.args(`u${index}.db`), root)));
    for (const [index, c] of cases.entries()) {
      const outcome = outcomes[index]!;
      assert.equal(outcome.code, 2, `${c.what}: exit ${outcome.code}; stderr ${outcome.stderr}`);
      assert.match(outcome.stderr, c.says, c.what);
      assert.deepEqual(await booksIn(join(root, `u${index}.db`)), [], `${c.what}: no book`);
      const out = join(root, `u${index}.db.ndjson`);
      assert.ok(!existsSync(out) || readFileSync(out, 'utf8') === '', `${c.what}: no results line`);
    }
    assert.equal(readFileSync(join(root, 'foreign.ndjson'), 'utf8'), FOREIGN, 'the foreign --out file is left as it was');
  });
});
