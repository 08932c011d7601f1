// Issue 15, "Command line (Node CLI conventions)": --version/-V, the help word, COMMAND --help for every command,
// usage on stderr with exit 2 when nothing is given, and usage errors for unknown options and stray arguments. The
// expected options of each command are those of SPEC §6 and the README's command list, written out here.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';
import { bookstream, REPO } from './helpers/batch.js';

const T = { timeout: 30_000 };

/** Every command and the options the README lists for it (each also takes --compact: all its JSON on one line). */
const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  ingest: ['--db', '--book', '--source', '--pool', '--lock-timeout'],
  summary: ['--db', '--book', '--extra-fields', '--rules'],
  info: ['--db', '--book'],
  transactions: ['--db', '--book', '--rules'],
  books: ['--db'],
  batch: ['--db', '--out', '--jobs', '--rules', '--extra-fields', '--source', '--lock-timeout'],
  demo: ['--db', '--book'],
  generate: ['--format', '--out', '--size', '--transactions', '--accounts', '--months', '--seed', '--books'],
};
const COMMANDS = Object.keys(COMMAND_OPTIONS);

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

describe('bookstream: help, version and usage', () => {
  let root = '';
  before(async () => {
    root = await makeTempDir();
  });
  after(async () => removeTempDir(root));

  test('no arguments: the usage on stderr, nothing on stdout, exit 2', T, async () => {
    const run = await bookstream([], root);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^usage:\n/);
    for (const command of COMMANDS) assert.match(run.stderr, new RegExp(`^  bookstream ${command} `, 'm'), command);
  });

  test('--help, -h and help: the usage on stdout, exit 0', T, async () => {
    const runs = await Promise.all([['--help'], ['-h'], ['help']].map((args) => bookstream(args, root)));
    for (const run of runs) {
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^usage:\n/);
      for (const command of COMMANDS) assert.match(run.stdout, new RegExp(`^  bookstream ${command} `, 'm'), command);
    }
    assert.equal(runs[1]!.stdout, runs[0]!.stdout);
    assert.equal(runs[2]!.stdout, runs[0]!.stdout);
  });

  test('--version and -V: the version of package.json on stdout, exit 0', T, async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    for (const run of await Promise.all([bookstream(['--version'], root), bookstream(['-V'], root)])) {
      assert.deepEqual([run.code, run.stdout, run.stderr], [0, `${version}\n`, '']);
    }
  });

  test('COMMAND --help, COMMAND -h and help COMMAND: that command\'s usage and every option it takes, exit 0', T, async () => {
    const forms = (command: string) => [[command, '--help'], [command, '-h'], ['help', command]];
    const runs = await Promise.all(COMMANDS.flatMap((command) => forms(command).map((args) => bookstream(args, root))));
    for (const [index, command] of COMMANDS.entries()) {
      const [long, short, word] = runs.slice(index * 3, index * 3 + 3);
      assert.equal(long!.code, 0, `${command} --help: ${long!.stderr}`);
      assert.equal(long!.stderr, '');
      assert.match(long!.stdout, new RegExp(`^usage: bookstream ${command} `), command);
      for (const option of [...COMMAND_OPTIONS[command]!, '--compact']) {
        assert.match(long!.stdout, new RegExp(`^  ${option}[ =]`, 'm'), `${command} --help describes ${option}`);
      }
      assert.equal(short!.stdout, long!.stdout, `${command} -h`);
      assert.equal(word!.stdout, long!.stdout, `help ${command}`);
    }
  });

  test('--help among other options still helps, and opens no store', T, async () => {
    const run = await bookstream(['ingest', '--db', 'helped.db', '--book', 'acme', '--help'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^usage: bookstream ingest /);
    assert.equal(existsSync(join(root, 'helped.db')), false);
  });

  test('help for a command that does not exist, and an unknown command: one line naming it, exit 2', T, async () => {
    const [help, unknown] = await Promise.all([bookstream(['help', 'ingets'], root), bookstream(['ingets'], root)]);
    for (const run of [help, unknown]) {
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.equal(lines(run.stderr).length, 1, run.stderr);
      assert.match(run.stderr, /^bookstream: unknown command "ingets"/);
      for (const command of COMMANDS) assert.ok(run.stderr.includes(command), `the line lists ${command}: ${run.stderr}`);
    }
  });
});

