/**
 * The many-accounts cases (issue 12): a generated Asset Report of N small accounts (bench/generate-many-accounts.ts).
 * - ingest: the stream-json baseline and bookstream per pool size, each in its own process (bench/ingest-case.ts);
 * - summary: the book's first summary (figures materialized, then the JSON streamed) and a second one
 *   (figures already up to date), in a process of its own so that its peak RSS is its own.
 *
 *   node dist/bench/many-accounts-case.js --ingest FILE --db DB     (fills DB; one JSON line)
 *   node dist/bench/many-accounts-case.js --summary --db DB         (one JSON line: a SummaryResult)
 * (run.ts compiles it with bench/tsconfig.json: the measured processes run plain JavaScript, no tsx).
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';

export interface SummaryResult {
  /** The first summary after the ingest: every account's figures computed, then written out. */
  readonly firstSeconds: number;
  /** The same summary again: the figures are up to date, so this is reading and writing them. */
  readonly secondSeconds: number;
  readonly jsonBytes: number;
  /** Of the JSON text: two builds that print the same summary give the same hash. */
  readonly sha256: string;
  readonly peakRssMb: number;
  /** `summaryJson` (streamed), or `summary` + JSON.stringify for builds without it. */
  readonly method: 'summaryJson' | 'summary';
}

type Book = Awaited<ReturnType<Awaited<ReturnType<typeof import('bookstream').openStore>>['book']>>;

/** The summary's JSON text, piece by piece: streamed when the build can, else the whole object's text. */
async function* summaryText(book: Book): AsyncGenerator<string> {
  const streamed = (book as Partial<{ summaryJson(): AsyncIterable<string> }>).summaryJson;
  if (streamed !== undefined) yield* streamed.call(book);
  else yield JSON.stringify(await book.summary());
}

async function timedSummary(book: Book): Promise<{ seconds: number; bytes: number; sha256: string }> {
  const start = performance.now();
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const piece of summaryText(book)) {
    hash.update(piece);
    bytes += Buffer.byteLength(piece);
  }
  return { seconds: (performance.now() - start) / 1000, bytes, sha256: hash.digest('hex') };
}

async function summaryCase(db: string): Promise<SummaryResult> {
  const { openStore } = await import('bookstream');
  const store = await openStore(db);
  try {
    const book = await store.book('bench');
    const first = await timedSummary(book);
    const second = await timedSummary(book);
    if (second.sha256 !== first.sha256) throw new Error('two summaries of one book differ');
    return {
      firstSeconds: round(first.seconds),
      secondSeconds: round(second.seconds),
      jsonBytes: first.bytes,
      sha256: first.sha256,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      method: 'summaryJson' in book ? 'summaryJson' : 'summary',
    };
  } finally {
    await store.close();
  }
}

async function ingestCase(file: string, db: string): Promise<{ seconds: number; transactions: number }> {
  const { openStore } = await import('bookstream');
  const store = await openStore(db);
  try {
    const start = performance.now();
    const [doc] = await (await store.book('bench')).ingest([file]);
    if (doc?.status !== 'VERIFICATION_COMPLETE') throw new Error(`not ingested: ${doc?.reason}`);
    return { seconds: round((performance.now() - start) / 1000), transactions: doc.txn_count };
  } finally {
    await store.close();
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

const { values } = parseArgs({ options: { ingest: { type: 'string' }, summary: { type: 'boolean' }, db: { type: 'string' } } });
if (values.db === undefined || (values.ingest === undefined) === (values.summary !== true)) {
  console.error('usage: node dist/bench/many-accounts-case.js (--ingest FILE | --summary) --db DB');
  process.exit(2);
}
const result = values.ingest !== undefined ? await ingestCase(values.ingest, values.db) : await summaryCase(values.db);
process.stdout.write(`${JSON.stringify(result)}\n`);
