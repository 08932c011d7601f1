/**
 * The batch benchmark (issue 14): folders of generated small books (`bookstream generate --books N`), each made
 * into one store by `batch` (bench/batch-case.ts, a process per run), beside the peer, the same books ingested
 * and summarized one after another through the library as before `batch`, in the same run.
 *
 * Targets: >= 200 books/s on 10,000 Asset Reports of about 50 KB, peak RSS <= 256 MB, flat from 1,000 to 10,000.
 */
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, type GenerateFormat } from '../src/generate/index.js';
import type { BatchCaseResult } from './batch-case.js';
import { runScript } from './case-process.js';
import { DATA_DIR, MB } from './generated-input.js';

export interface BatchBenchOptions {
  /** Asset Reports of about 50 KB in the main case; 0 skips the batch benchmark. */
  readonly books: number;
  /** Finicity bundles (folders of 5 files). */
  readonly bundles: number;
  /** The peer ingests and summarizes this many of the books (it is an order of magnitude slower). */
  readonly peerBooks: number;
  readonly repeat: number;
  readonly seed: number;
}

interface BatchBenchCase {
  readonly input: string;
  readonly runs: readonly BatchCaseResult[];
}

const TARGET_BOOKS_PER_SEC = 200;
const TARGET_PEAK_RSS_MB = 256;
/** Growth of RSS from the first tenth of the books to the last that still counts as flat. */
const FLAT_RSS_MB = 32;
/** Bumped when the generator's bytes change, so that stale folders are not reused. */
const FOLDERS_VERSION = 1;

export async function runBatchBench(options: BatchBenchOptions): Promise<BatchBenchCase[]> {
  const assets = await ensureBooks('plaid-assets', options.books, options.seed);
  const bundles = await ensureBooks('finicity', options.bundles, options.seed);
  const cases: BatchBenchCase[] = [];
  for (const [folder, books, label] of [[assets, options.books, 'Asset Reports'], [bundles, options.bundles, 'Finicity bundles']] as const) {
    if (books === 0) continue;
    const runs: BatchCaseResult[] = [];
    for (let round = 1; round <= options.repeat; round++) {
      process.stderr.write(`batch: ${books} ${label}, run ${round}/${options.repeat}...\n`);
      runs.push(await runCase('batch', folder, books, books));
      runs.push(await runCase('peer', folder, books, Math.min(options.peerBooks, books)));
    }
    cases.push({ input: `${books} ${label}`, runs });
  }
  console.log(`\nbatch (issue 14): ${cases.map((c) => c.input).join('; ')}\n${table(cases)}`);
  for (const line of verdict(cases)) console.log(line);
  return cases;
}

/** A folder of `books` generated books under bench/.data, reused when a complete one is there. */
async function ensureBooks(format: GenerateFormat, books: number, seed: number): Promise<string> {
  const folder = join(DATA_DIR, `batch-${format}-${books}-seed${seed}-v${FOLDERS_VERSION}`);
  if (books === 0) return folder;
  const done = await readFile(join(folder, '.complete'), 'utf8').catch(() => null);
  if (done !== null) return folder;
  const partial = `${folder}.partial`;
  await rm(partial, { recursive: true, force: true });
  process.stderr.write(`generating ${books} ${format} books...\n`);
  const manifest = await generate({ format, books, out: partial, seed, ...(format === 'plaid-assets' ? { size: '50KB' } : {}) });
  await writeFile(join(partial, '.complete'), `${manifest.bytes}\n`); // a dot-file: batch passes over it
  await rm(folder, { recursive: true, force: true });
  await rename(partial, folder);
  return folder;
}

async function runCase(mode: 'batch' | 'peer', folder: string, books: number, limit: number): Promise<BatchCaseResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'bookstream-batch-bench-'));
  try {
    const args = ['--mode', mode, '--folder', folder, '--db', join(scratch, 'books.db'), '--out', join(scratch, 'results.ndjson'), '--books', String(books), '--limit', String(limit)];
    return await runScript<BatchCaseResult>(`batch case (${mode})`, 'batch-case.js', args);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function table(cases: readonly BatchBenchCase[]): string {
  const header = ['input', 'case', 'books', 'input MB', 'seconds', 'books/s', 'MB/s', 'peak RSS MB', 'RSS 10%→100% MB', 'ms/book ingest', 'ms/book summary', 'CPU ms/book writer', 'CPU ms/book others'];
  const rows = cases.flatMap((c) =>
    c.runs.map((r) => [
      c.input, r.mode, String(r.books), (r.inputBytes / MB).toFixed(1), r.seconds.toFixed(2), r.booksPerSec.toFixed(1), r.mbPerSec.toFixed(1),
      String(r.peakRssMb), r.rssByTenthMb.length === 0 ? '?' : `${r.rssByTenthMb[0]}→${r.rssByTenthMb.at(-1)}`, r.msPerBook.ingest.toFixed(2), r.msPerBook.summary.toFixed(2),
      r.cpuMsPerBook?.writer.toFixed(2) ?? '?', r.cpuMsPerBook?.others.toFixed(2) ?? '?',
    ]),
  );
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function verdict(cases: readonly BatchBenchCase[]): string[] {
  return cases.flatMap((c) => {
    const batch = c.runs.filter((r) => r.mode === 'batch').sort((a, b) => a.booksPerSec - b.booksPerSec);
    const peer = c.runs.filter((r) => r.mode === 'peer').sort((a, b) => a.booksPerSec - b.booksPerSec);
    const median = <T>(runs: readonly T[]): T | undefined => runs[Math.floor((runs.length - 1) / 2)];
    const [ours, theirs] = [median(batch), median(peer)];
    if (ours === undefined) return [];
    const rss = ours.rssByTenthMb;
    const flat = rss.length > 1 && rss.at(-1)! - rss[0]! <= FLAT_RSS_MB;
    const failed = ours.failed > 0 ? `, ${ours.failed} FAILED books` : '';
    return [
      `${c.input}: batch ${ours.booksPerSec.toFixed(1)} books/s (target >= ${TARGET_BOOKS_PER_SEC}: ${ours.booksPerSec >= TARGET_BOOKS_PER_SEC ? 'met' : 'NOT met'}), ` +
        `peak RSS ${ours.peakRssMb} MB (<= ${TARGET_PEAK_RSS_MB}: ${ours.peakRssMb <= TARGET_PEAK_RSS_MB ? 'met' : 'NOT met'}), ` +
        `RSS ${flat ? 'flat' : 'NOT flat'} (${rss[0]}→${rss.at(-1)} MB)${failed}` +
        (theirs === undefined ? '' : `; ${(ours.booksPerSec / theirs.booksPerSec).toFixed(1)}x the peer (${theirs.booksPerSec.toFixed(1)} books/s)`),
    ];
  });
}
