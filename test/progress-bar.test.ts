// The ingest progress bar (issue 15): drawn only on a terminal; one line per file, left with its final figures; the
// rate measured per file; an ETA while the file's size is known; a last "N documents, M transactions, T s" line.
// A file's time runs from the end of the file before (the bar's start for the first) to the start of the next.
// The terminal and the clock are fakes, so every expected line is worked out here from the figures fed in.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { progressBar } from '../src/cli/progress-bar.js';

function fakeTerminal(isTTY: boolean, columns = 200) {
  const written: string[] = [];
  const stream = { isTTY, columns, write: (text: string) => (written.push(text), true) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

function fakeClock() {
  let ms = 0;
  return { now: () => ms, at: (value: number) => void (ms = value) };
}

const bar = (hashes: number) => `[${'#'.repeat(hashes)}${'.'.repeat(30 - hashes)}]`;

describe('progressBar', () => {
  test('a line per file: redrawn while read, then left with its final figures; the totals at the end', () => {
    const { stream, written } = fakeTerminal(true);
    const clock = fakeClock();
    const progress = progressBar(stream, clock.now);

    clock.at(1000); // 200 kB of 1 MB in 1 s: 0.2 MB/s, 0.8 MB left → 4 s
    progress.update({ file: 'a.json', bytesRead: 200_000, totalBytes: 1_000_000 });
    clock.at(1050); // within 100 ms of the last draw: not drawn
    progress.update({ file: 'a.json', bytesRead: 1_000_000, totalBytes: 1_000_000 });
    clock.at(2000); // b.json starts: a.json took 0 → 2 s, 1 MB at 0.5 MB/s
    progress.update({ file: 'b.json', bytesRead: 100_000, totalBytes: null });
    clock.at(2050); // b.json's own clock started at 2000: not drawn yet
    progress.update({ file: 'b.json', bytesRead: 300_000, totalBytes: null });
    clock.at(3000); // 500 kB in 1 s of its own, size unknown: no bar, no ETA
    progress.update({ file: 'b.json', bytesRead: 500_000, totalBytes: null });
    clock.at(4500); // b.json took 2.5 s: 0.2 MB/s; the whole call 4.5 s
    progress.done({ documents: 2, transactions: 7 });

    // A line drawn over a longer one is padded with spaces to cover it.
    const aRunning = `${bar(6)} 20% 0.2 MB of 1.0 MB 0.2 MB/s ETA 0:04 a.json`;
    assert.deepEqual(written, [
      `\r${aRunning}`,
      `\r${`${bar(30)} 100% 1.0 MB 0.5 MB/s a.json`.padEnd(aRunning.length)}\n`,
      '\r0.5 MB 0.5 MB/s b.json',
      '\r0.5 MB 0.2 MB/s b.json\n',
      '2 documents, 7 transactions, 4.5 s\n',
    ]);
  });

  test('a file cut short is left as far as it was read; one document and one transaction are singular', () => {
    const { stream, written } = fakeTerminal(true);
    const clock = fakeClock();
    const progress = progressBar(stream, clock.now);
    clock.at(500);
    progress.update({ file: 'cut.json', bytesRead: 400_000, totalBytes: 1_000_000 });
    clock.at(2000);
    progress.done({ documents: 1, transactions: 1 });
    const running = `${bar(12)} 40% 0.4 MB of 1.0 MB 0.8 MB/s ETA 0:01 cut.json`;
    assert.deepEqual(written, [
      `\r${running}`,
      `\r${`${bar(12)} 40% 0.4 MB 0.2 MB/s cut.json`.padEnd(running.length)}\n`,
      '1 document, 1 transaction, 2.0 s\n',
    ]);
  });

  test('no file read (every path missing): only the totals line', () => {
    const { stream, written } = fakeTerminal(true);
    const clock = fakeClock();
    const progress = progressBar(stream, clock.now);
    clock.at(300);
    progress.done({ documents: 2, transactions: 0 });
    assert.deepEqual(written, ['2 documents, 0 transactions, 0.3 s\n']);
  });

  test('an ingest that ends in an error: the line is ended, and no totals are made up', () => {
    const { stream, written } = fakeTerminal(true);
    const clock = fakeClock();
    const progress = progressBar(stream, clock.now);
    clock.at(1000);
    progress.update({ file: 'a.json', bytesRead: 500_000, totalBytes: 500_000 });
    clock.at(1200);
    progress.done();
    assert.deepEqual(written, [`\r${bar(30)} 100% 0.5 MB 0.5 MB/s a.json`, `\r${bar(30)} 100% 0.5 MB 0.4 MB/s a.json\n`]);
  });

  test('a file name with an escape sequence is shown, not obeyed', () => {
    const { stream, written } = fakeTerminal(true);
    const clock = fakeClock();
    const progress = progressBar(stream, clock.now);
    clock.at(1000);
    progress.update({ file: 'x\x1b]0;pwned\x07.json', bytesRead: 1_000_000, totalBytes: null });
    assert.deepEqual(written, [`\r1.0 MB 1.0 MB/s x\\x1b]0;pwned\\x07.json`]);
  });

  test('a small file in kB; a long name loses its start to fit the terminal, less one column', () => {
    const { stream, written } = fakeTerminal(true, 60);
    const clock = fakeClock();
    const progress = progressBar(stream, clock.now);
    const name = '/exports/2024/june/borrowers/acme-plumbing/report.json';
    clock.at(500); // 45,000 bytes in 0.5 s: 90 kB/s
    progress.update({ file: name, bytesRead: 45_000, totalBytes: 45_000 });
    const figures = `${bar(30)} 100% 45.0 kB 90.0 kB/s`;
    const room = 60 - 1 - figures.length - 1;
    assert.deepEqual(written, [`\r${figures} …${name.slice(name.length - room + 1)}`]);
    assert.equal(written[0]!.length, 1 + 59);
  });

  test('nothing at all when stderr is not a terminal', () => {
    const { stream, written } = fakeTerminal(false);
    const progress = progressBar(stream);
    progress.update({ file: 'a.json', bytesRead: 1, totalBytes: 2 });
    progress.done({ documents: 1, transactions: 0 });
    assert.deepEqual(written, []);
  });
});
