/**
 * The baseline bookstream is measured against: the default stream-json pipeline, written the way a
 * user of that library would write it, doing the same job (parse → normalize → committed rows).
 *
 * Several `transactions` arrays are picked (one per account), so, as stream-json's README says for
 * several matches, the pick selects the array *elements* and `streamValues()` assembles each one.
 * Picking the arrays and using `streamValues()` would assemble each account's whole array in memory.
 *
 * It does a little less than bookstream (no accounts or balances are stored, no format detection),
 * so any difference favours the baseline.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import chain, { none } from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamValues } from 'stream-json/streamers/stream-values.js';
import { batch } from 'stream-json/utils/batch.js';
import type { CanonicalTransaction } from '../src/core/canonical.js';
import { ensureBook } from '../src/store/books.js';
import { openDatabase } from '../src/store/database.js';
import { DocumentWriter } from '../src/store/document-writer.js';
import { normalizePlaidTransaction } from '../workers/plaid-transaction.js';

const TRANSACTION = /^report\.items\.\d+\.accounts\.\d+\.transactions\.\d+$/;
const BATCH_ROWS = 2_000;

export interface BaselineResult {
  readonly bytes: number;
  readonly transactions: number;
}

/** Ingests one Asset Report into a fresh database file with stream-json and the shared store writer. */
export async function ingestWithStreamJson(file: string, databaseFile: string, onBytes?: (bytes: number) => void): Promise<BaselineResult> {
  const db = await openDatabase(databaseFile);
  try {
    const writer = DocumentWriter.begin(db, ensureBook(db, 'bench'), { name: file, format: 'PLAID_ASSET_REPORT', files: [file] });
    try {
      const totals = await writeTransactions(file, writer, onBytes);
      writer.commit({ sha256: totals.sha256, bytes: totals.bytes });
      return { bytes: totals.bytes, transactions: totals.transactions };
    } finally {
      writer.rollback(); // no-op after a commit
    }
  } finally {
    await db.close();
  }
}

/** The pipeline itself: file → hash → parser → pick → streamValues → normalize → batches → writer. */
async function writeTransactions(file: string, writer: DocumentWriter, onBytes?: (bytes: number) => void): Promise<{ sha256: string; bytes: number; transactions: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let transactions = 0;
  const pipeline = chain([
    createReadStream(file),
    // bookstream hashes every input to recognize re-ingests; so does the baseline.
    (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes?.(bytes);
      // The parser takes Buffers and decodes UTF-8 across chunk boundaries itself; its type says string.
      return chunk as unknown as string;
    },
    parser(),
    pick({ filter: TRANSACTION }),
    streamValues(),
    ({ value }: { value: unknown }) => normalizePlaidTransaction(value),
    batch<CanonicalTransaction>({ batchSize: BATCH_ROWS }),
    (rows: CanonicalTransaction[]) => {
      writer.writeTransactions(rows);
      transactions += rows.length;
      return none;
    },
  ]);
  pipeline.resume();
  await finished(pipeline);
  return { sha256: hash.digest('hex'), bytes, transactions };
}
