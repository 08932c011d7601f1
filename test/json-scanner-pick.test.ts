import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { ByteBuffer } from '../src/sources/json/byte-buffer.js';
import { JsonScanner, JsonSyntaxError, type ScanOptions } from '../src/sources/json/scanner.js';
import { feed, prng, randomCuts, randomValue, WHITESPACE } from './helpers/random-json.js';

/** Picks every element of the root array (an element that is not an object comes whole), the input cut at `cuts`. */
function pickedElements(input: Buffer, options: ScanOptions, cuts: readonly number[] = []): string[] {
  const texts: string[] = [];
  const scanner = new JsonScanner(
    {
      enter: (path) => (path.length === 0 ? 'descend' : 'pick'),
      captured: () => assert.fail('a picked value went to captured()'),
      picked: (_path, value) => {
        const out = new ByteBuffer(8); // small: the value's bytes make it grow
        value.writeTo(out);
        texts.push(out.text());
      },
    },
    options,
  );
  feed(scanner, input, cuts);
  return texts;
}

/** The members of a parsed object whose key is in `keys`, in key order (JSON.parse's last duplicate wins). */
function projected(value: unknown, keys: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(keys.filter((key) => Object.hasOwn(record, key)).map((key) => [key, record[key]]));
}

const KEYS = ['id', 'amount', 'name'];

test('pick keeps only the picked members of an object, with amounts quoted and the text still JSON', () => {
  const input = Buffer.from(
    '[{"id":"t1","location":{"amount":1,"city":null},"amount":2307.21,"extra":[1,{"a":2}],"name":"Café"},' +
      '{ "skip" : true , "id" : 7 },' + // the first member cut: no stray comma (and the space around the members goes)
      '{"name":"x","tail":{"name":"not me"}},' + // the last member cut: no trailing comma
      '{"a":1,"b":"\\"amount\\":3"},' + // nothing kept
      '{},' +
      '[{"id":1,"other":2}],' + // not an object: captured whole
      '{"\\u0069d":"escaped","b":0,"amount":-0.01,"amount":"5.00"},' + // an escaped key may be a picked one: kept; duplicates kept
      '{"name":"中文 😀","x":"é","id":"ü"}]',
  );
  const expected = [
    '{"id":"t1","amount":"2307.21","name":"Café"}',
    '{"id" : 7}',
    '{"name":"x"}',
    '{}',
    '{}',
    '[{"id":1,"other":2}]',
    '{"\\u0069d":"escaped","amount":"-0.01","amount":"5.00"}',
    '{"name":"中文 😀","id":"ü"}',
  ];
  const options = { quotedNumberKey: 'amount', pickedKeys: KEYS };
  assert.deepEqual(pickedElements(input, options), expected);
  // However the chunks fall, each text parses to the same picked members. A key split between two chunks is kept
  // (the scanner cannot match it without copying), so the text itself may hold a member more.
  const reference = expected.map((text) => projected(JSON.parse(text), KEYS));
  for (let cut = 0; cut <= input.length; cut++) {
    const texts = pickedElements(input, options, [cut]);
    assert.deepEqual(texts.map((text) => projected(JSON.parse(text), KEYS)), reference, `cut at ${cut}`);
  }
});

test('a pick keeps no members when no keys are picked; a pick of anything but an object is the whole value', () => {
  const input = Buffer.from('[{"id":1,"x":2},"s",3,null,{"amount":1}]');
  assert.deepEqual(pickedElements(input, {}), ['{}', '"s"', '3', 'null', '{}']);
  assert.deepEqual(pickedElements(input, { pickedKeys: ['x', 'amount'], quotedNumberKey: 'amount' }), ['{"x":2}', '"s"', '3', 'null', '{"amount":"1"}']);
});

