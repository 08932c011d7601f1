import type { Progress } from '../ingest/document-pipeline.js';
import { clock } from './clock.js';
import { forTerminal } from './terminal-text.js';

const WIDTH = 30;
const REDRAW_MS = 100;

/** What an ingest made, for the bar's last line. */
export interface IngestTotals {
  readonly documents: number;
  readonly transactions: number;
}

export interface ProgressBar {
  update(progress: Progress): void;
  /** Leaves the last file's line with its final figures; with totals, adds "N documents, M transactions, T s". */
  done(totals?: IngestTotals): void;
}

/** The file being read, and since when (ms): its rate and ETA are its own, not the whole call's. */
interface FileState {
  name: string;
  bytesRead: number;
  totalBytes: number | null;
  startedMs: number;
}

/**
 * An ingest's progress on stderr, drawn only when stderr is a terminal (logs and pipes stay clean): one line per
 * input file, redrawn in place while it is read (a bar and ETA when its size is known) and left with its final
 * figures when the next file starts or the ingest ends. A file's time runs from the end of the one before (the
 * bar's start for the first) to the start of the next, so the files' times add up to the whole.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): ProgressBar {
  if (!stream.isTTY) return { update() {}, done() {} };
  const startedMs = now();
  let lastDrawMs = startedMs;
  /** When the last file's line was left (the bar's start before the first): the next file's time starts there. */
  let boundaryMs = startedMs;
  let file: FileState | null = null;
  /** Spaces cover what a longer line drew before (no escape sequence: stderr text holds none, see terminal-text.ts). */
  let drawnLength = 0;
  const draw = (figures: string, name: string, end = ''): void => {
    const line = fitted(figures, name, stream.columns || 120); // 0 when the terminal has not said its width
    stream.write(`\r${line.padEnd(drawnLength)}${end}`);
    drawnLength = end === '' ? line.length : 0;
  };
  return {
    update({ file: name, bytesRead, totalBytes }) {
      const at = now();
      if (file !== null && file.name !== name) {
        draw(finalFigures(file, at), file.name, '\n');
        file = null;
        boundaryMs = at;
        lastDrawMs = at; // the new file is drawn once it has a rate of its own
      }
      file ??= { name, bytesRead, totalBytes, startedMs: boundaryMs };
      Object.assign(file, { bytesRead, totalBytes });
      if (at - lastDrawMs < REDRAW_MS) return;
      lastDrawMs = at;
      draw(runningFigures(file, at), file.name);
    },
    done(totals) {
      const at = now();
      if (file !== null) draw(finalFigures(file, at), file.name, '\n');
      file = null;
      if (totals !== undefined) stream.write(`${totalsLine(totals, at - startedMs)}\n`);
    },
  };
}

/** While the file is read: how much, its rate, and its time left when its size is known. */
function runningFigures(file: FileState, nowMs: number): string {
  const rate = bytesPerSecond(file, nowMs);
  const { bytesRead, totalBytes } = file;
  const known = totalBytes !== null && bytesRead < totalBytes;
  const left = known && bytesRead > 0 ? ` ETA ${clock((totalBytes - bytesRead) / rate)}` : '';
  return `${share(file)}${size(bytesRead)}${known ? ` of ${size(totalBytes)}` : ''} ${size(rate)}/s${left}`;
}

/** Once the file is done: what was read of it (the bar says how much of the file that was), and its rate. */
function finalFigures(file: FileState, nowMs: number): string {
  return `${share(file)}${size(file.bytesRead)} ${size(bytesPerSecond(file, nowMs))}/s`;
}

function bytesPerSecond(file: FileState, nowMs: number): number {
  return file.bytesRead / Math.max((nowMs - file.startedMs) / 1000, 0.001);
}

/** `[######........] 20% ` when the size is known, else nothing. */
function share({ bytesRead, totalBytes }: FileState): string {
  if (totalBytes === null) return '';
  const part = totalBytes === 0 ? 1 : Math.min(bytesRead / totalBytes, 1);
  return `[${'#'.repeat(Math.round(part * WIDTH)).padEnd(WIDTH, '.')}] ${(part * 100).toFixed(0)}% `;
}

/** `45.2 kB` below 0.1 MB (a small file is not `0.0 MB`), else `1.5 MB`. */
function size(bytes: number): string {
  return bytes < 100_000 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * The figures, then the file name, in the terminal's width less one (a full line would wrap): a long name loses
 * its start, `…/exports/report.json`, the end being what tells files apart. The name is shown, never obeyed: an
 * escape sequence in it would be replayed on every redraw.
 */
function fitted(figures: string, name: string, columns: number): string {
  const room = columns - 1 - figures.length - 1;
  const shown = forTerminal(name);
  if (shown.length <= room) return `${figures} ${shown}`;
  return room > 1 ? `${figures} …${shown.slice(shown.length - room + 1)}` : figures.slice(0, columns - 1);
}

function totalsLine({ documents, transactions }: IngestTotals, elapsedMs: number): string {
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return `${count(documents, 'document')}, ${count(transactions, 'transaction')}, ${(elapsedMs / 1000).toFixed(1)} s`;
}
