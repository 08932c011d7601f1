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

/**
 * What is wrong with the store (the environment), as opposed to a document or a caller's mistake;
 * `internal` is a statement the store refused that it should not have (a bug, or a store changed by other means).
 */
export type StoreErrorKind = 'busy' | 'full' | 'readonly' | 'corrupt' | 'foreign' | 'missing' | 'io' | 'internal';

/**
 * The store cannot do what was asked: another writer holds it, the disk is full, it is read-only,
 * damaged, not a bookstream store, or missing. The message always starts with the store's path.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly kind: StoreErrorKind,
    /** The store's path, as it was given to `openStore`. */
    readonly path: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${problem}`, options);
  }
}

/** An error nobody planned for (a bug), described with its class so the real cause reaches the user. */
export function describeUnexpected(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a thrown ${error === null ? 'null' : typeof error}: ${String(error)}`;
}