test('an error inside a member that is cut out is still an error, at its byte', () => {
  const input = Buffer.from('[{"id":1,"location":{"lat":1.5,"ok":tru}}]');
  const error = syntaxErrorOf(() => pickedElements(input, { pickedKeys: KEYS }));
  // '[{"id":1,"location":{"lat":1.5,"ok":tru' is 39 bytes: the '}' at 39 breaks the literal.
  assert.deepEqual([error.offset, error.problem], [39, "unexpected '}' in the literal true"]);
});

test('a ByteBuffer grows for a huge value and is whole again after clear()', () => {
  const out = new ByteBuffer(4);
  const huge = Buffer.alloc(1 << 20, 0x61);
  out.append(huge, 0, huge.length);
  out.pushByte(0x62);
  assert.equal(out.length, (1 << 20) + 1);
  assert.equal(out.text().slice(-2), 'ab');
  out.clear();
  out.appendText('{"é":1}');
  assert.equal(out.text(), '{"é":1}');
});

function syntaxErrorOf(scan: () => unknown): JsonSyntaxError {
  try {
    scan();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  return assert.fail('expected a JsonSyntaxError');
}

test('a handler that picks needs picked()', () => {
  const scanner = new JsonScanner({ enter: () => 'pick', captured: () => {} });
  assert.throws(() => scanner.write(Buffer.from('{}')), /returned 'pick' but the handler has no picked\(\)/);
});

test('a picked random object parses to the same picked members as the whole object, however the chunks fall', () => {
  const random = prng(7);
  const keys = ['a', 'key', 'Z', 'é', '0a', ''];
  let kept = 0;
  let cut = 0;
  for (let n = 0; n < 3000; n++) {
    const elements = Array.from({ length: 1 + random.int(4) }, () => randomValue(random, 3 + random.int(2)));
    const input = Buffer.from(`[${elements.map((element) => random.pick(WHITESPACE) + element).join(',')}]`);
    const reference = (JSON.parse(input.toString()) as unknown[]).map((element) => projected(element, keys));
    for (const cuts of [[], randomCuts(random, input.length, 1 + random.int(6))]) {
      const texts = pickedElements(input, { pickedKeys: keys }, cuts);
      const parsed = texts.map((text) => JSON.parse(text) as unknown);
      assert.deepEqual(parsed.map((element) => projected(element, keys)), reference, `document ${n}: ${input.toString()}`);
      if (cuts.length === 0) {
        // Unchunked, nothing but picked members (or escaped keys) is left.
        for (const element of parsed) if (isObject(element)) kept += Object.keys(element).length;
        for (const text of texts) assert.ok(text.length <= input.length);
      } else cut += 1;
    }
    // Picking validates what it cuts: every strict prefix of the array (JSON.parse rejects them all) fails.
    const prefix = input.subarray(0, random.int(input.length));
    assert.throws(() => pickedElements(prefix, { pickedKeys: keys }, randomCuts(random, prefix.length, 2)), JsonSyntaxError);
  }
  assert.ok(kept > 500, `only ${kept} members were kept: the keys hardly occur`);
  assert.ok(cut === 3000);
});

test('asciiJsonFrom escapes what is not ASCII after `start`, and JSON.parse reads back the same characters', () => {
  const out = new ByteBuffer(4);
  out.appendText('["é",');
  const start = out.length;
  const json = '{"name":"Café 中文 😀 \\u00e9","id":"x"}';
  out.appendText(json);
  out.asciiJsonFrom(start);
  out.pushByte(0x5d);
  // The bytes before `start` are left alone; after it, é is \u00e9, 中文 two escapes, 😀 its surrogate pair.
  assert.equal(out.text(), '["é",{"name":"Caf\\u00e9 \\u4e2d\\u6587 \\ud83d\\ude00 \\u00e9","id":"x"}]');
  assert.deepEqual(JSON.parse(out.text()), ['é', JSON.parse(json)]);
  const ascii = new ByteBuffer();
  ascii.appendText('{"a":"b"}');
  ascii.asciiJsonFrom(0);
  assert.equal(ascii.asciiText(), '{"a":"b"}');
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
