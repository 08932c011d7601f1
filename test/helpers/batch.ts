/**
 * Helpers for the `batch` tests (README "Batch: bulk exports (SPEC §6)"): running the built command line
 * (bin/bookstream.js, which runs dist/: `npm run build` first), reading a results file back line by line, and
 * writing many small distinct inputs. Nothing here knows how batch is implemented: a results file is read as
 * the README describes it (one NDJSON line per book, `input` and `status` first).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonText, simpleAssetReport } from '../fixtures/make-inputs.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(REPO, 'bin', 'bookstream.js');

export function assertBuilt(): void {
  assert.ok(existsSync(join(REPO, 'dist', 'src', 'cli.js')), 'dist/ is missing: run `npm run build` before these tests');
}

export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `node bin/bookstream.js ARGS` in `cwd` (stdout/stderr piped, collected by `outcomeOf`). */
export function startBookstream(args: readonly string[], cwd: string): ChildProcess {
  assertBuilt();
  return spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Waits for a child to end, with a bound: a child still running after `timeoutMs` is killed and reported. */
export function outcomeOf(child: ChildProcess, timeoutMs = 30_000): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bookstream did not end within ${timeoutMs} ms; stderr: ${stderr.slice(0, 2000)}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `bookstream ARGS` in `cwd` to its end. */
export function bookstream(args: readonly string[], cwd: string, timeoutMs = 30_000): Promise<CliOutcome> {
  return outcomeOf(startBookstream(args, cwd), timeoutMs);
}

/** The counts object `batch` prints on stdout (README: books, ingested, resumed, passed_over, failed, results). */
export interface BatchCounts {
  books: number;
  ingested: number;
  resumed: number;
  passed_over: number;
  failed: number;
  results: string;
}

export function countsOf(outcome: CliOutcome): BatchCounts {
  try {
    return JSON.parse(outcome.stdout) as BatchCounts;
  } catch {
    assert.fail(`stdout is not one JSON object (exit ${outcome.code}): ${outcome.stdout}\nstderr: ${outcome.stderr.slice(0, 2000)}`);
  }
}

/** One results line, as the README describes it. */
export interface ResultLine {
  input: string;
  status: string;
  book: { pk: number; name: string };
  documents: Array<Record<string, unknown> & { status: string; reason: string | null; pk: number }>;
  summary?: Record<string, unknown>;
  error?: { status: string; reason: string; error_offset: number | null; error_path: string | null };
  [key: string]: unknown;
}

/**
 * Reads a results file: every line whole (the file ends with a newline), every line one JSON object whose first
 * two keys are `input` and `status`.
 */
export function readResults(file: string): { text: string; lines: ResultLine[] } {
  const text = readFileSync(file, 'utf8');
  if (text === '') return { text, lines: [] };
  assert.ok(text.endsWith('\n'), `the last line of ${file} is whole (ends with a newline): …${text.slice(-200)}`);
  const lines = text.slice(0, -1).split('\n').map((line, index) => {
    let parsed: ResultLine;
    try {
      parsed = JSON.parse(line) as ResultLine;
    } catch (error) {
      assert.fail(`line ${index + 1} of ${file} is not JSON (${String(error)}): ${line.slice(0, 300)}`);
    }
    assert.deepEqual(Object.keys(parsed).slice(0, 2), ['input', 'status'], `line ${index + 1} starts with input and status`);
    return parsed;
  });
  return { text, lines };
}

/** The same input, however the line names it (as given, or absolute): compared as absolute paths from `cwd`. */
export function sameInput(line: ResultLine, expected: string, cwd: string): boolean {
  return resolve(cwd, line.input) === resolve(cwd, expected);
}

/** The inputs of the lines, as absolute paths. */
export function inputsOf(lines: readonly ResultLine[], cwd: string): string[] {
  return lines.map((line) => resolve(cwd, line.input));
}

/**
 * A small Asset Report of its own: one checking account `acct-<n>` with two posted transactions (Plaid sign:
 * `10 + n` out on 2023-03-27, 500 in on 2023-03-20), `balances.current` 110.
 */
export function smallReportText(n: number): string {
  const account = `acct-${n}`;
  return jsonText(simpleAssetReport(
    [
      { id: `t${n}-out`, amount: 10 + n, date: '2023-03-27', accountId: account },
      { id: `t${n}-in`, amount: -500, date: '2023-03-20', accountId: account },
    ],
    { id: account },
  ));
}

/** Writes `count` small reports `r-1.json` … `r-<count>.json` into `dir` (created), returning their paths in natural order. */
export async function writeSmallReports(dir: string, count: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (let n = 1; n <= count; n++) {
    const path = join(dir, `r-${n}.json`);
    await writeFile(path, smallReportText(n));
    paths.push(path);
  }
  return paths;
}

/**
 * A summary without what names its book or its rows in one store: the book's `name`, and every `pk` / `*_pk`
 * (book, accounts, periods, transactions), to compare the figures of two books in different stores.
 */
export function figuresOf(summary: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(summary), (key, value: unknown) =>
    key === 'pk' || key.endsWith('_pk') ? undefined : value) as Record<string, unknown>;
  delete copy.name;
  return copy;
}

/** A document without what one store gives it (`pk`, `created`, `created_ts`): the rest says what was read and how it went. */
export function documentFacts(document: object): Record<string, unknown> {
  const { pk: _pk, created: _created, created_ts: _createdTs, ...facts } = document as Record<string, unknown>;
  return facts;
}

