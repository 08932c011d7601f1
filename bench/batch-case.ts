/**
 * The batch case (issue 14), in a process of its own so that its peak RSS is its own:
 * - batch: a folder of generated books made into one store as `bookstream batch` does, each book's result line
 *   (its summary) appended to a results file as it commits;
 * - peer: the way before batch, each book ingested and summarized in turn through the library, its summary
 *   written to the results file as a line.
 *
 *   node dist/bench/batch-case.js --mode batch|peer --folder DIR --db DB --out RESULTS --books N [--jobs N] [--limit N]
 * Prints one JSON line, a BatchCaseResult.
 */
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/api/store.js';
import { ResultsFile } from '../src/cli/results-file.js';

export interface BatchCaseResult {
  readonly mode: 'batch' | 'peer';
  readonly jobs: number | null;
  readonly books: number;
  readonly failed: number;
  readonly inputBytes: number;
  readonly resultsBytes: number;
  readonly seconds: number;
  readonly booksPerSec: number;
  readonly mbPerSec: number;
  readonly peakRssMb: number;
  /** RSS after each tenth of the books. */
  readonly rssByTenthMb: readonly number[];
  /** Per book, wall time: reading and writing (batch: waiting for the next committed book) and the summary line. */
  readonly msPerBook: { readonly ingest: number; readonly summary: number };
  /**
   * Per book, CPU time of the calling thread (the batch's writer: writes, figures, result lines) and of every
   * other thread (reading, summaries, V8's and libuv's helpers); null where /proc/thread-self is not there.
   */
  readonly cpuMsPerBook: { readonly writer: number; readonly others: number } | null;
}

const MB = 2 ** 20;

interface Clock {
  /** Bytes of the books read (the peer's; batch counts the whole folder). */
  bytes: number;
  ingestMs: number;
  summaryMs: number;
  books: number;
  failed: number;
  readonly rss: number[];
}

async function batchCase(folder: string, db: string, out: string, jobs: number | undefined, expected: number, clock: Clock): Promise<void> {
  const store = await openStore(db);
  const results = await ResultsFile.open(out);
  try {
    const lines = store.batchLines([folder], { jobs })[Symbol.asyncIterator]();
    for (;;) {
      const started = performance.now();
      const next = await lines.next();
      const read = performance.now();
      if (next.done === true) break;
      await results.append(next.value.line);
      clock.ingestMs += read - started;
      clock.summaryMs += performance.now() - read;
      count(clock, next.value.book.document.status, expected);
    }
  } finally {
    await results.close();
    await store.close();
  }
}

async function peerCase(folder: string, db: string, out: string, limit: number, clock: Clock): Promise<void> {
  const store = await openStore(db);
  const results = await ResultsFile.open(out);
  try {
    for (const name of (await readdir(folder)).filter((entry) => !entry.startsWith('.')).sort().slice(0, limit)) {
      const started = performance.now();
      const book = await store.book(name);
      const files = await filesOf(join(folder, name));
      for (const file of files) clock.bytes += (await stat(file)).size;
      const [document] = await book.ingest(files);
      const read = performance.now();
      await results.append(peerLine(name, document!.status, book.summaryJson()));
      clock.ingestMs += read - started;
      clock.summaryMs += performance.now() - read;
      count(clock, document!.status, limit);
    }
  } finally {
    await results.close();
    await store.close();
  }
}

async function* peerLine(input: string, status: string, summary: AsyncIterable<string>): AsyncGenerator<string> {
  yield `{"input":${JSON.stringify(input)},"status":"${status}","summary":`;
  yield* summary;
  yield '}\n';
}

/** A book's files: the file itself, or a bundle folder's files. */
async function filesOf(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  return (await readdir(path)).sort().map((name) => join(path, name));
}

function count(clock: Clock, status: string, expected: number): void {
  clock.books += 1;
  if (status !== 'VERIFICATION_COMPLETE') clock.failed += 1;
  const tenth = Math.max(1, Math.round(expected / 10));
  if (clock.books % tenth === 0) clock.rss.push(Math.round(process.memoryUsage().rss / MB));
}

async function folderBytes(folder: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    bytes += entry.isDirectory() ? await folderBytes(path) : (await stat(path)).size;
  }
  return bytes;
}

/** CPU per book of this thread and of the others (Linux: /proc/thread-self/stat counts this thread's ticks). */
function cpuSplit(books: number): BatchCaseResult['cpuMsPerBook'] {
  let stat: string;
  try {
    stat = readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const writerMs = (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS_PER_SECOND);
  const { user, system } = process.cpuUsage();
  const totalMs = (user + system) / 1000;
  return { writer: round(writerMs / books), others: round(Math.max(0, totalMs - writerMs) / books) };
}

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string' }, folder: { type: 'string' }, db: { type: 'string' }, out: { type: 'string' },
      jobs: { type: 'string' }, limit: { type: 'string' }, books: { type: 'string' },
    },
  });
  const { mode, folder, db, out } = values;
  if ((mode !== 'batch' && mode !== 'peer') || folder === undefined || db === undefined || out === undefined || values.books === undefined) {
    throw new Error('usage: batch-case.js --mode batch|peer --folder DIR --db DB --out RESULTS --books N [--jobs N] [--limit N]');
  }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  const limit = Number(values.limit ?? Infinity);
  const expected = Math.min(Number(values.books), limit);
  const clock: Clock = { bytes: 0, ingestMs: 0, summaryMs: 0, books: 0, failed: 0, rss: [] };
  const started = performance.now();
  if (mode === 'batch') await batchCase(folder, db, out, jobs, expected, clock);
  else await peerCase(folder, db, out, limit, clock);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSplit(clock.books);
  const inputBytes = mode === 'batch' ? await folderBytes(folder) : clock.bytes;
  const result: BatchCaseResult = {
    mode,
    jobs: mode === 'batch' ? (jobs ?? null) : null,
    books: clock.books,
    failed: clock.failed,
    inputBytes,
    resultsBytes: (await stat(out)).size,
    seconds: round(seconds),
    booksPerSec: round(clock.books / seconds),
    mbPerSec: round(inputBytes / MB / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rssByTenthMb: clock.rss,
    msPerBook: { ingest: round(clock.ingestMs / clock.books), summary: round(clock.summaryMs / clock.books) },
    cpuMsPerBook: cpu,
  };
  console.log(JSON.stringify(result));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

await main();
