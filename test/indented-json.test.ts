// The streamed JSON of summary, info and transactions is indented piece by piece (src/cli/indented-json.ts): it
// must come out as JSON.stringify(value, null, 2) would write it, however the text is cut into pieces.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JsonIndenter } from '../src/cli/indented-json.js';
import { prng, randomCuts, randomValue } from './helpers/random-json.js';

function indent(text: string, cuts: readonly number[]): string {
  const indenter = new JsonIndenter();
  let from = 0;
  let out = '';
  for (const cut of [...cuts, text.length]) {
    out += indenter.write(text.slice(from, cut));
    from = cut;
  }
  return out;
}

describe('JsonIndenter', () => {
  test('empty objects and arrays stay on one line, nested ones are indented by 2', () => {
    const value = { a: [], b: {}, c: [1, { d: 'x' }], e: [[]], f: null };
    const text = JSON.stringify(value);
    assert.equal(indent(text, []), JSON.stringify(value, null, 2));
    // Cut after every character: each opening bracket's next character comes in the next piece.
    assert.equal(indent(text, Array.from({ length: text.length }, (_, index) => index)), JSON.stringify(value, null, 2));
  });

  test('strings with quotes, backslashes, brackets and commas are copied as they are, cut anywhere', () => {
    const value = { 'k"{': 'a\\"b,[c]:{d}', e: ['\\', '"', '\\\\"'], '': '' };
    const text = JSON.stringify(value);
    for (let cut = 0; cut <= text.length; cut++) assert.equal(indent(text, [cut]), JSON.stringify(value, null, 2), `cut at ${cut}`);
  });

  test('random values: compact text becomes exactly JSON.stringify(value, null, 2); any text parses to the same value', () => {
    const random = prng(15);
    for (let round = 0; round < 2000; round++) {
      const text = randomValue(random, random.int(3));
      const value: unknown = JSON.parse(text);
      const compact = JSON.stringify(value);
      assert.equal(indent(compact, randomCuts(random, compact.length, random.int(6))), JSON.stringify(value, null, 2), compact);
      assert.deepEqual(JSON.parse(indent(text, randomCuts(random, text.length, random.int(6)))), value, text);
    }
  });
});
