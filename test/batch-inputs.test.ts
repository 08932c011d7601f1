// More of the README's "Batch" promises: a file reached twice is read once, a link back up the tree is followed
// once, an input changed since its book was made is not read again, a results line cut short past the 16 KiB a
// re-run reads of it is still cut off, and a store that cannot be used is exit 1 naming the db path.
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';
import { bookstream, countsOf, inputsOf, putFile, readResults, REPO, smallReportText } from './helpers/batch.js';

const T = { timeout: 30_000 };

describe('bookstream batch: what is read, and what is read again', () => {
  let root = '';
  before(async () => (root = await makeTempDir()));
  after(async () => removeTempDir(root));

  test('a file given and also inside a folder given is one book, one line', T, async () => {
    await putFile(root, 'twice/r-1.json', smallReportText(1));
    await putFile(root, 'twice/r-2.json', smallReportText(2));
    const run = await bookstream(['batch', '--db', 'twice.db', '--out', 'twice.ndjson', 'twice', 'twice/r-1.json'], root);
    assert.equal(run.code, 0, run.stderr);
    const { lines } = readResults(join(root, 'twice.ndjson'));
    assert.deepEqual(inputsOf(lines, root), [join(root, 'twice/r-1.json'), join(root, 'twice/r-2.json')]);
    assert.deepEqual(lines.map((line) => line.book.name), ['r-1', 'r-2']);
    assert.equal(countsOf(run).books, 2);
  });

  test('a link back up the tree: the walk ends, and every file is one book', T, async () => {
    await putFile(root, 'loop/r-1.json', smallReportText(1));
    await putFile(root, 'loop/sub/r-2.json', smallReportText(2));
    symlinkSync('..', join(root, 'loop/sub/up')); // loop/sub/up → loop
    const run = await bookstream(['batch', '--db', 'loop.db', '--out', 'loop.ndjson', 'loop'], root, 20_000);
    assert.equal(run.code, 0, run.stderr);
    const { lines } = readResults(join(root, 'loop.ndjson'));
    assert.deepEqual(lines.map((line) => line.book.name), ['r-1', 'sub/r-2']);
  });

  test('an input changed since its book was made is not read again: a new --out resumes it as it was', T, async () => {
    const file = await putFile(root, 'changed/r-1.json', smallReportText(1));
    const args = (out: string) => ['batch', '--db', 'changed.db', '--out', out, 'changed'];
    const first = await bookstream(args('changed-1.ndjson'), root);
    assert.equal(first.code, 0, first.stderr);
    writeFileSync(file, smallReportText(7)); // another account, other amounts
    const again = await bookstream(args('changed-2.ndjson'), root);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual([countsOf(again).resumed, countsOf(again).ingested], [1, 0]);
    assert.equal(readFileSync(join(root, 'changed-2.ndjson'), 'utf8'), readFileSync(join(root, 'changed-1.ndjson'), 'utf8'));
  });

  test('the same inputs run again from another working directory are known by their absolute paths: no second line', T, async () => {
    await putFile(root, 'moved/r-1.json', smallReportText(1));
    await putFile(root, 'moved/r-2.json', smallReportText(2));
    const first = await bookstream(['batch', '--db', 'moved.db', '--out', 'moved.ndjson', 'moved'], root);
    assert.equal(first.code, 0, first.stderr);
    const out = join(root, 'moved.ndjson');
    const before = readFileSync(out, 'utf8');
    // The same two files, the same store and results file, given from inside the folder.
    const again = await bookstream(['batch', '--db', '../moved.db', '--out', '../moved.ndjson', '.'], join(root, 'moved'));
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual([countsOf(again).passed_over, countsOf(again).resumed, countsOf(again).ingested], [2, 0, 0], again.stdout);
    assert.equal(readFileSync(out, 'utf8'), before, 'one line per book, as before');
  });

  test('a long line cut short past its first 16 KiB is cut off and written again whole', T, async () => {
    // The sample Asset Report's summary makes a line of well over 16 KiB.
    const report = readFileSync(join(REPO, 'data', 'plaid-asset-report.json'));
    for (const name of ['a', 'b', 'c']) await putFile(root, `long/${name}.json`, report);
    const args = ['batch', '--db', 'long.db', '--out', 'long.ndjson', 'long'];
    const first = await bookstream(args, root);
    assert.equal(first.code, 0, first.stderr);
    const out = join(root, 'long.ndjson');
    const whole = readFileSync(out, 'utf8');
    const lastStart = whole.lastIndexOf('\n', whole.length - 2) + 1;
    assert.ok(whole.length - lastStart > 16_384 + 1000, `the last line is longer than 16 KiB (${whole.length - lastStart} bytes)`);
    writeFileSync(out, whole.slice(0, lastStart + 16_384 + 500)); // the head whole, the line not

    const again = await bookstream(args, root);
    assert.equal(again.code, 0, again.stderr);
    const counts = countsOf(again);
    assert.deepEqual([counts.passed_over, counts.resumed, counts.ingested], [2, 1, 0], again.stdout);
    assert.equal(readFileSync(out, 'utf8'), whole, 'the same three whole lines');
  });
});

describe('bookstream batch: a store that cannot be used', () => {
  let root = '';
  before(async () => (root = await makeTempDir()));
  after(async () => removeTempDir(root));

  test('a --db that is not a bookstream store: exit 1, stderr names the db path', T, async () => {
    await putFile(root, 'exports/r-1.json', smallReportText(1));
    const db = await putFile(root, 'not-a-store.db', 'these are my notes, not SQLite\n'.repeat(200));
    const before = readFileSync(db);
    const run = await bookstream(['batch', '--db', db, '--out', 'r.ndjson', 'exports'], root);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(run.stderr.includes(db), `stderr names ${db}: ${run.stderr}`);
    assert.ok(readFileSync(db).equals(before), 'the file is left as it was');
  });
});
