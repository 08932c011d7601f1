/**
 * The ingest benchmark (`npm run bench`): a generated Plaid Asset Report, ingested end to end by the
 * stream-json baseline and by bookstream with each worker-pool size, each case in its own process.
 *
 * Then a report of very many small accounts, ingested the same way and then summarized
 * (bench/many-accounts-case.ts), a generated Finicity bundle (bench/finicity-case.ts) and the summary of a
 * 1.5-million-transaction book (bench/summary-case.ts), and folders of small books made into books by `batch`
 * beside the one-book-at-a-time peer (bench/batch-bench.ts); and end to end (ingest, then the first summary) beside DuckDB and
 * stream-json on reports of several sizes (bench/end-to-end-bench.ts).
 *
 *   npm run bench -- [--mb 200] [--pools 0,1,2] [--repeat 1] [--skip-baseline] [--quick] [--seed 1] [--accounts 4]
 *                    [--many-accounts 200000] [--finicity-mb 100] [--summary-txns 1500000]
 *                    [--batch-books 10000] [--batch-bundles 1000] [--batch-peer 1000] [--e2e-mb 10,200]
 *
 * Targets (the issues): >= 50 MB/s end to end on a 200 MB report, with peak RSS <= 256 MB; the summary of
 * 1.5 million transactions in < 5 s.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DATA_DIR, ensureAssetReport, MB, type GeneratedReport } from './generate-asset-report.js';
import { ensureManyAccounts } from './generate-many-accounts.js';
import type { CaseName, CaseResult } from './ingest-case.js';
import type { SummaryResult } from './many-accounts-case.js';
import { runFinicityBench } from './finicity-case.js';
import { runSummaryBench } from './summary-case.js';
import { describeMachine, machineInfo } from './machine.js';
import { runScript } from './case-process.js';
import { runBatchBench } from './batch-bench.js';
import { runEndToEndBench } from './end-to-end-bench.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, '..');
const TARGET_MB_PER_SEC = 50;
const TARGET_PEAK_RSS_MB = 256;
const QUICK_MB = 20;
const QUICK_SUMMARY_TXNS = 150_000;
const QUICK_MANY_ACCOUNTS = 5_000;

interface Options {
  readonly megabytes: number;
  readonly pools: readonly number[];
  readonly repeat: number;
  readonly baseline: boolean;
  readonly seed: number;
  readonly accounts: number;
  readonly manyAccounts: number;
  readonly finicityMegabytes: number;
  readonly summaryTransactions: number;
  readonly batchBooks: number;
  readonly batchBundles: number;
  readonly batchPeerBooks: number;
  /** The end-to-end cases (bench/end-to-end-bench.ts): a report of each of these sizes in MB; empty skips them. */
  readonly endToEndMegabytes: readonly number[];
}

/** A case's result, or why it has none. */
type CaseOutcome = CaseSummary | { spec: CaseSpec; error: string };

interface CaseSpec {
  readonly name: CaseName;
  readonly pool: number;
}

