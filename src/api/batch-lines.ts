import type { BatchBook } from '../batch/batch.js';

/**
 * One book's result line (NDJSON, `bookstream batch --out`), in pieces: its input, status and absolute path first,
 * so that a results file can be read back a line's head at a time (results-file.ts) from any working folder, then
 * the book, its documents, and its summary, or its error (SPEC §1's status and reason). A piece is text, or text
 * already encoded as UTF-8 (a summary read on the summary thread).
 */
export async function* batchLine(done: BatchBook, summaryJson: AsyncIterable<string | Uint8Array> | null): AsyncGenerator<string | Uint8Array> {
  const { input, path, book, document } = done;
  const head = `{"input":${JSON.stringify(input)},"status":${JSON.stringify(document.status)},"path":${JSON.stringify(path)}`;
  yield `${head},"book":${JSON.stringify(book)},"documents":[${JSON.stringify(document)}]`;
  if (summaryJson === null) {
    const { status, reason, error_offset, error_path } = document;
    yield `,"error":${JSON.stringify({ status, reason, error_offset, error_path })}}\n`;
    return;
  }
  yield ',"summary":';
  yield* summaryJson;
  yield '}\n';
}
