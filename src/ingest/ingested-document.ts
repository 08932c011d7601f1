import type { FormatName, SourceName } from '../core/canonical.js';
import { createdFields, type CreatedFields } from '../core/dates.js';
import type { DocumentStatus } from '../core/errors.js';
import type { DocumentRow } from '../store/schema.js';

/** A document as `ingest` returns it and `info` lists it (Ocrolus' uploaded doc, plus what we know). */
export interface IngestedDocument extends CreatedFields {
  /** The document's row; null when not even its failure could be recorded (the store was full, busy or read-only). */
  readonly pk: number | null;
  readonly name: string;
  readonly status: DocumentStatus;
  readonly format: FormatName | null;
  readonly source: SourceName | null;
  readonly sha256: string;
  readonly files: string[];
  /** How many files it was read from (a /transactions/get pull's pages, a Finicity bundle's parts): Ocrolus' `pages`. */
  readonly pages: number;
  readonly bytes: number;
  readonly reason: string | null;
  readonly error_offset: number | null;
  readonly error_path: string | null;
  readonly warnings: string[];
  readonly txn_count: number;
  /** Set when the bytes were already in the book: nothing was changed, and this is that document. */
  readonly duplicate_of: number | null;
}

export function documentFromRow(row: DocumentRow, duplicateOf: number | null = null): IngestedDocument {
  const files = JSON.parse(row.files) as string[];
  return {
    pk: row.pk,
    name: row.name,
    status: row.status,
    format: row.format,
    source: row.source,
    sha256: row.sha256,
    files,
    pages: files.length,
    bytes: Number(row.bytes),
    reason: row.reason,
    error_offset: row.error_offset === null ? null : Number(row.error_offset),
    error_path: row.error_path,
    warnings: JSON.parse(row.warnings) as string[],
    txn_count: row.txn_count,
    ...createdFields(row.created_at),
    duplicate_of: duplicateOf,
  };
}
