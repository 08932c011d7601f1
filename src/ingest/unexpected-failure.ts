import { describeUnexpected, DocumentFailed, type IngestError } from '../core/errors.js';
import { forTerminal } from '../core/terminal-text.js';
import { isReadingFailure, toIngestError } from '../sources/file-scan.js';

/** Why a document cannot be ingested, whatever was thrown while it was planned, opened or read. */
export function documentProblem(error: unknown, file: string): IngestError {
  return isReadingFailure(error) ? toIngestError(error, file) : unexpectedFailure(file, error);
}

/**
 * An error nobody planned for (a bug) while ingesting `file`: the document is FAILED with the error's own class
 * and message, so that the caller sees what happened, and its stack goes to stderr, where a bug report starts.
 */
export function unexpectedFailure(file: string, error: unknown): DocumentFailed {
  writeStack(`${file}: unexpected error; the document is recorded as FAILED`, error);
  return new DocumentFailed({ file }, `unexpected error: ${describeUnexpected(error)}`);
}

/** `what`, then the error's stack, on stderr; text from inputs (file names, messages) shown, never obeyed. */
function writeStack(what: string, error: unknown): void {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : describeUnexpected(error);
  const lines = [`bookstream: ${what}`, ...stack.split('\n')];
  process.stderr.write(`${lines.map(forTerminal).join('\n')}\n`);
}
