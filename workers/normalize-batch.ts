import type { CanonicalTransaction } from '../src/core/canonical.js';
import { misfiled, type ListedUnder, type TransactionBatch } from '../src/sources/source-events.js';
import { FieldError } from './field-error.js';
import { normalizeFinicityTransaction } from './finicity-transaction.js';
import { normalizePlaidTransaction } from './plaid-transaction.js';

/**
 * A batch's rows, or the first row that could not be read (the caller knows where it sits). `rejected`: the row
 * was readable but not acceptable (listed under another account than its own), so the document is REJECTED.
 */
export type NormalizedBatch =
  | { readonly ok: true; readonly rows: CanonicalTransaction[] }
  | { readonly ok: false; readonly index: number; readonly field: string; readonly problem: string; readonly rejected?: true };

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
  return misfiledRow(rows, batch.listedUnder ?? []) ?? { ok: true, rows };
}

/** The first row whose account_id is not the one of the account it is listed under, as a rejection. */
function misfiledRow(rows: readonly CanonicalTransaction[], listedUnder: readonly ListedUnder[]): NormalizedBatch | null {
  for (const [run, { from, accountId }] of listedUnder.entries()) {
    const end = listedUnder[run + 1]?.from ?? rows.length;
    for (let index = from; accountId !== null && index < end; index += 1) {
      const found = rows[index]!.sourceAccountId;
      if (found !== accountId) return { ok: false, index, field: 'account_id', problem: misfiled(found, accountId), rejected: true };
    }
  }
  return null;
}


/** The format's row normalizer: Plaid rows, or Finicity rows signed by their bundle's account types. */
function rowNormalizer(batch: TransactionBatch): (raw: unknown, index: number) => CanonicalTransaction {
  if (batch.format !== 'FINICITY_BUNDLE') return (raw, index) => normalizePlaidTransaction(raw, batch.rowIds?.[index]);
  const context = batch.finicity ?? { reversedAccountIds: [], accountId: null };
  const reversed = new Set(context.reversedAccountIds);
  return (raw) => normalizeFinicityTransaction(raw, context, reversed);
}