describe('bookstream: unknown options and stray arguments are usage errors', () => {
  let root = '';
  before(async () => {
    root = await makeTempDir();
  });
  after(async () => removeTempDir(root));

  /** The usage line of a command as its --help shows it. */
  async function usageLine(command: string): Promise<string> {
    return lines((await bookstream([command, '--help'], root)).stdout)[0]!;
  }

  test('an option a command does not take: the option named, then that command\'s usage line, exit 2', T, async () => {
    const cases: Array<[string, string[], string]> = [
      ['summary', ['--db', 'a.db', '--book', 'acme', '--pool', '2'], '--pool'],
      ['books', ['--db', 'a.db', '--book', 'acme'], '--book'],
      ['info', ['--db', 'a.db', '--book', 'acme', '--rules', 'x'], '--rules'],
      ['transactions', ['--db', 'a.db', '--book', 'acme', '--extra-fields', 'weekday_balances'], '--extra-fields'],
      ['ingest', ['--db', 'a.db', '--book', 'acme', '--bogus', 'x.json'], '--bogus'],
      ['demo', ['--pool', '1'], '--pool'],
    ];
    const runs = await Promise.all(cases.map(([command, args]) => bookstream([command, ...args], root)));
    for (const [index, [command, , option]] of cases.entries()) {
      const run = runs[index]!;
      assert.equal(run.code, 2, `${command} ${option}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.deepEqual(lines(run.stderr), [`bookstream: Unknown option '${option}'`, await usageLine(command)]);
    }
    assert.equal(existsSync(join(root, 'a.db')), false, 'no store was made');
  });

  test('a positional argument to a command that takes no paths: named, exit 2', T, async () => {
    const cases: Array<[string, string[]]> = [
      ['summary', ['--db', 'a.db', '--book', 'acme', 'stray']],
      ['info', ['--db', 'a.db', 'stray', '--book', 'acme']],
      ['transactions', ['stray', '--db', 'a.db', '--book', 'acme']],
      ['books', ['--db', 'a.db', 'stray']],
      ['demo', ['stray']],
    ];
    const runs = await Promise.all(cases.map(([command, args]) => bookstream([command, ...args], root)));
    for (const [index, [command]] of cases.entries()) {
      const run = runs[index]!;
      assert.equal(run.code, 2, `${command}: ${run.stderr}`);
      assert.deepEqual(lines(run.stderr), [`bookstream: Unexpected argument 'stray'`, await usageLine(command)]);
    }
  });

  test('an option without its value, and a value given to a switch: named, exit 2', T, async () => {
    const [noValue, switchValue] = await Promise.all([
      bookstream(['books', '--db'], root),
      bookstream(['books', '--db', 'a.db', '--compact=yes'], root),
    ]);
    assert.equal(noValue.code, 2);
    assert.match(noValue.stderr, /^bookstream: --db needs a value \(--db FILE\)\n/);
    assert.equal(switchValue.code, 2);
    assert.match(switchValue.stderr, /^bookstream: --compact takes no value\n/);
  });

  test('"no such book" is one line, not the usage text', T, async () => {
    const db = join(root, 'one.db');
    const ingest = await bookstream(['ingest', '--db', db, '--book', 'acme', join(REPO, 'data', 'plaid-asset-report.json')], root);
    assert.equal(ingest.code, 0, ingest.stderr);
    const runs = await Promise.all(['summary', 'info', 'transactions'].map((command) => bookstream([command, '--db', db, '--book', 'nobody'], root)));
    for (const run of runs) {
      assert.equal(run.code, 2);
      assert.deepEqual(lines(run.stderr), [`bookstream: no book named "nobody" in ${db}`]);
    }
  });
});