/** Writes `root/path`, making its folders; returns the absolute path. */
export async function putFile(root: string, path: string, content: string | Buffer): Promise<string> {
  const file = join(root, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

/** What one line of the mixed exports must say (README "What becomes a book" and "Book names"). */
export interface ExpectedBook {
  /** The input, relative to the root the batch runs in: a file, or the folder of a Finicity bundle. */
  input: string;
  name: string;
  status: 'VERIFICATION_COMPLETE' | 'FAILED' | 'REJECTED';
  /** What the document's reason (and stderr) must name: the file, or the bundle's folder. */
  names: string;
}

/**
 * Writes, under `root`, the mixed exports of issue 14 and returns the batch's arguments (relative to `root`) and the
 * lines expected, in the README's order: the arguments in turn; in a folder, its `*.json` files in natural name
 * order, then its subfolders. `bundleGroup` lists the lines of one folder whose relative order the README leaves
 * open (a Finicity bundle beside a Plaid file in the same folder).
 *
 *   exports/acme.json              Plaid Asset Report (data/)             → acme
 *   exports/broken.json            malformed JSON                         → broken, FAILED
 *   exports/cut.json               the Asset Report cut at 4000 bytes     → cut, FAILED
 *   exports/mystery.json           JSON of no known format                → mystery, REJECTED
 *   exports/page-2.json            /transactions/get page 1 of data/      → page-2 (pages are not joined)
 *   exports/page-10.json           /transactions/get page 2 of data/      → page-10 (after page-2: natural order)
 *   exports/statements.JSON        bank statements (extension in capitals) → statements
 *   exports/acme-finicity/         the five Finicity files + plaid.json   → acme-finicity, acme-finicity/plaid
 *   exports/half-finicity/         accounts + one transactions page only  → half-finicity, REJECTED
 *   exports/west/acme.json         subfolder                              → west/acme
 *   lone/accounts.json (given)     a Finicity part alone                  → accounts, REJECTED
 * Passed over: exports/.draft.json (a good report), exports/._acme.json, exports/.cache/x.json, exports/notes.txt,
 * exports/acme.json.bak, exports/README (no extension).
 */
export async function writeMixedExports(root: string): Promise<{ args: string[]; expected: ExpectedBook[]; bundleGroup: string[] }> {
  const data = (name: string) => readFileSync(join(REPO, 'data', name));
  const report = data('plaid-asset-report.json');
  const put = (path: string, content: string | Buffer) => putFile(root, path, content);
  await put('exports/acme.json', report);
  await put('exports/broken.json', '{"report": {"items": [}]}}\n');
  await put('exports/cut.json', report.subarray(0, 4000));
  await put('exports/mystery.json', '{"hello": "world", "count": 3}\n');
  await put('exports/page-2.json', data('plaid-transactions-page-1.json'));
  await put('exports/page-10.json', data('plaid-transactions-page-2.json'));
  await put('exports/statements.JSON', data('plaid-bank-statements.json'));
  for (const part of ['accounts', 'customer', 'institution', 'transactions-page-1', 'transactions-page-2']) {
    await put(`exports/acme-finicity/${part}.json`, data(`finicity/${part}.json`));
  }
  await put('exports/acme-finicity/plaid.json', report);
  await put('exports/half-finicity/accounts.json', data('finicity/accounts.json'));
  await put('exports/half-finicity/transactions-page-1.json', data('finicity/transactions-page-1.json'));
  await put('exports/west/acme.json', report);
  await put('lone/accounts.json', data('finicity/accounts.json'));
  // Passed over: dot-names (files and folders) and names that are not *.json.
  await put('exports/.draft.json', report);
  await put('exports/._acme.json', Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]));
  await put('exports/.cache/x.json', report);
  await put('exports/notes.txt', 'call Dana on Monday\n');
  await put('exports/acme.json.bak', report);
  await put('exports/README', 'exports of 2024-05\n');

  const ok = 'VERIFICATION_COMPLETE' as const;
  const expected: ExpectedBook[] = [
    { input: 'exports/acme.json', name: 'acme', status: ok, names: 'acme.json' },
    { input: 'exports/broken.json', name: 'broken', status: 'FAILED', names: 'broken.json' },
    { input: 'exports/cut.json', name: 'cut', status: 'FAILED', names: 'cut.json' },
    { input: 'exports/mystery.json', name: 'mystery', status: 'REJECTED', names: 'mystery.json' },
    { input: 'exports/page-2.json', name: 'page-2', status: ok, names: 'page-2.json' },
    { input: 'exports/page-10.json', name: 'page-10', status: ok, names: 'page-10.json' },
    { input: 'exports/statements.JSON', name: 'statements', status: ok, names: 'statements.JSON' },
    { input: 'exports/acme-finicity', name: 'acme-finicity', status: ok, names: 'acme-finicity' },
    { input: 'exports/acme-finicity/plaid.json', name: 'acme-finicity/plaid', status: ok, names: 'plaid.json' },
    { input: 'exports/half-finicity', name: 'half-finicity', status: 'REJECTED', names: 'half-finicity' },
    { input: 'exports/west/acme.json', name: 'west/acme', status: ok, names: 'west/acme.json' },
    { input: 'lone/accounts.json', name: 'accounts', status: 'REJECTED', names: 'lone/accounts.json' },
  ];
  return { args: ['exports', 'lone/accounts.json'], expected, bundleGroup: ['acme-finicity', 'acme-finicity/plaid'] };
}
