/**
 * What reaches a terminal is shown, never obeyed (issue 13): escape sequences and bidi controls from file
 * names and descriptions come out as visible escapes on stderr, and as \u escapes in the JSON on stdout
 * (which still parses to the same strings).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { progressBar } from '../src/cli/progress-bar.js';
import { forTerminal, terminalSafeJson } from '../src/cli/terminal-text.js';

/** Every character the terminal could act on: C0 (ESC, BEL, newline, NUL), DEL, C1 (CSI, NEL), bidi controls, separators. */
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('forTerminal', () => {
  it('writes controls as \\xHH and bidi controls and separators as \\uHHHH, leaving other text alone', () => {
    assert.equal(forTerminal('report\u001b]0;pwned\u0007.json'), 'report\\x1b]0;pwned\\x07.json');
    assert.equal(forTerminal('a\nb\tc\rd\u0000e'), 'a\\x0ab\\x09c\\x0dd\\x00e');
    assert.equal(forTerminal('del\u007f csi\u009b[2J nel\u0085'), 'del\\x7f csi\\x9b[2J nel\\x85');
    assert.equal(forTerminal('invoice_\u202egnp.exe'), 'invoice_\\u202egnp.exe');
    assert.equal(forTerminal('\u200e\u200f\u061c\u202a\u202d\u2066\u2069\u2028\u2029'), '\\u200e\\u200f\\u061c\\u202a\\u202d\\u2066\\u2069\\u2028\\u2029');
    assert.equal(forTerminal('Café Ünïcode 😀 C:\\path'), 'Café Ünïcode 😀 C:\\path');
  });
});

describe('terminalSafeJson', () => {
  it('escapes what JSON.stringify leaves raw, and the JSON still parses to the same strings', () => {
    const value = { name: 'a\u202eb', memo: 'x\u009by\u007fz', lines: 'one\u2028two\u2029', plain: 'Zürich "q" \\' };
    const json = terminalSafeJson(JSON.stringify(value));
    assert.equal(json, '{"name":"a\\u202eb","memo":"x\\u009by\\u007fz","lines":"one\\u2028two\\u2029","plain":"Zürich \\"q\\" \\\\"}');
    assert.deepEqual(JSON.parse(json), value);
    assert.doesNotMatch(json, ACTIVE);
  });

  it('returns text without such characters unchanged, and works on any piece of a JSON text', () => {
    const json = JSON.stringify({ a: 'plain', b: 'é' });
    assert.equal(terminalSafeJson(json), json);
    const pieces = ['{"a":"x\u202e', 'y"}'].map(terminalSafeJson);
    assert.deepEqual(JSON.parse(pieces.join('')), { a: 'x\u202ey' });
  });
});

describe('progress bar', () => {
  it('shows a file name holding an escape sequence and a bidi override as text', () => {
    let written = '';
    const tty = { isTTY: true, columns: 200, write: (text: string) => ((written += text), true) } as unknown as NodeJS.WriteStream;
    const bar = progressBar(tty, () => 0); // a clock that stands still: drawn once, by done()
    bar.update({ file: '/data/\u001b]0;pwned\u0007report\u202egnp.json', bytesRead: 500_000, totalBytes: 1_000_000 });
    bar.done();
    assert.match(written, /\[#{15}\.{15}\] 50% 0\.5 MB [\d.]+ MB\/s \/data\/\\x1b\]0;pwned\\x07report\\u202egnp\.json\n$/);
    assert.doesNotMatch(written.replace(/^\r/, '').replace(/\n$/, ''), ACTIVE);
  });
});

const CLI = fileURLToPath(new URL('../src/cli-main.ts', import.meta.url));

function bookstream(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }));
  });
}

describe('the command line', () => {
  it('writes an error naming input with a C1 control and a bidi override as visible escapes', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'bookstream-terminal-'));
    try {
      // A missing file whose name holds ESC … BEL: the FAILED document on stdout names it with \u escapes only.
      const ingest = await bookstream(['ingest', '--db', join(folder, 'book.db'), '--book', 'acme', join(folder, 'x\u001b]0;pwned\u0007\u202e.json')]);
      assert.equal(ingest.code, 1);
      assert.doesNotMatch(ingest.stdout, ACTIVE_EXCEPT_NEWLINE);
      const [doc] = JSON.parse(ingest.stdout) as Array<{ name: string; status: string }>;
      assert.deepEqual([doc!.name, doc!.status], [join(folder, 'x\u001b]0;pwned\u0007\u202e.json'), 'FAILED']);
      // A book name with a C1 control and a bidi override, in the error on stderr.
      const result = await bookstream(['summary', '--db', join(folder, 'book.db'), '--book', 'acme\u009b2J\u202eevil']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^bookstream: no book named "acme\\x9b2J\\u202eevil" in /);
      assert.doesNotMatch(result.stderr, /[\u0080-\u009f\u202e]/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

/** Pretty-printed JSON has its own newlines. */
const ACTIVE_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
