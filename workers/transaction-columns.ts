import type { CanonicalTransaction, TransactionStatus } from '../src/core/canonical.js';
import type { TransactionBatch } from '../src/sources/source-events.js';
import { normalizeBatch, type NormalizedBatch } from './normalize-batch.js';

/**
 * Normalized transactions in the form they cross between threads: every string field of every row
 * concatenated into one string, their lengths (-1 for null) and the numbers in typed arrays. Structured
 * clone copies that as a few flat blocks; the receiver cuts the strings back out with slice(). For
 * 300k rows this costs about 0.7 s in all, against about 1.0 s to clone a flat array of the values and
 * more to clone row objects (each with its Money), a cost paid on both threads.
 */
export interface TransactionColumns {
  readonly count: number;
  readonly strings: string;
  /** STRING_FIELDS per row, in the order of `stringFields`. */
  readonly lengths: Int32Array;
  /** Per row: cents, then 1 if the amount was rounded. */
  readonly numbers: Float64Array;
}

const STRING_FIELDS = 9;

function stringFields(row: CanonicalTransaction): ReadonlyArray<string | null> {
  return [row.sourceAccountId, row.sourceTxnId, row.date, row.amount.text, row.description, row.status, row.category, row.merchantName, row.pfcDetailed];
}

/** The batch's rows, or the first row that could not be read, like normalizeBatch. */
export type NormalizedColumns =
  | { readonly ok: true; readonly columns: TransactionColumns }
  | Extract<NormalizedBatch, { ok: false }>;

export function normalizeToColumns(batch: TransactionBatch): NormalizedColumns {
  const result = normalizeBatch(batch);
  return result.ok ? { ok: true, columns: toColumns(result.rows) } : result;
}

export function toColumns(rows: readonly CanonicalTransaction[]): TransactionColumns {
  const lengths = new Int32Array(rows.length * STRING_FIELDS);
  const numbers = new Float64Array(rows.length * 2);
  const pieces: string[] = [];
  let at = 0;
  for (let index = 0; index < rows.length; index += 1) {
    const row = rows[index]!;
    for (const value of stringFields(row)) {
      if (value === null) lengths[at++] = -1;
      else {
        lengths[at++] = value.length;
        pieces.push(value);
      }
    }
    numbers[index * 2] = row.amount.cents;
    numbers[index * 2 + 1] = row.amount.rounded ? 1 : 0;
  }
  return { count: rows.length, strings: pieces.join(''), lengths, numbers };
}

export function fromColumns({ count, strings, lengths, numbers }: TransactionColumns): CanonicalTransaction[] {
  let field = 0;
  let at = 0;
  const next = (): string | null => {
    const length = lengths[field++]!;
    if (length < 0) return null;
    at += length;
    return strings.slice(at - length, at);
  };
  const rows: CanonicalTransaction[] = new Array(count);
  for (let index = 0; index < count; index += 1) {
    // In stringFields' order.
    const sourceAccountId = next()!;
    const sourceTxnId = next()!;
    const date = next()!;
    const text = next()!;
    const description = next()!;
    const status = next() as TransactionStatus;
    const category = next();
    const merchantName = next();
    const pfcDetailed = next();
    const amount = { cents: numbers[index * 2]!, text, rounded: numbers[index * 2 + 1] === 1 };
    rows[index] = { sourceAccountId, sourceTxnId, date, amount, description, status, category, merchantName, pfcDetailed };
  }
  return rows;
}
