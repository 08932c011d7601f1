import { once } from 'node:events';
import { indentedJson } from './indented-json.js';
import type { IngestedDocument } from '../ingest/ingested-document.js';
import { forTerminal, terminalSafeJson } from './terminal-text.js';

/** Writes text to stdout, waiting when the pipe is full (a huge JSON answer never piles up in memory). */
export async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** Pieces are gathered up to this size before a write: a summary or a transactions list comes in many small ones. */
const WRITE_BYTES = 64 * 1024;

/**
 * Writes compact JSON text that comes in pieces, as it comes, then a newline: on one line when `compact`,
 * else indented by 2 like printJson. Always with terminalSafeJson: the data is the same, and JSON written to a
 * file or a pipe is often shown on a terminal later.
 */
export async function printJsonPieces(pieces: AsyncIterable<string>, compact: boolean): Promise<void> {
  let pending = '';
  for await (const piece of compact ? pieces : indentedJson(pieces)) {
    pending += piece;
    if (pending.length >= WRITE_BYTES) {
      await writeOut(terminalSafeJson(pending));
      pending = '';
    }
  }
  await writeOut(`${terminalSafeJson(pending)}\n`);
}

/** Writes a value as JSON, then a newline: on one line when `compact` (--compact), else indented by 2. */
export async function printJson(value: unknown, compact: boolean): Promise<void> {
  await writeOut(`${terminalSafeJson(JSON.stringify(value, null, compact ? undefined : 2))}\n`);
}

/**
 * A document that failed or was rejected, said on stderr in one line naming its file, its status and its reason,
 * besides the JSON on stdout: a person at a terminal, or a log, sees it without reading the JSON.
 */
export function sayDocumentProblem(file: string, document: Pick<IngestedDocument, 'status' | 'reason'>): void {
  process.stderr.write(`bookstream: ${forTerminal(`${file}: ${document.status}: ${document.reason ?? ''}`)}\n`);
}
