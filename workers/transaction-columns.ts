import type { CanonicalTransaction, TransactionStatus } from '../src/core/canonical.js';
import type { TransactionBatch } from '../src/sources/source-events.js';
import { normalizeBatch, type NormalizedBatch } from './normalize-batch.js';

/**
 * Normalized transactions as one flat array of strings and numbers, FIELDS per row: the form they
 * cross between threads in. Structured clone copies a flat array of primitives several times faster
 * than the same rows as objects (each with its Money), and the receiver rebuilds them in one pass.
 */
export interface TransactionColumns {
  readonly count: number;
  readonly values: ReadonlyArray<string | number | null>;
}

/** sourceAccountId, sourceTxnId, date, cents, text, rounded (0/1), description, status, category, merchantName. */
const FIELDS = 10;

/** The batch's rows, or the first row that could not be read, like normalizeBatch. */
export type NormalizedColumns =
  | { readonly ok: true; readonly columns: TransactionColumns }
  | Extract<NormalizedBatch, { ok: false }>;

export function normalizeToColumns(batch: TransactionBatch): NormalizedColumns {
  const result = normalizeBatch(batch);
  return result.ok ? { ok: true, columns: toColumns(result.rows) } : result;
}

export function toColumns(rows: readonly CanonicalTransaction[]): TransactionColumns {
  const values: Array<string | number | null> = new Array(rows.length * FIELDS);
  let at = 0;
  for (const row of rows) {
    values[at] = row.sourceAccountId;
    values[at + 1] = row.sourceTxnId;
    values[at + 2] = row.date;
    values[at + 3] = row.amount.cents;
    values[at + 4] = row.amount.text;
    values[at + 5] = row.amount.rounded ? 1 : 0;
    values[at + 6] = row.description;
    values[at + 7] = row.status;
    values[at + 8] = row.category;
    values[at + 9] = row.merchantName;
    at += FIELDS;
  }
  return { count: rows.length, values };
}

export function fromColumns({ count, values }: TransactionColumns): CanonicalTransaction[] {
  const rows: CanonicalTransaction[] = new Array(count);
  for (let index = 0, at = 0; index < count; index += 1, at += FIELDS) {
    rows[index] = {
      sourceAccountId: values[at] as string,
      sourceTxnId: values[at + 1] as string,
      date: values[at + 2] as string,
      amount: { cents: values[at + 3] as number, text: values[at + 4] as string, rounded: values[at + 5] === 1 },
      description: values[at + 6] as string,
      status: values[at + 7] as TransactionStatus,
      category: values[at + 8] as string | null,
      merchantName: values[at + 9] as string | null,
    };
  }
  return rows;
}
