import type { Progress } from '../ingest/document-pipeline.js';
import { forTerminal } from './terminal-text.js';

const WIDTH = 30;
const REDRAW_MS = 100;

/** A one-line progress bar on stderr, drawn only when stderr is a terminal (logs stay clean). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update(progress: Progress): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update({ file, bytesRead, totalBytes }) {
      const now = Date.now();
      if (now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      drawn = true;
      const megabytes = bytesRead / 1e6;
      const rate = megabytes / Math.max((now - started) / 1000, 0.001);
      const share = totalBytes ? Math.min(bytesRead / totalBytes, 1) : null;
      const bar = share === null ? '' : `[${'#'.repeat(Math.round(share * WIDTH)).padEnd(WIDTH, '.')}] ${(share * 100).toFixed(0)}% `;
      // The file name is shown, never obeyed: an escape sequence in it would be replayed on every redraw.
      stream.write(`\r${bar}${megabytes.toFixed(1)} MB ${rate.toFixed(1)} MB/s ${forTerminal(file)}`.slice(0, stream.columns ?? 120));
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
