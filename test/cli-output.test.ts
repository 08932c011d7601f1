// Issue 15: all JSON a command prints is indented, or all of it is on one line with --compact, whatever the command
// (summary, info and transactions used to be compact, the others indented). The expected text is JSON.stringify's
// own, of the value the output parses to.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';
import { bookstream, readResults, REPO, type CliOutcome } from './helpers/batch.js';

const T = { timeout: 60_000 };
const SAMPLE = join(REPO, 'data', 'plaid-asset-report.json');

function assertIndented(run: CliOutcome, what: string): unknown {
  assert.equal(run.code, 0, `${what}: ${run.stderr}`);
  const value: unknown = JSON.parse(run.stdout);
  assert.equal(run.stdout, `${JSON.stringify(value, null, 2)}\n`, `${what}: indented by 2`);
  return value;
}

function assertCompact(run: CliOutcome, what: string): unknown {
  assert.equal(run.code, 0, `${what}: ${run.stderr}`);
  const value: unknown = JSON.parse(run.stdout);
  assert.equal(run.stdout, `${JSON.stringify(value)}\n`, `${what}: one line`);
  return value;
}

describe('bookstream: JSON output, indented or --compact', () => {
  let root = '';
  before(async () => {
    root = await makeTempDir();
    const made = await bookstream(['ingest', '--db', 'books.db', '--book', 'acme', SAMPLE], root);
    assertIndented(made, 'ingest');
  });
  after(async () => removeTempDir(root));

  test('summary, info, transactions and books: the same data either way', T, async () => {
    const reads = [['summary', '--book', 'acme', '--extra-fields', 'weekday_balances'], ['info', '--book', 'acme'], ['transactions', '--book', 'acme'], ['books']];
    const runs = await Promise.all(reads.flatMap((args) => [
      bookstream([...args, '--db', 'books.db'], root),
      bookstream([...args, '--db', 'books.db', '--compact'], root),
    ]));
    for (const [index, args] of reads.entries()) {
      const indented = assertIndented(runs[index * 2]!, args[0]!);
      const compact = assertCompact(runs[index * 2 + 1]!, `${args[0]} --compact`);
      assert.deepEqual(compact, indented, args[0]);
    }
  });

  test('ingest, demo, batch and generate: --compact too', T, async () => {
    const [ingest, demo, batch, generate] = await Promise.all([
      bookstream(['ingest', '--db', 'other.db', '--book', 'acme', '--compact', SAMPLE], root),
      bookstream(['demo', '--compact'], root),
      bookstream(['batch', '--db', 'batch.db', '--out', 'results.ndjson', '--compact', SAMPLE], root),
      bookstream(['generate', '--format', 'plaid-assets', '--out', 'generated.json', '--transactions', '20', '--compact'], root),
    ]);
    assertCompact(ingest, 'ingest --compact');
    assertCompact(demo, 'demo --compact');
    assertCompact(batch, 'batch --compact');
    assertCompact(generate, 'generate --compact');
    // The results file is NDJSON whatever the flag: one line per book.
    assert.equal(readResults(join(root, 'results.ndjson')).lines.length, 1);
  });

  test('demo, batch and generate are indented by default', T, async () => {
    const [demo, batch, generate] = await Promise.all([
      bookstream(['demo'], root),
      bookstream(['batch', '--db', 'batch2.db', '--out', 'results2.ndjson', SAMPLE], root),
      bookstream(['generate', '--format', 'finicity', '--out', 'bundle', '--transactions', '20'], root),
    ]);
    assertIndented(demo, 'demo');
    assertIndented(batch, 'batch');
    assertIndented(generate, 'generate');
    assert.equal(readResults(join(root, 'results2.ndjson')).lines.length, 1);
  });
});
