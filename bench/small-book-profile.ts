/**
 * The batch case: many small books, each one small Plaid Asset Report (about 50 KB: 4 accounts,
 * ~44 transactions, 90 historical balances per account) ingested into its own book of one store
 * file, then summarized. Times the ingest and the first summary of each book (which stores the
 * figures and the classification) and a second summary (everything stored already).
 *
 *   node --import tsx bench/small-book-profile.ts [--books 100] [--extra weekday_balances,probable_recurring_txns]
 *                                                 [--trace] [--db :memory:] [--together 50]
 *
 * `--together N` runs the batch the other way: N books are ingested, then storeDerivedForBooks stores
 * the figures and classification of all N at once, then each book's summary (which finds them stored).
 * `--trace` times every SQLite statement (prepare, and each run/all/get/iterate) and prints the
 * statements by total time, so the cost of a summary can be read statement by statement.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { generateAssetReport } from './generate-asset-report.js';
import { describeMachine } from './machine.js';
import { storeDerivedForBooks } from '../src/analytics/store-derived.js';
import { openStore, type Store } from '../src/index.js';
import { loadRules } from '../src/rules/rules-folder.js';
import type { StoreDatabase } from '../src/store/database.js';

interface StatementTime {
  calls: number;
  ms: number;
}

const { values } = parseArgs({
  options: {
    books: { type: 'string', default: '100' },
    extra: { type: 'string', default: '' },
    trace: { type: 'boolean', default: false },
    db: { type: 'string' },
    together: { type: 'string' },
  },
});

const traced = new Map<string, StatementTime>();

function note(key: string, started: number): void {
  const time = traced.get(key) ?? { calls: 0, ms: 0 };
  time.calls += 1;
  time.ms += performance.now() - started;
  traced.set(key, time);
}

/** Wraps better-sqlite3's prepare and statement calls to time them by SQL text. */
function traceStatements(): void {
  const proto = SqliteDatabase.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const prepare = proto['prepare']!;
  const exec = proto['exec']!;
  proto['exec'] = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return exec.apply(this, args);
    } finally {
      note(`exec ${String(args[0]).replace(/\s+/g, ' ').slice(0, 110)}`, started);
    }
  };
  proto['prepare'] = function (this: unknown, ...args: unknown[]) {
    const text = String(args[0]).replace(/\s+/g, ' ').slice(0, 110);
    const started = performance.now();
    const statement = prepare.apply(this, args) as Record<string, (...a: unknown[]) => unknown>;
    note(`prepare`, started);
    for (const method of ['run', 'all', 'get', 'iterate'] as const) {
      const original = statement[method]!.bind(statement);
      statement[method] = (...a: unknown[]) => {
        const at = performance.now();
        try {
          return original(...a);
        } finally {
          note(`${method} ${text}`, at);
        }
      };
    }
    return statement;
  };
}

/** CPU time (user + system, every thread of the process) since `since`, in ms: less shaken than wall time by a busy host. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function describe(label: string, times: readonly number[]): string {
  return `${label.padEnd(16)} median ${median(times).toFixed(2)} ms  p10 ${percentile(times, 10).toFixed(2)}  p90 ${percentile(times, 90).toFixed(2)}  total ${times.reduce((a, b) => a + b, 0).toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const books = Number(values.books);
  const folder = await mkdtemp(join(tmpdir(), 'small-books-'));
  try {
    const inputs = join(folder, 'inputs');
    await mkdir(inputs);
    const files: string[] = [];
    for (let i = 0; i < books; i++) {
      const file = join(inputs, `report-${i + 1}.json`);
      await generateAssetReport(file, { megabytes: 0.05, seed: i + 1 });
      files.push(file);
    }
    if (values.trace) traceStatements();
    const store = await openStore(values.db ?? join(folder, 'books.db'));
    const extraFields = values.extra === '' ? [] : values.extra.split(',');
    if (values.together !== undefined) {
      await runTogether(store, files, Number(values.together), extraFields);
      return;
    }
    const [ingestMs, firstMs, secondMs]: [number[], number[], number[]] = [[], [], []];
    const [firstCpuMs, secondCpuMs]: [number[], number[]] = [[], []];
    let traceSecond = new Map<string, StatementTime>();
    for (const [index, file] of files.entries()) {
      const book = await store.book(`borrower-${index + 1}`);
      let started = performance.now();
      await book.ingest([file], { poolSize: 0 });
      ingestMs.push(performance.now() - started);
      if (index === 0) traced.clear();
      started = performance.now();
      let cpu = process.cpuUsage();
      await book.summary({ extraFields: extraFields as never });
      firstMs.push(performance.now() - started);
      firstCpuMs.push(cpuMs(cpu));
      const beforeSecond = new Map([...traced].map(([key, time]) => [key, { ...time }]));
      started = performance.now();
      cpu = process.cpuUsage();
      await book.summary({ extraFields: extraFields as never });
      secondMs.push(performance.now() - started);
      secondCpuMs.push(cpuMs(cpu));
      traceSecond = subtractInto(traceSecond, traced, beforeSecond);
    }
    await store.close();
    console.log(`${describeMachine()}`);
    console.log(`${books} books of one 0.05 MB Plaid Asset Report each, extra fields: ${values.extra || '(none)'}`);
    console.log(describe('ingest', ingestMs.slice(1)));
    console.log(describe('first summary', firstMs.slice(1)));
    console.log(describe('second summary', secondMs.slice(1)));
    console.log(describe('first, CPU', firstCpuMs.slice(1)));
    console.log(describe('second, CPU', secondCpuMs.slice(1)));
    if (values.trace) printTrace(traced, traceSecond, books - 1);
    console.log(JSON.stringify({ books, extra: values.extra, ingest: median(ingestMs.slice(1)), first: median(firstMs.slice(1)), second: median(secondMs.slice(1)), firstCpu: median(firstCpuMs.slice(1)), secondCpu: median(secondCpuMs.slice(1)) }));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Ingests `size` books, stores their derived data at once, then summarizes each; prints per-book times. */
