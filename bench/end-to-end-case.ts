/**
 * The end-to-end case (issue 16), in a process of its own so that its peak RSS is its own: one generated Asset
 * Report made into figures by one of
 * - bookstream: `book.ingest([file])`, then the first full summary (default fields, `weekday_balances` and
 *   `probable_recurring_txns`) streamed to nowhere, through the library as a user calls it;
 * - duckdb: DuckDB's `read_json` of the nested file (with the `maximum_object_size` it needs), unnested into
 *   posted transactions, and each account's average daily balance by month in SQL, walked back from its current
 *   balance (less than bookstream's figures: no historical balances, no other figure);
 * - stream-json: the default stream-json pipeline doing bookstream's ingest (bench/stream-json-baseline.ts), no summary.
 *
 *   node dist/bench/end-to-end-case.js --mode bookstream|duckdb|stream-json --file REPORT --db DB
 * Prints one JSON line, an EndToEndResult.
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openStore } from '../src/api/store.js';
import { ingestWithStreamJson } from './stream-json-baseline.js';

export type EndToEndMode = 'bookstream' | 'duckdb' | 'stream-json';

export interface EndToEndResult {
  readonly mode: EndToEndMode;
  readonly bytes: number;
  readonly seconds: number;
  /** The two steps: ingest (or DuckDB's load) and the figures after it (null: the peer has none). */
  readonly ingestSeconds: number;
  readonly summarySeconds: number | null;
  readonly peakRssMb: number;
  /** RSS at each tenth of the run's time. */
  readonly rssByTenthMb: readonly number[];
  /** What the figures step made: summary bytes (bookstream), account-months (duckdb). */
  readonly output: number;
}

const MB = 2 ** 20;
const RSS_SAMPLE_MS = 50;

async function bookstream(file: string, db: string): Promise<{ ingest: number; summary: number; output: number }> {
  const store = await openStore(db);
  try {
    const book = await store.book('end-to-end');
    const started = performance.now();
    const [document] = await book.ingest([file]);
    if (document?.status !== 'VERIFICATION_COMPLETE') throw new Error(`ingest: ${JSON.stringify(document)}`);
    const ingested = performance.now();
    let output = 0;
    for await (const piece of book.summaryJson({ extraFields: ['weekday_balances', 'probable_recurring_txns'] })) output += piece.length;
    return { ingest: (ingested - started) / 1000, summary: (performance.now() - ingested) / 1000, output };
  } finally {
    await store.close();
  }
}

/** A file's path as a SQL string literal. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

async function duckdb(file: string, bytes: number): Promise<{ ingest: number; summary: number; output: number }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const started = performance.now();
    // One JSON object of the whole file: read_json needs a maximum_object_size past its size.
    await connection.run(`
      CREATE TABLE posted AS
      WITH report AS (SELECT report FROM read_json(${literal(file)}, maximum_object_size = ${bytes + 1024}, format = 'unstructured')),
           items AS (SELECT unnest(report.items) AS item FROM report),
           accounts AS (SELECT unnest(item.accounts) AS account FROM items),
           rows AS (SELECT account.account_id AS acct, account.balances.current AS current, unnest(account.transactions) AS txn FROM accounts)
      SELECT acct, CAST(current AS DECIMAL(18, 2)) AS current, CAST(txn.date AS DATE) AS day, CAST(txn.amount AS DECIMAL(18, 2)) AS amount
      FROM rows WHERE NOT coalesce(txn.pending, false)`);
    const loaded = performance.now();
    // Plaid amounts are positive out: the balance at the end of day d is the current balance plus every amount after d.
    const reader = await connection.runAndReadAll(`
      WITH flows AS (SELECT acct, day, sum(amount) AS net FROM posted GROUP BY acct, day),
           spans AS (SELECT acct, any_value(current) AS current, min(day) AS first, max(day) AS last FROM posted GROUP BY acct),
           days AS (SELECT acct, current, CAST(unnest(generate_series(first, last, INTERVAL 1 DAY)) AS DATE) AS day FROM spans),
           balances AS (
             SELECT d.acct, d.day, d.current + coalesce(sum(coalesce(f.net, 0)) OVER (
               PARTITION BY d.acct ORDER BY d.day DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS balance
             FROM days AS d LEFT JOIN flows AS f ON f.acct = d.acct AND f.day = d.day)
      SELECT acct, date_trunc('month', day) AS month, round(avg(balance), 2) AS average_daily_balance
      FROM balances GROUP BY acct, month ORDER BY acct, month`);
    return { ingest: (loaded - started) / 1000, summary: (performance.now() - loaded) / 1000, output: reader.getRows().length };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function streamJson(file: string, db: string): Promise<{ ingest: number; summary: null; output: number }> {
  const started = performance.now();
  const result = await ingestWithStreamJson(file, db);
  return { ingest: (performance.now() - started) / 1000, summary: null, output: result.transactions };
}

/** RSS sampled every RSS_SAMPLE_MS, then read back at each tenth of the run. */
function rssSampler(): { stop(): number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(process.memoryUsage().rss), RSS_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      if (samples.length === 0) return [];
      return Array.from({ length: 10 }, (_, tenth) => Math.round(samples[Math.max(0, Math.ceil(((tenth + 1) * samples.length) / 10) - 1)]! / MB));
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { mode: { type: 'string' }, file: { type: 'string' }, db: { type: 'string' } } });
  const { mode, file, db } = values;
  if ((mode !== 'bookstream' && mode !== 'duckdb' && mode !== 'stream-json') || file === undefined || db === undefined) {
    throw new Error('usage: end-to-end-case.js --mode bookstream|duckdb|stream-json --file REPORT --db DB');
  }
  const bytes = (await stat(file)).size;
  const rss = rssSampler();
  const started = performance.now();
  const run = mode === 'bookstream' ? await bookstream(file, db) : mode === 'duckdb' ? await duckdb(file, bytes) : await streamJson(file, db);
  const seconds = (performance.now() - started) / 1000;
  const result: EndToEndResult = {
    mode,
    bytes,
    seconds: round(seconds),
    ingestSeconds: round(run.ingest),
    summarySeconds: run.summary === null ? null : round(run.summary),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rssByTenthMb: rss.stop(),
    output: run.output,
  };
  console.log(JSON.stringify(result));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

await main();
