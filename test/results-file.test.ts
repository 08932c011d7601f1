import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageError } from '../src/core/errors.js';
import { ResultsFile } from '../src/cli/results-file.js';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';

/** A result line as batch writes it: input, status and absolute path first (README "Batch"), then anything. */
function line(input: string, status: string, rest = ''): string {
  return `{"input":${JSON.stringify(input)},"status":"${status}","path":${JSON.stringify(resolve(input))},"book":{"pk":1,"name":"x"}${rest}}\n`;
}

async function* pieces(...texts: string[]): AsyncGenerator<string> {
  yield* texts;
}

describe('the results file of a batch', () => {
  let dir = '';
  before(async () => (dir = await makeTempDir()));
  after(() => removeTempDir(dir));

  test('a new file has no lines; appended lines are whole and read back by input', async () => {
    const path = join(dir, 'new.ndjson');
    const file = await ResultsFile.open(path);
    assert.equal(file.has('a.json'), false);
    await file.append(pieces('{"input":"a.json",', '"status":"VERIFICATION_COMPLETE",', `"path":${JSON.stringify(resolve('a.json'))}}`, '\n'));
    await file.append(pieces(line('b.json', 'FAILED')));
    await file.close();
    const again = await ResultsFile.open(path);
    assert.equal(again.has('a.json'), true);
    assert.equal(again.has(resolve('a.json')), true, 'any spelling of the same path');
    assert.equal(again.failed('a.json'), false);
    assert.equal(again.failed('b.json'), true);
    assert.equal(again.has('c.json'), false);
    await again.close();
  });

  test('a line of text and UTF-8 bytes (a summary read on the summary thread) is written as one UTF-8 line', async () => {
    const path = join(dir, 'mixed.ndjson');
    const file = await ResultsFile.open(path);
    const summary = '{"name":"Café Ñandú ✓"}';
    async function* mixed(): AsyncGenerator<string | Uint8Array> {
      yield line('é.json', 'VERIFICATION_COMPLETE').slice(0, -2); // without its closing brace and newline
      yield ',"summary":';
      yield new TextEncoder().encode(summary);
      yield '}\n';
    }
    await file.append(mixed());
    await file.close();
    const expected = `${line('é.json', 'VERIFICATION_COMPLETE').slice(0, -2)},"summary":${summary}}\n`;
    assert.equal(await readFile(path, 'utf8'), expected);
    assert.equal(JSON.parse(expected).summary.name, 'Café Ñandú ✓');
  });

  test('a last line cut short by a kill is cut off, and the whole lines are kept byte for byte', async () => {
    const path = join(dir, 'cut.ndjson');
    const whole = line('a.json', 'VERIFICATION_COMPLETE', ',"summary":{"x":1}') + line('b.json', 'REJECTED');
    await writeFile(path, `${whole}{"input":"c.json","status":"VERIFICATION_COMPLETE","path":"/c`);
    const file = await ResultsFile.open(path);
    assert.equal(file.has('c.json'), false, 'a half-written line does not count');
    assert.equal(file.has('b.json'), true);
    await file.close();
    assert.equal(await readFile(path, 'utf8'), whole);
  });

  test('lines longer than a read, and a path with characters of several bytes across a read boundary', async () => {
    const path = join(dir, 'long.ndjson');
    // The file is read 1 MiB at a time: the first line is padded so that the boundary falls in the middle of an
    // "é" (2 bytes) of the second line's path, the absolute path that the file knows an input by.
    const nameBefore = 'é'.repeat(40);
    const second = line(`${nameBefore}.json`, 'FAILED');
    const pathStart = Buffer.byteLength(second.slice(0, second.indexOf(`/${nameBefore}`) + 1));
    const unpadded = line('a.json', 'VERIFICATION_COMPLETE', ',"pad":""').length;
    const firstLength = (1 << 20) - pathStart - 41;
    const first = line('a.json', 'VERIFICATION_COMPLETE', `,"pad":"${'x'.repeat(firstLength - unpadded)}"`);
    assert.equal(Buffer.byteLength(first), firstLength);
    const text = first + second + line('z.json', 'VERIFICATION_COMPLETE', `,"big":"${'y'.repeat(3 << 20)}"`);
    await writeFile(path, text);
    const file = await ResultsFile.open(path);
    assert.equal(file.has(`${nameBefore}.json`), true);
    assert.equal(file.failed(`${nameBefore}.json`), true);
    assert.equal(file.has('z.json'), true);
    await file.close();
    assert.equal((await readFile(path, 'utf8')).length, text.length, 'nothing cut: every line is whole');
  });

  test('a file of other lines is refused, and left as it was', async () => {
    const path = join(dir, 'foreign.ndjson');
    const text = '{"id":1}\n';
    await writeFile(path, text);
    await assert.rejects(ResultsFile.open(path), (error: Error) => error instanceof UsageError && /line 1 is not a bookstream batch result/.test(error.message));
    assert.equal(await readFile(path, 'utf8'), text);
  });
});
