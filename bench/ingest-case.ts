/**
 * One benchmark case, run in its own process so that its peak RSS is its own:
 *   node dist/bench/ingest-case.js --case bookstream|stream-json --pool N --file F
 * (run.ts compiles it with bench/tsconfig.json first: the measured process runs plain JavaScript, no tsx).
 * Ingests F into a fresh temporary SQLite file and prints ONE JSON line (a CaseResult) on stdout.
 * The clock runs from opening the store to closing it: parse → normalize → committed rows.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { MB } from './generate-asset-report.js';

export type CaseName = 'bookstream' | 'stream-json';

export interface CaseResult {
  readonly case: CaseName;
  /** Worker threads for bookstream (0 = normalize on the main thread); null for the baseline. */
  readonly pool: number | null;
  readonly bytes: number;
  readonly seconds: number;
  readonly mbPerSec: number;
  readonly transactions: number;
  readonly txnsPerSec: number;
  readonly peakRssMb: number;
  /** RSS once the case's code is loaded, before the clock starts (Node + tsx + modules): the floor under peakRssMb. */
  readonly startRssMb: number;
  /** RSS after each tenth of the input was read: a flat line means memory does not grow with the file. */
  readonly rssByTenthMb: readonly number[];
  /** Seconds since the start when each tenth of the input had been read: even steps mean no slowdown as the book grows. */
  readonly secondsByTenth: readonly number[];
  /** Rows found in the database file afterwards, counted independently of the ingest's own report. */
  readonly committedRows: number;
  readonly databaseMb: number;
}

/** Samples RSS and the clock as the input is read, once per tenth of the file. */
class ByTenth {
  readonly rssMb: number[] = [];
  readonly seconds: number[] = [];
  constructor(
    private readonly totalBytes: number,
    private readonly start: number,
  ) {}
  observe(bytesRead: number): void {
    while (this.rssMb.length < 10 && bytesRead >= (this.totalBytes * (this.rssMb.length + 1)) / 10) {
      this.rssMb.push(round(process.memoryUsage.rss() / MB, 1));
      this.seconds.push(round((performance.now() - this.start) / 1000, 2));
    }
  }
}

/** Ingests `file` into a fresh `database`, reporting bytes read to `progress`; returns the transactions stored. */
type Ingest = (file: string, database: string, progress: (bytesRead: number) => void) => Promise<number>;

/**
 * Each case imports only its own code, so neither pays for the other's modules in its peak RSS,
 * and the import (and tsx's transpiling) happens before the clock starts.
 */
async function loadCase(name: CaseName, pool: number): Promise<Ingest> {
  if (name === 'stream-json') {
    const { ingestWithStreamJson } = await import('./stream-json-baseline.js');
    return async (file, database, progress) => (await ingestWithStreamJson(file, database, progress)).transactions;
  }
  // The built package, by its own name, as `bookstream` users run it (npm run bench builds it first).
  const { openStore } = await import('bookstream');
  return async (file, database, progress) => {
    const store = await openStore(database);
    try {
      const book = await store.book('bench');
      const [doc] = await book.ingest([file], { poolSize: pool, onProgress: (p) => progress(p.bytesRead) });
      if (doc === undefined || doc.status !== 'VERIFICATION_COMPLETE') {
        throw new Error(`bookstream did not ingest ${file}: ${doc === undefined ? 'no document' : `${doc.status}: ${doc.reason}`}`);
      }
      return doc.txn_count;
    } finally {
      await store.close();
    }
  };
}

function countCommittedRows(database: string): number {
  const sqlite = new SqliteDatabase(database, { readonly: true });
  try {
    return (sqlite.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

async function fileSize(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export async function runCase(name: CaseName, file: string, pool: number): Promise<CaseResult> {
  const ingest = await loadCase(name, pool);
  const startRssMb = round(process.memoryUsage.rss() / MB, 1);
  const bytes = await fileSize(file);
  const dir = await mkdtemp(join(tmpdir(), 'bookstream-bench-'));
  const database = join(dir, 'bench.db');
  try {
    const start = performance.now();
    const tenths = new ByTenth(bytes, start);
    const transactions = await ingest(file, database, (bytesRead) => tenths.observe(bytesRead));
    const seconds = (performance.now() - start) / 1000;
    const databaseBytes = (await fileSize(database)) + (await fileSize(`${database}-wal`));
    return {
      case: name,
      pool: name === 'bookstream' ? pool : null,
      bytes,
      seconds: round(seconds, 3),
      mbPerSec: round(bytes / MB / seconds, 2),
      transactions,
      txnsPerSec: Math.round(transactions / seconds),
      peakRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
      startRssMb,
      rssByTenthMb: tenths.rssMb,
      secondsByTenth: tenths.seconds,
      committedRows: countCommittedRows(database),
      databaseMb: round(databaseBytes / MB, 1),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { case: { type: 'string' }, pool: { type: 'string', default: '0' }, file: { type: 'string' } },
  });
  const name = values.case;
  const pool = Number(values.pool);
  if ((name !== 'bookstream' && name !== 'stream-json') || values.file === undefined || !Number.isInteger(pool) || pool < 0) {
    console.error('usage: node dist/bench/ingest-case.js --case bookstream|stream-json --pool N --file F');
    process.exit(2);
  }
  const result = await runCase(name, values.file, pool);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
