import { once } from 'node:events';

/** Writes text to stdout, waiting when the pipe is full (a huge JSON answer never piles up in memory). */
export async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** Pieces are gathered up to this size before a write: a summary or a transactions list comes in many small ones. */
const WRITE_BYTES = 64 * 1024;

/** Writes JSON text that comes in pieces, as it comes, then a newline. */
export async function printJsonPieces(pieces: AsyncIterable<string>): Promise<void> {
  let pending = '';
  for await (const piece of pieces) {
    pending += piece;
    if (pending.length >= WRITE_BYTES) {
      await writeOut(pending);
      pending = '';
    }
  }
  await writeOut(`${pending}\n`);
}

export async function printJson(value: unknown): Promise<void> {
  await writeOut(`${JSON.stringify(value, null, 2)}\n`);
}
