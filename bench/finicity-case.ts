/**
 * The Finicity bundle benchmark: a generated bundle (customer, institution, accounts, ~25 MB pages,
 * >= 100 MB in all) ingested as one document, in a child process per pool size so that each peak
 * RSS is its own.
 *   node --import tsx bench/finicity-case.ts --child --pool N --dir D   (one run: prints one JSON line)
 * run.ts calls runFinicityBench() after the Plaid cases.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MB } from './generate-asset-report.js';
import { bundleDir, generateFinicityBundle } from './generate-finicity-bundle.js';

export interface FinicityResult {
  readonly pool: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly mbPerSec: number;
  readonly transactions: number;
  readonly peakRssMb: number;
  readonly status: string;
}

async function runOnce(dir: string, pool: number): Promise<FinicityResult> {
  const { openStore } = await import('../dist/src/index.js');
  const files = (await readdir(dir)).map((name) => join(dir, name));
  const dbDir = await mkdtemp(join(tmpdir(), 'bookstream-finicity-bench-'));
  let bytes = 0;
  try {
    const store = await openStore(join(dbDir, 'bench.db'));
    const start = performance.now();
    const [doc] = await (await store.book('bench')).ingest(files, { poolSize: pool });
    const seconds = (performance.now() - start) / 1000;
    await store.close();
    bytes = doc?.bytes ?? 0;
    return {
      pool, bytes, seconds: Math.round(seconds * 100) / 100, mbPerSec: Math.round((bytes / MB / seconds) * 10) / 10,
      transactions: doc?.txn_count ?? 0, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), status: doc?.status ?? 'none',
    };
  } finally {
    await rm(dbDir, { recursive: true, force: true });
  }
}

function child(dir: string, pool: number): Promise<FinicityResult> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', '--pool', String(pool), '--dir', dir];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as FinicityResult) : reject(new Error(`finicity case exited ${code}`))));
  });
}

/** Generates the bundle, runs each pool size, prints a table; returns the results for the JSON record. */
export async function runFinicityBench(megabytes: number, pools: readonly number[]): Promise<FinicityResult[]> {
  const bundle = await generateFinicityBundle(bundleDir(megabytes), megabytes);
  console.log(`\nFinicity bundle: ${(bundle.bytes / MB).toFixed(1)} MB in ${bundle.files.length} files, ${bundle.transactions} transactions`);
  const results: FinicityResult[] = [];
  for (const pool of pools) {
    process.stderr.write(`running Finicity bundle (pool ${pool})...\n`);
    results.push(await child(bundle.dir, pool));
  }
  for (const r of results) {
    const check = r.status === 'VERIFICATION_COMPLETE' && r.transactions === bundle.transactions ? '' : `  ERROR: ${r.status}, ${r.transactions} rows of ${bundle.transactions}`;
    console.log(`finicity  pool ${r.pool}  ${(r.bytes / MB).toFixed(1)} MB  ${r.seconds.toFixed(2)} s  ${r.mbPerSec.toFixed(1)} MB/s  peak RSS ${r.peakRssMb} MB${check}`);
  }
  return results;
}

if (process.argv.includes('--child')) {
  const { values } = parseArgs({ options: { child: { type: 'boolean' }, pool: { type: 'string', default: '0' }, dir: { type: 'string' } } });
  process.stdout.write(`${JSON.stringify(await runOnce(values.dir!, Number(values.pool)))}\n`);
}
