/**
 * The end-to-end benchmark (issue 16): a generated Asset Report of each size made into figures by bookstream
 * (ingest, then the first full summary), by DuckDB (`read_json`, unnest, the monthly average daily balance in
 * SQL) and by the default stream-json pipeline (ingest only), each in a process of its own
 * (bench/end-to-end-case.ts), in the same run.
 *
 * Targets: >= 100 MB/s end to end on 1 GB, >= 4x DuckDB and >= 10x stream-json; the first summary at most 10 % of
 * its ingest; peak RSS <= 256 MB, flat from 10 MB to 2 GB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from './case-process.js';
import type { EndToEndMode, EndToEndResult } from './end-to-end-case.js';
import { ensureAssetReport, MB } from './generate-asset-report.js';

const MODES: readonly EndToEndMode[] = ['bookstream', 'duckdb', 'stream-json'];
const TARGET_MB_PER_SEC = 100;
const TARGET_PEAK_RSS_MB = 256;

export interface EndToEndSize {
  readonly megabytes: number;
  readonly runs: ReadonlyArray<EndToEndResult | { readonly mode: EndToEndMode; readonly error: string }>;
}

export async function runEndToEndBench(sizes: readonly number[], seed: number): Promise<EndToEndSize[]> {
  const results: EndToEndSize[] = [];
  for (const megabytes of sizes) {
    const report = await ensureAssetReport({ megabytes, seed });
    const runs = [];
    for (const mode of MODES) {
      process.stderr.write(`end to end: ${megabytes} MB, ${mode}...\n`);
      runs.push(await runMode(mode, report.file).catch((error: Error) => ({ mode, error: error.message })));
    }
    results.push({ megabytes, runs });
  }
  console.log(`\nend to end (issue 16): ingest, then the figures\n${table(results)}`);
  for (const line of verdict(results)) console.log(line);
  return results;
}

async function runMode(mode: EndToEndMode, file: string): Promise<EndToEndResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'bookstream-e2e-'));
  try {
    return await runScript<EndToEndResult>(`end-to-end case (${mode})`, 'end-to-end-case.js', ['--mode', mode, '--file', file, '--db', join(scratch, 'book.db')]);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function mbPerSec(result: EndToEndResult): number {
  return result.bytes / MB / result.seconds;
}

function table(sizes: readonly EndToEndSize[]): string {
  const header = ['input MB', 'case', 'seconds', 'MB/s', 'ingest s', 'figures s', 'figures/ingest', 'peak RSS MB', 'RSS by tenth MB'];
  const rows = sizes.flatMap(({ megabytes, runs }) =>
    runs.map((run) => {
      if ('error' in run) return [String(megabytes), run.mode, 'FAILED', '', '', '', '', '', run.error.slice(0, 60)];
      const ratio = run.summarySeconds === null ? '-' : `${((100 * run.summarySeconds) / run.ingestSeconds).toFixed(0)} %`;
      return [
        (run.bytes / MB).toFixed(1), run.mode, run.seconds.toFixed(2), mbPerSec(run).toFixed(1), run.ingestSeconds.toFixed(2),
        run.summarySeconds === null ? '-' : run.summarySeconds.toFixed(2), ratio, String(run.peakRssMb), run.rssByTenthMb.join(' '),
      ];
    }),
  );
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => row.map((cell, column) => (column === 1 || column === 8 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function verdict(sizes: readonly EndToEndSize[]): string[] {
  return sizes.flatMap(({ megabytes, runs }) => {
    const of = (mode: EndToEndMode) => runs.find((run): run is EndToEndResult => run.mode === mode && !('error' in run));
    const ours = of('bookstream');
    if (ours === undefined) return [`${megabytes} MB: bookstream FAILED`];
    const versus = (mode: EndToEndMode) => {
      const peer = of(mode);
      return peer === undefined ? `${mode} failed` : `${(mbPerSec(ours) / mbPerSec(peer)).toFixed(1)}x ${mode}`;
    };
    const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const share = ours.summarySeconds === null ? null : ours.summarySeconds / ours.ingestSeconds;
    return [
      `${megabytes} MB: bookstream ${mbPerSec(ours).toFixed(1)} MB/s end to end (>= ${TARGET_MB_PER_SEC}: ${met(mbPerSec(ours) >= TARGET_MB_PER_SEC)}), ` +
        `${versus('duckdb')} (>= 4), ${versus('stream-json')} (>= 10); first summary ${share === null ? '?' : `${(100 * share).toFixed(0)} %`} of ingest ` +
        `(<= 10 %: ${met(share !== null && share <= 0.1)}); peak RSS ${ours.peakRssMb} MB (<= ${TARGET_PEAK_RSS_MB}: ${met(ours.peakRssMb <= TARGET_PEAK_RSS_MB)})`,
    ];
  });
}
