/** Document status, in the Ocrolus vocabulary. */
export type DocumentStatus = 'VERIFICATION_COMPLETE' | 'FAILED' | 'REJECTED';

/** Where in an input something went wrong. Every field that is known is reported. */
export interface InputPosition {
  readonly file: string;
  /** Byte offset from the start of the file. */
  readonly offset?: number;
  /** JSON path, e.g. `report.items[0].accounts[1].transactions[523].amount`. */
  readonly path?: string;
}

/** A document could not be ingested; `status` says whether it was unreadable or unacceptable. */
export abstract class IngestError extends Error {
  abstract readonly status: Exclude<DocumentStatus, 'VERIFICATION_COMPLETE'>;
  readonly position: InputPosition;
  readonly problem: string;

  constructor(position: InputPosition, problem: string) {
    super(describe(position, problem));
    this.position = position;
    this.problem = problem;
  }
}

/** Unreadable: malformed or truncated JSON, wrongly typed values. */
export class DocumentFailed extends IngestError {
  override readonly name = 'DocumentFailed';
  readonly status = 'FAILED' as const;
}

/** Readable but not acceptable: an unknown format, an incomplete bundle, unresolved references. */
export class DocumentRejected extends IngestError {
  override readonly name = 'DocumentRejected';
  readonly status = 'REJECTED' as const;
}

/** A caller's mistake (bad option, unknown extra field): not a document problem. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function describe(position: InputPosition, problem: string): string {
  const where = [
    position.offset === undefined ? null : `byte ${position.offset}`,
    position.path === undefined || position.path === '' ? null : position.path,
  ].filter((part) => part !== null);
  return `${position.file}${where.length > 0 ? ` at ${where.join(', ')}` : ''}: ${problem}`;
}
