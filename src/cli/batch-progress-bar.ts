import type { BatchProgress } from '../batch/batch-progress.js';
import { clock } from './clock.js';

const REDRAW_MS = 200;

/**
 * A batch's progress on stderr, drawn only when stderr is a terminal: books done, input files done of all
 * listed (a Finicity bundle is several files, one book), books per second, failures, and the time left at
 * the rate so far. Redrawn at the end with the final figures.
 */
export function batchProgressBar(stream: NodeJS.WriteStream = process.stderr): { update(progress: BatchProgress): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  let lastDraw = 0;
  let last: BatchProgress | null = null;
  const draw = (progress: BatchProgress): void => {
    const { books, failed, files, totalFiles, elapsedMs } = progress;
    const seconds = Math.max(elapsedMs / 1000, 0.001);
    const left = files > 0 && files < totalFiles ? ` ETA ${clock(((totalFiles - files) * seconds) / files)}` : '';
    const text = `${books} books (${files}/${totalFiles} files) ${(books / seconds).toFixed(1)} books/s, ${failed} failed, ${clock(seconds)}${left}`;
    stream.write(`\r${text.slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
  };
  return {
    update(progress) {
      last = progress;
      const now = Date.now();
      if (now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      draw(progress);
    },
    done() {
      if (last === null) return;
      draw(last);
      stream.write('\n');
    },
  };
}