/** The median run of a case (by seconds), with every run kept for the JSON record. */
interface CaseSummary extends CaseResult {
  readonly runs: readonly CaseResult[];
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

function readOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      mb: { type: 'string' },
      pools: { type: 'string', default: '0,1,2' },
      repeat: { type: 'string', default: '1' },
      'skip-baseline': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      accounts: { type: 'string', default: '4' },
      'many-accounts': { type: 'string' },
      'finicity-mb': { type: 'string' },
      'summary-txns': { type: 'string' },
      'batch-books': { type: 'string' },
      'batch-bundles': { type: 'string' },
      'batch-peer': { type: 'string' },
      'e2e-mb': { type: 'string' },
    },
  });
  const options = {
    megabytes: Number(values.mb ?? (values.quick ? QUICK_MB : 200)),
    pools: values.pools.split(',').filter((part) => part.trim() !== '').map(Number),
    repeat: Number(values.repeat),
    baseline: !values['skip-baseline'],
    seed: Number(values.seed),
    accounts: Number(values.accounts),
    /** The many-accounts cases (bench/many-accounts-case.ts): a report of this many accounts; 0 skips them. */
    manyAccounts: Number(values['many-accounts'] ?? (values.quick ? QUICK_MANY_ACCOUNTS : 200_000)),
    /** The Finicity bundle case (bench/finicity-case.ts); 0 skips it. */
    finicityMegabytes: Number(values['finicity-mb'] ?? (values.quick ? QUICK_MB : 100)),
    /** The summary case (bench/summary-case.ts): a book of this many transactions; 0 skips it. */
    summaryTransactions: Number(values['summary-txns'] ?? (values.quick ? QUICK_SUMMARY_TXNS : 1_500_000)),
    /** The batch cases (bench/batch-bench.ts): this many Asset Reports and Finicity bundles, the peer on the first of them. */
    batchBooks: Number(values['batch-books'] ?? (values.quick ? 200 : 10_000)),
    batchBundles: Number(values['batch-bundles'] ?? (values.quick ? 50 : 1_000)),
    batchPeerBooks: Number(values['batch-peer'] ?? (values.quick ? 100 : 1_000)),
    endToEndMegabytes: (values['e2e-mb'] ?? (values.quick ? '10' : '10,200')).split(',').filter((size) => size !== '' && size !== '0').map(Number),
  };
  const wholes = [options.repeat, options.seed, options.accounts, options.manyAccounts, options.batchBooks, options.batchBundles, options.batchPeerBooks, ...options.pools, ...options.endToEndMegabytes];
  if (!(options.megabytes > 0) || !wholes.every((n) => Number.isInteger(n) && n >= 0) || options.repeat < 1 || options.accounts < 1) {
    throw new Error('usage: npm run bench -- [--mb 200] [--pools 0,1,2] [--repeat N] [--skip-baseline] [--quick] [--seed 1] [--accounts 4] [--many-accounts N] [--finicity-mb N] [--summary-txns N] [--batch-books N] [--batch-bundles N] [--batch-peer N] [--e2e-mb 10,200,1024]');
  }
  return options;
}

/** Reads the input once, so every case finds it in the page cache (a reused file may have been evicted). */
async function warmPageCache(file: string): Promise<void> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) void chunk;
}

/** Compiles the case runner into dist/bench, so that the measured processes run without tsx (bench/tsconfig.json). */
function compileCaseRunner(): void {
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(BENCH_DIR, 'tsconfig.json')], { stdio: 'inherit' });
}

/** Runs one case in a child process and reads the one JSON line it prints. */
function runChild(spec: CaseSpec, file: string): Promise<CaseResult> {
  return runScript<CaseResult>(label(spec), 'ingest-case.js', ['--case', spec.name, '--pool', String(spec.pool), '--file', file]);
}

function label(spec: CaseSpec): string {
  return spec.name === 'bookstream' ? `bookstream (pool ${spec.pool})` : spec.name;
}

/** Errors: rows missing. Warnings: memory that grows with the file (a heuristic: RSS also ramps up at the start). */
function checkCase(result: CaseResult, input: GeneratedReport): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  if (result.transactions !== input.transactions) errors.push(`reported ${result.transactions} transactions, the input has ${input.transactions}`);
  if (result.committedRows !== input.transactions) errors.push(`the database holds ${result.committedRows} rows, the input has ${input.transactions}`);
  const warnings: string[] = [];
  const [first, last] = [result.rssByTenthMb[0], result.rssByTenthMb.at(-1)];
  if (first !== undefined && last !== undefined && last - first > 64) warnings.push(`RSS grew from ${first} MB to ${last} MB while reading`);
  return { errors, warnings };
}