async function runTogether(store: Store, files: readonly string[], size: number, extraFields: readonly string[]): Promise<void> {
  const db = (store as unknown as { db: StoreDatabase }).db; // the bench reaches past the API on purpose
  const rules = await loadRules();
  const [ingestMs, deriveMs, summaryMs, totalMs]: [number[], number[], number[], number[]] = [[], [], [], []];
  for (let at = 0; at < files.length; at += size) {
    const started = performance.now();
    const group = files.slice(at, at + size);
    const pks: number[] = [];
    for (const [index, file] of group.entries()) {
      const book = await store.book(`borrower-${at + index + 1}`);
      const ingestStarted = performance.now();
      await book.ingest([file], { poolSize: 0 });
      ingestMs.push(performance.now() - ingestStarted);
      pks.push(book.pk);
    }
    const deriveStarted = performance.now();
    if (at === 0) traced.clear();
    await storeDerivedForBooks(db, pks, rules);
    if (at === 0 && values.trace) printTrace(traced, new Map(), group.length);
    deriveMs.push((performance.now() - deriveStarted) / group.length);
    for (const [index] of group.entries()) {
      const book = await store.book(`borrower-${at + index + 1}`);
      const summaryStarted = performance.now();
      await book.summary({ extraFields: extraFields as never });
      summaryMs.push(performance.now() - summaryStarted);
    }
    totalMs.push((performance.now() - started) / group.length);
  }
  await store.close();
  console.log(`${describeMachine()}`);
  console.log(`${files.length} books of one 0.05 MB Plaid Asset Report each, ${size} at a time, extra fields: ${extraFields.join(',') || '(none)'}`);
  console.log(describe('ingest', ingestMs));
  console.log(describe('derive, per book', deriveMs));
  console.log(describe('summary', summaryMs));
  console.log(describe('all, per book', totalMs));
  console.log(JSON.stringify({ books: files.length, together: size, ingest: median(ingestMs), derivePerBook: median(deriveMs), summary: median(summaryMs), perBook: median(totalMs) }));
}

/** Adds what the second summary's statements took (now − before) into `into`. */
function subtractInto(into: Map<string, StatementTime>, now: Map<string, StatementTime>, before: Map<string, StatementTime>): Map<string, StatementTime> {
  for (const [key, time] of now) {
    const earlier = before.get(key) ?? { calls: 0, ms: 0 };
    if (time.calls === earlier.calls) continue;
    const sum = into.get(key) ?? { calls: 0, ms: 0 };
    sum.calls += time.calls - earlier.calls;
    sum.ms += time.ms - earlier.ms;
    into.set(key, sum);
  }
  return into;
}

function printTrace(all: Map<string, StatementTime>, second: Map<string, StatementTime>, books: number): void {
  const firstOnly = new Map([...all].map(([key, time]) => {
    const s = second.get(key) ?? { calls: 0, ms: 0 };
    return [key, { calls: time.calls - s.calls, ms: time.ms - s.ms }];
  }));
  for (const [label, times] of [['first summary (+ ingest)', firstOnly], ['second summary', second]] as const) {
    const rows = [...times].filter(([, time]) => time.calls > 0).sort((a, b) => b[1].ms - a[1].ms);
    const total = rows.reduce((sum, [, time]) => sum + time.ms, 0);
    console.log(`\n${label}: ${(total / books).toFixed(2)} ms/book in SQLite calls, ${rows.length} distinct`);
    for (const [key, time] of rows.slice(0, 40)) {
      console.log(`${(time.ms / books).toFixed(3).padStart(8)} ms/book ${(time.calls / books).toFixed(1).padStart(6)}×  ${key}`);
    }
  }
}

await main();
