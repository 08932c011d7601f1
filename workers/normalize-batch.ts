import type { CanonicalTransaction } from '../src/core/canonical.js';
import type { TransactionBatch } from '../src/sources/source-events.js';
import { FieldError } from './field-error.js';
import { normalizeFinicityTransaction } from './finicity-transaction.js';
import { normalizePlaidTransaction } from './plaid-transaction.js';

/** A batch's rows, or the first row that could not be read (the caller knows where it sits). */
export type NormalizedBatch =
  | { readonly ok: true; readonly rows: CanonicalTransaction[] }
  | { readonly ok: false; readonly index: number; readonly field: string; readonly problem: string };

/**
 * Parses and normalizes one batch of raw transactions. Pure and self-contained, so it runs the
 * same on the main thread (pool size 0) or in a piscina worker. Failures are returned, not thrown:
 * an Error's own fields do not survive the trip back from a worker thread.
 */
export function normalizeBatch(batch: TransactionBatch): NormalizedBatch {
  // The scanner already turned every amount into its exact text (see TransactionBatcher).
  const raws = JSON.parse(batch.json) as unknown[];
  const rows: CanonicalTransaction[] = new Array(raws.length);
  const normalizeRow = rowNormalizer(batch);
  for (let index = 0; index < raws.length; index += 1) {
    try {
      rows[index] = normalizeRow(raws[index], index);
    } catch (error) {
      if (error instanceof FieldError) return { ok: false, index, field: error.field, problem: error.problem };
      throw error;
    }
  }
  return { ok: true, rows };
}

/** The format's row normalizer: Plaid rows, or Finicity rows signed by their bundle's account types. */
function rowNormalizer(batch: TransactionBatch): (raw: unknown, index: number) => CanonicalTransaction {
  if (batch.format !== 'FINICITY_BUNDLE') return (raw, index) => normalizePlaidTransaction(raw, batch.rowIds?.[index]);
  const context = batch.finicity ?? { reversedAccountIds: [], accountId: null };
  const reversed = new Set(context.reversedAccountIds);
  return (raw) => normalizeFinicityTransaction(raw, context, reversed);
}