function median(runs: readonly CaseResult[]): CaseResult {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Runs every case `repeat` times, round-robin, so slow drift of the machine hits all cases alike. */
async function runCases(specs: readonly CaseSpec[], options: Options, input: GeneratedReport): Promise<Array<CaseOutcome>> {
  const runs = new Map<CaseSpec, CaseResult[]>(specs.map((spec) => [spec, []]));
  const errors = new Map<CaseSpec, string>();
  for (let round = 1; round <= options.repeat; round++) {
    for (const spec of specs) {
      if (errors.has(spec)) continue;
      process.stderr.write(`running ${label(spec)}${options.repeat > 1 ? `, run ${round}/${options.repeat}` : ''}...\n`);
      try {
        runs.get(spec)!.push(await runChild(spec, input.file));
      } catch (error) {
        errors.set(spec, error instanceof Error ? error.message : String(error));
      }
    }
  }
  return specs.map((spec) => {
    const error = errors.get(spec);
    if (error !== undefined) return { spec, error };
    const all = runs.get(spec)!;
    const middle = median(all);
    return { ...middle, runs: all, ...checkCase(middle, input) };
  });
}

/**
 * The many-accounts cases: the report ingested by every case (flat memory means the same peak RSS at
 * 20,000 and 200,000 accounts), then one book's first and second summaries in a process of their own.
 */
async function runManyAccounts(specs: readonly CaseSpec[], options: Options): Promise<{ results: CaseOutcome[]; summary: SummaryResult }> {
  const report = await ensureManyAccounts(options.manyAccounts, options.seed);
  console.log(`\nmany accounts: ${(report.bytes / MB).toFixed(1)} MB Plaid Asset Report, ${report.accounts} accounts, ${report.transactions} transactions: ${report.file}`);
  await warmPageCache(report.file);
  const results = await runCases(specs, options, { ...report, megabytes: report.bytes / MB });
  console.log(`\n${table(resultRows(results))}${options.repeat > 1 ? `\n(median of ${options.repeat} runs)` : ''}`);
  for (const line of verdict(results).lines.filter((line) => /^(ERROR|WARNING|FAILED)/.test(line))) console.log(line);
  const folder = await mkdtemp(join(tmpdir(), 'bookstream-many-'));
  try {
    const db = join(folder, 'book.db');
    process.stderr.write('running the many-accounts summary...\n');
    await runScript('many-accounts ingest', 'many-accounts-case.js', ['--ingest', report.file, '--db', db]);
    const summary = await runScript<SummaryResult>('many-accounts summary', 'many-accounts-case.js', ['--summary', '--db', db]);
    console.log(
      `summary of ${report.accounts} accounts: first ${summary.firstSeconds.toFixed(2)} s (figures computed), again ${summary.secondSeconds.toFixed(2)} s, ` +
        `${(summary.jsonBytes / MB).toFixed(1)} MB of JSON, peak RSS ${summary.peakRssMb} MB`,
    );
    return { results, summary };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function table(rows: ReadonlyArray<readonly string[]>): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function resultRows(results: ReadonlyArray<CaseOutcome>): string[][] {
  const header = ['case', 'pool', 'input MB', 'seconds', 'MB/s', 'transactions/s', 'peak RSS MB', 'RSS 10%→100% MB'];
  const rows = results.map((result) => {
    if ('error' in result) return [result.spec.name, result.spec.name === 'bookstream' ? String(result.spec.pool) : '-', 'FAILED', '', '', '', '', ''];
    const rss = result.rssByTenthMb;
    return [
      result.case,
      result.pool === null ? '-' : String(result.pool),
      (result.bytes / MB).toFixed(1),
      result.seconds.toFixed(2),
      result.mbPerSec.toFixed(1),
      String(result.txnsPerSec),
      result.peakRssMb.toFixed(0),
      rss.length === 0 ? '?' : `${rss[0]!.toFixed(0)}→${rss.at(-1)!.toFixed(0)}`,
    ];
  });
  return [header, ...rows];
}

function verdict(results: ReadonlyArray<CaseOutcome>): { lines: string[]; fastestPoolInBudget: number | null } {
  const ours = results.filter((r): r is CaseSummary => !('error' in r) && r.case === 'bookstream');
  const baseline = results.find((r): r is CaseSummary => !('error' in r) && r.case === 'stream-json');
  const lines = results.flatMap((r) => {
    if ('error' in r) return [`FAILED ${label(r.spec)}: ${r.error}`];
    const name = label({ name: r.case, pool: r.pool ?? 0 });
    return [...r.errors.map((e) => `ERROR ${name}: ${e}`), ...r.warnings.map((w) => `WARNING ${name}: ${w}`)];
  });
  if (ours.length === 0) return { lines: [...lines, 'no bookstream case completed'], fastestPoolInBudget: null };
  const fastestOf = (cases: readonly CaseSummary[]): CaseSummary => cases.reduce((best, r) => (r.mbPerSec > best.mbPerSec ? r : best));
  const describe = (r: CaseSummary): string => {
    const versus = baseline === undefined ? '' : `, ${(r.mbPerSec / baseline.mbPerSec).toFixed(1)}x the stream-json baseline`;
    return `${r.pool} (${r.mbPerSec.toFixed(1)} MB/s, peak RSS ${r.peakRssMb.toFixed(0)} MB${versus})`;
  };
  const fastest = fastestOf(ours);
  // The default pool size is the fastest that keeps to the memory budget.
  const inBudget = ours.filter((r) => r.peakRssMb <= TARGET_PEAK_RSS_MB);
  const fastestInBudget = inBudget.length === 0 ? null : fastestOf(inBudget);
  const meets = fastestInBudget !== null && fastestInBudget.mbPerSec >= TARGET_MB_PER_SEC;
  lines.push(
    `target (>= ${TARGET_MB_PER_SEC} MB/s, peak RSS <= ${TARGET_PEAK_RSS_MB} MB): ${meets ? 'met' : 'NOT met'}`,
    `fastest pool size: ${describe(fastest)}`,
    `fastest within ${TARGET_PEAK_RSS_MB} MB: ${fastestInBudget === null ? 'none' : describe(fastestInBudget)}`,
  );
  return { lines, fastestPoolInBudget: fastestInBudget?.pool ?? null };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const machine = machineInfo();
  console.log(`machine: ${describeMachine(machine)}`);
  const started = performance.now();
  const input = await ensureAssetReport({ megabytes: options.megabytes, seed: options.seed, accounts: options.accounts });
  const made = input.reused ? 'reused' : `generated in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  console.log(`input: ${(input.bytes / MB).toFixed(1)} MB Plaid Asset Report, ${input.transactions} transactions, ${input.accounts} accounts, seed ${input.seed} (${made}): ${input.file}`);
  await warmPageCache(input.file);
  compileCaseRunner();

  const specs: CaseSpec[] = [...(options.baseline ? [{ name: 'stream-json' as const, pool: 0 }] : []), ...options.pools.map((pool) => ({ name: 'bookstream' as const, pool }))];
  const results = await runCases(specs, options, input);
  const { lines, fastestPoolInBudget } = verdict(results);
  console.log(`\n${table(resultRows(results))}${options.repeat > 1 ? `\n(median of ${options.repeat} runs)` : ''}\n`);
  for (const line of lines) console.log(line);

  const manyAccounts = options.manyAccounts > 0 ? await runManyAccounts(specs, options) : null;
  const finicity = options.finicityMegabytes > 0 ? await runFinicityBench(options.finicityMegabytes, options.pools) : [];
  const summary = options.summaryTransactions > 0 ? await runSummaryBench(options.summaryTransactions) : null;
  const batchOptions = { books: options.batchBooks, bundles: options.batchBundles, peerBooks: options.batchPeerBooks, repeat: options.repeat, seed: options.seed };
  const batch = options.batchBooks + options.batchBundles > 0 ? await runBatchBench(batchOptions) : null;
  const endToEnd = options.endToEndMegabytes.length > 0 ? await runEndToEndBench(options.endToEndMegabytes, options.seed) : null;
  const record = { date: new Date().toISOString(), machine, options, input, results, fastestPoolInBudget, manyAccounts, finicity, summary, batch, endToEnd };
  await writeFile(join(DATA_DIR, 'last-run.json'), `${JSON.stringify(record, null, 2)}\n`);
  const failed = (outcomes: readonly CaseOutcome[]) => outcomes.some((r) => 'error' in r || r.errors.length > 0);
  if (failed(results) || failed(manyAccounts?.results ?? [])) process.exitCode = 1;
}

await main();
