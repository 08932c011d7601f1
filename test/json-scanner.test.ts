import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import type { JsonPath } from '../src/sources/json/json-path.js';
import { JsonLimitError, JsonScanner, JsonSyntaxError, type ScanHandler, type ScanOptions, type ValueKind, type Visit } from '../src/sources/json/scanner.js';
import { feed, prng, randomCuts, randomDocument, type Random } from './helpers/random-json.js';

// ---------- helpers ----------

type Outcome = { ok: true; texts: string[] } | { ok: false; error: JsonSyntaxError };

/** Scans with a handler that captures the root; a JsonSyntaxError becomes an outcome, anything else is a bug. */
function scanRoot(bytes: Uint8Array, cuts: readonly number[] = [], options: ScanOptions = {}): Outcome {
  const texts: string[] = [];
  const scanner = new JsonScanner({ enter: () => 'capture', captured: (_path, text) => texts.push(text) }, options);
  try {
    feed(scanner, bytes, cuts);
    return { ok: true, texts };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, error };
    throw error;
  }
}

function syntaxError(text: string | Uint8Array, handler: ScanHandler = descendAll(), cuts: number[] = [], options: ScanOptions = {}): JsonSyntaxError {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const scanner = new JsonScanner(handler, options);
  try {
    feed(scanner, bytes, cuts);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  assert.fail(`accepted ${JSON.stringify(Buffer.from(bytes).toString())}`);
}

/** Descends into everything and records every call. */
function descendAll(): ScanHandler & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    enter: (path, kind, offset) => (log.push(`enter ${JSON.stringify(path)} ${kind} ${offset}`), 'descend'),
    captured: () => assert.fail('nothing is captured'),
    left: (path, offset) => void log.push(`left ${JSON.stringify(path)} ${offset}`),
  };
}

function jsonParses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The input without a leading BOM and JSON whitespace around it: what a root capture must hand over. */
function trimmed(bytes: Uint8Array): string {
  let from = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let to = bytes.length;
  const space = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  while (from < to && space(bytes[from])) from++;
  while (to > from && space(bytes[to - 1])) to--;
  return Buffer.from(bytes.subarray(from, to)).toString('utf8');
}

// ---------- random documents ----------
// ---------- round trips ----------

test('a captured root is the input minus BOM and outer whitespace, however the chunks fall', () => {
  const random = prng(1);
  let docs = 0;
  let everyByte = 0;
  for (let n = 0; n < 1500; n++) {
    const doc = randomDocument(random);
    const expected = trimmed(doc);
    const reference = JSON.parse(new TextDecoder().decode(doc)) as unknown;
    const splits: number[][] = [[], randomCuts(random, doc.length, 1 + random.int(8))];
    if (doc.length <= 120) for (let cut = 0; cut <= doc.length; cut++) splits.push([cut]);
    if (n % 50 === 0) splits.push(Array.from({ length: doc.length }, (_, k) => k)); // one byte at a time
    for (const cuts of splits) {
      const outcome = scanRoot(doc, cuts);
      assert.ok(outcome.ok, `rejected ${JSON.stringify(doc.toString())} cut at ${cuts}: ${outcome.ok || outcome.error.message}`);
      assert.deepEqual(outcome.texts, [expected]);
      assert.deepEqual(JSON.parse(outcome.texts[0]!), reference);
    }
    docs++;
    if (doc.length <= 120) everyByte++;
  }
  assert.equal(docs, 1500);
  assert.ok(everyByte > 300, `only ${everyByte} small documents were split at every byte`);
});

/** Descends every container and captures every scalar, rebuilding the document from paths and captured texts. */
function rebuild(bytes: Uint8Array, cuts: readonly number[]): unknown {
  let root: unknown;
  const put = (path: JsonPath, value: unknown): void => {
    if (path.length === 0) root = value;
    else {
      let parent = root as Record<string | number, unknown>;
      for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
      parent[path[path.length - 1]!] = value;
    }
  };
  const scanner = new JsonScanner({
    enter(path, kind) {
      if (kind === 'object' || kind === 'array') {
        put(path, kind === 'object' ? {} : []);
        return 'descend';
      }
      return 'capture';
    },
    captured: (path, text) => put(path, JSON.parse(text)),
  });
  feed(scanner, bytes, cuts);
  return root;
}

test('descending everything rebuilds what JSON.parse gives: keys decoded, indexes counted, however the chunks fall', () => {
  const random = prng(7);
  for (let n = 0; n < 500; n++) {
    const doc = randomDocument(random);
    const reference = JSON.parse(new TextDecoder().decode(doc)) as unknown;
    const splits: number[][] = [[], randomCuts(random, doc.length, 1 + random.int(8))];
    if (doc.length <= 80) for (let cut = 0; cut <= doc.length; cut++) splits.push([cut]);
    for (const cuts of splits) assert.deepEqual(rebuild(doc, cuts), reference, `${JSON.stringify(doc.toString())} cut at ${cuts}`);
  }
});

test('every number form is accepted and captured whole, also at the very end of the input', () => {
  // Each is one complete document; a number is complete only at end(), so the capture arrives there.
  for (const number of ['0', '-0', '7', '-12', '10', '0.5', '-0.25', '12.0', '1e5', '1E5', '1e+5', '1E-05', '-0.0e0', '123456789012345678901234567890']) {
    const bytes = Buffer.from(number);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const texts: string[] = [];
      const scanner = new JsonScanner({ enter: () => 'capture', captured: (_path, text) => texts.push(text) });
      scanner.write(bytes.subarray(0, cut));
      scanner.write(bytes.subarray(cut));
      assert.deepEqual(texts, [], `${number} must not be complete before end()`);
      scanner.end();
      assert.deepEqual(texts, [number]);
    }
  }
});

test('scalars captured inside a descended container, split at every byte', () => {
  const input = Buffer.from('{"n": -1.5e3 ,"s":"é\\n😀","t":true,"f":false,"z":null,"e":{},"a":[ ]}');
  const expected = [
    '["n"] number -1.5e3', '["s"] string "é\\n😀"', '["t"] literal true', '["f"] literal false', '["z"] literal null',
    '["e"] object {}', '["a"] array [ ]',
  ];
  for (let cut = 0; cut <= input.length; cut++) {
    const seen: string[] = [];
    let kind: ValueKind = 'object';
    const scanner = new JsonScanner({
      enter: (path, k) => ((kind = k), path.length === 0 ? 'descend' : 'capture'),
      captured: (path, text) => void seen.push(`${JSON.stringify(path)} ${kind} ${text}`),
    });
    feed(scanner, input, [cut]);
    assert.deepEqual(seen, expected);
  }
});

// ---------- differential against JSON.parse ----------

const MUTATION_BYTES = Buffer.from('{}[]:,"\\ 0123456789-+.eEtrufalsn\t\n\r\x00\x01\x1fx/');

function mutations(random: Random, doc: Buffer): Buffer[] {
  const out: Buffer[] = [];
  const at = (): number => random.int(doc.length);
  const splice = (from: number, remove: number, insert: Uint8Array): Buffer =>
    Buffer.concat([doc.subarray(0, from), insert, doc.subarray(from + remove)]);
  const positionsOf = (chars: string): number[] => [...doc.keys()].filter((k) => chars.includes(String.fromCharCode(doc[k]!)));
  for (let k = 0; k < 3; k++) {
    const byte = random.next() < 0.8 ? MUTATION_BYTES[random.int(MUTATION_BYTES.length)]! : random.int(256);
    out.push(splice(at(), 1, Buffer.from([byte]))); // flip
    out.push(splice(at(), 0, Buffer.from([byte]))); // insert
    out.push(splice(at(), 1, Buffer.alloc(0))); // delete
  }
  const closers = positionsOf(']}');
  if (closers.length > 0) out.push(splice(random.pick(closers), 0, Buffer.from(','))); // trailing comma
  const numberDigits = positionsOf('0123456789');
  if (numberDigits.length > 0) out.push(splice(random.pick(numberDigits), 0, Buffer.from('0'))); // leading zero, or not
  const backslashes = positionsOf('\\');
  if (backslashes.length > 0) out.push(splice(random.pick(backslashes) + 1, 1, Buffer.from(random.pick(['x', 'U', "'", '0', 'a', 'u0', 'uZZZZ']))));
  const quotes = positionsOf('"');
  if (quotes.length > 0) out.push(splice(random.pick(quotes) + 1, 0, Buffer.from([random.int(0x20)]))); // raw control char
  const literalStarts = positionsOf('tfn');
  if (literalStarts.length > 0) out.push(splice(random.pick(literalStarts) + 1, 1 + random.int(3), Buffer.alloc(0))); // "tru"
  out.push(Buffer.concat([doc, Buffer.from(random.pick([' ', '', '\n'])), doc])); // two top-level values
  return out;
}

function assertAgreesWithJsonParse(bytes: Buffer, random: Random): boolean {
  const text = new TextDecoder().decode(bytes); // also drops a leading BOM, as the scanner does
  const valid = jsonParses(text);
  const whole = scanRoot(bytes);
  const chunked = scanRoot(bytes, randomCuts(random, bytes.length, 1 + random.int(4)));
  const shown = JSON.stringify(text);
  assert.equal(whole.ok, valid, `${shown}: JSON.parse ${valid ? 'accepts' : 'rejects'}, the scanner ${whole.ok ? 'accepts' : `rejects: ${whole.ok || whole.error.message}`}`);
  assert.equal(chunked.ok, valid, `${shown} in chunks`);
  // Descending into everything (keys decoded, paths kept) validates the same way, failing at the same byte.
  let descended: number | 'ok' = 'ok';
  try {
    feed(new JsonScanner({ enter: () => 'descend', captured: () => {} }), bytes, randomCuts(random, bytes.length, 2));
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    descended = error.offset;
  }
  assert.equal(descended, whole.ok ? 'ok' : whole.error.offset, `${shown} descended`);
  if (whole.ok && chunked.ok) {
    assert.deepEqual(whole.texts, [trimmed(bytes)]);
    assert.deepEqual(chunked.texts, whole.texts);
    assert.deepEqual(JSON.parse(whole.texts[0]!), JSON.parse(text));
  } else if (!whole.ok && !chunked.ok) {
    // Where an error is found does not depend on where the chunks end.
    assert.equal(chunked.error.message, whole.error.message, shown);
    assert.ok(whole.error.offset <= bytes.length, `offset ${whole.error.offset} beyond the input`);
  }
  return valid;
}

test('the scanner rejects exactly what JSON.parse rejects: mutated documents', () => {
  const random = prng(2);
  let accepted = 0;
  let rejected = 0;
  for (let n = 0; n < 400; n++) {
    const doc = randomDocument(random);
    for (const mutated of mutations(random, doc)) {
      if (assertAgreesWithJsonParse(mutated, random)) accepted++;
      else rejected++;
    }
  }
  // Both outcomes must really be exercised (about 6,000 documents in all).
  assert.ok(accepted > 500 && rejected > 3000, `accepted ${accepted}, rejected ${rejected}`);
});

test('the scanner rejects exactly what JSON.parse rejects: every truncation of small documents', () => {
  const random = prng(3);
  let prefixes = 0;
  for (let n = 0; n < 60; n++) {
    const doc = randomDocument(random);
    for (let length = 0; length <= doc.length; length++) {
      assertAgreesWithJsonParse(doc.subarray(0, length), random);
      prefixes++;
    }
  }
  assert.ok(prefixes > 1000, `${prefixes} prefixes`);
});

test('hand-picked edge cases agree with JSON.parse', () => {
  const random = prng(4);
  const cases = [
    '-', '-0', '--1', '+1', '.5', '0.', '1.e5', '1e', '1e+', '1e-x', '01', '-01', '00', '0x1', '1_000', '1 2', 'NaN',
    'Infinity', '-Infinity', 'tru', 'truee', 'True', 'nul', 'nulll', 'falsy', 'null,', '"', '"\\', '"\\u12"', '"\\u12G4"',
    '"\\x"', '"\\U0041"', '"\t"', '"a\nb"', '"\x7f"', '"\\/"', "'a'", '[', ']', '[]', '[,]', '[1,]', '[,1]', '[1 2]', '[1,,2]',
    '{}', '{', '}', '{,}', '{"a"}', '{"a" 1}', '{"a":}', '{"a":1,}', '{"a":1 "b":2}', '{1:2}', '{a:1}', '{"a":1,"a":2}',
    '[}', '{]', '{"a":[}', '[{"a":1]', ' \t\r\n[ 1 , 2 ] \n', '\u00a0[]', '[]\u00a0', '\ufeff[]', '[\ufeff]',
    '"\ud83d\ude00"', '[1]x', '[1] [2]', '{"":""}', '[[[[[]]]]]', '[[[[[]]]]', '"\u2028"',
  ];
  for (const text of cases) assertAgreesWithJsonParse(Buffer.from(text), random);
  // A BOM is accepted only at byte 0 (JSON.parse sees it after TextDecoder drops it, so this is checked directly).
  assert.ok(scanRoot(Buffer.from('\ufeff"x"')).ok, 'a BOM at byte 0 is accepted');
  assert.equal(syntaxError(Buffer.from(' \ufeff"x"')).offset, 1);
});

// ---------- errors: offsets, paths, problems ----------

test('a truncated document fails at its length, saying the input ended', () => {
  const random = prng(5);
  for (let n = 0; n < 100; n++) {
    const doc = randomDocument(random);
    for (let length = 0; length < doc.length; length++) {
      const prefix = doc.subarray(0, length);
      if (jsonParses(new TextDecoder().decode(prefix))) continue; // e.g. "12" of "123"
      const error = syntaxError(prefix);
      assert.equal(error.offset, length);
      assert.match(error.problem, /^(input ends|empty input)/);
    }
  }
});

test('end-of-input problems name what was left open', () => {
  const cases: [string, string][] = [
    ['', 'empty input'],
    ['  \n', 'input ends before any value'],
    ['\ufeff', 'input ends before any value'],
    ['{"a":[1,2', 'input ends inside an array'],
    ['{"a":[1,2]', 'input ends inside an object'],
    ['{"a', 'input ends inside a string'],
    ['["\\u00', 'input ends inside a string'],
    ['-', 'input ends inside a number'],
    ['[1.', 'input ends inside a number'],
    ['[1e+', 'input ends inside a number'],
    ['fals', 'input ends inside the literal false'],
  ];
  const inputs = cases.map(([text, problem]): [Buffer, string] => [Buffer.from(text), problem]);
  inputs.push([Buffer.from([0xef, 0xbb]), 'input ends inside a byte order mark']);
  for (const [bytes, problem] of inputs) {
    const text = bytes.toString();
    const error = syntaxError(bytes);
    assert.equal(error.problem, problem, text);
    assert.equal(error.offset, bytes.length, text);
    assert.equal(error.message, `${problem} at byte ${bytes.length}${error.path ? ` (${error.path})` : ''}`);
  }
});

test('a malformed byte is reported at its offset, with the path of what was being read', () => {
  // offsets counted by hand: {"a":[1,2,}  →  { 0, " 1, a 2, " 3, : 4, [ 5, 1 6, , 7, 2 8, , 9, } 10
  const cases: [string, number, string, string][] = [
    ['{"a":[1,2,}', 10, 'a[2]', "unexpected '}' after ',' in an array"], // a value was expected at a[2]
    ['{"a":[1,2}', 9, 'a', "unexpected '}' after a value in an array"], // the array itself is badly closed
    ['{"a":1,}', 7, '', "unexpected '}' after ',' in an object"],
    ['{"a" 1}', 5, 'a', "unexpected '1' after a key (expected ':')"],
    ['{"a":}', 5, 'a', "unexpected '}' after ':' in an object"],
    ['{"a":{"b":[0, 01]}}', 15, 'a.b[1]', 'leading zero in a number'],
    ['{"a":{"b c":"x\\qy"}}', 15, 'a["b c"]', "invalid escape '\\q' in a string"],
    ['{"a":["\\u00G0"]}', 11, 'a[0]', "unexpected 'G' in a \\u escape (expected a hex digit)"],
    ['["a\nb"]', 3, '[0]', 'control character 0x0A in a string (it must be escaped)'],
    ['[1] x', 4, '', 'unexpected data after the top-level value'],
    ['[tRue]', 2, '[0]', "unexpected 'R' in the literal true"],
    ['{"k":-x}', 6, 'k', "unexpected 'x' in a number (expected a digit)"],
    ['{"k":1.x}', 7, 'k', "unexpected 'x' in a number (expected a digit)"],
    ['{"k":1ex}', 7, 'k', "unexpected 'x' in a number's exponent (expected a digit or sign)"],
    ['{x:1}', 1, '', "unexpected 'x' after '{' in an object"],
    ['[}', 1, '', "unexpected '}' after '[' in an array"],
    [' }', 1, '', "unexpected '}' where a value should start"],
    ['{"é":\x01}', 6, '["é"]', "unexpected byte 0x01 after ':' in an object"], // é is 2 bytes: { " é é " :
  ];
  for (const [text, offset, path, problem] of cases) {
    const input = Buffer.from(text);
    // Whatever the chunking, the same error.
    for (const cuts of [[], [1], [Math.floor(input.length / 2)], [input.length - 1]]) {
      const error = syntaxError(input, descendAll(), cuts);
      assert.deepEqual([error.offset, error.path, error.problem], [offset, path, problem], `${text} cut at ${cuts}`);
      assert.equal(error.message, `${problem} at byte ${offset}${path ? ` (${path})` : ''}`);
    }
  }
});

test('inside a captured value the error carries the captured value\'s path', () => {
  const input = Buffer.from('{"report":{"items":[{"transactions":[{"amount":1},{"amount":1.}]}]}}');
  const error = syntaxError(input, plaidHandler([]).handler);
  // The '}' right after "1." is the offending byte.
  assert.equal(error.offset, input.indexOf('.}') + 1);
  assert.equal(error.path, 'report.items[0].transactions[1]');
});

test('after an error the scanner keeps failing with it', () => {
  const scanner = new JsonScanner(descendAll());
  assert.throws(() => scanner.write(Buffer.from('[1,]')), JsonSyntaxError);
  assert.throws(() => scanner.write(Buffer.from('[]')), /after ',' in an array at byte 3/);
  assert.throws(() => scanner.end(), /after ',' in an array at byte 3/);
  const failing = new JsonScanner({ enter: () => { throw new RangeError('handler says no'); }, captured: () => {} });
  assert.throws(() => failing.write(Buffer.from('{}')), RangeError);
  assert.throws(() => failing.end(), /handler says no/);
});

// ---------- path tracking ----------

interface PlaidLog {
  handler: ScanHandler;
  captured: { path: (string | number)[]; text: string; offset: number }[];
  left: { path: (string | number)[]; offset: number }[];
}

/** Descends report.items[].accounts[].transactions (keys matched anywhere), captures transactions except `skip`. */
function plaidHandler(skip: string[]): PlaidLog {
  const log: PlaidLog = { handler: null!, captured: [], left: [] };
  const descendKeys = new Set(['report', 'items', 'accounts', 'transactions']);
  log.handler = {
    enter(path: JsonPath, kind: ValueKind): Visit {
      if (path.length === 0) return 'descend';
      const last = path[path.length - 1]!;
      const parent = path[path.length - 2];
      if (typeof last === 'string') return descendKeys.has(last) ? 'descend' : 'skip';
      if (parent === 'transactions') {
        assert.equal(kind, 'object');
        return skip.includes(JSON.stringify(path)) ? 'skip' : 'capture';
      }
      return 'descend'; // items[i], accounts[j]
    },
    captured: (path, text, offset) => void log.captured.push({ path: [...path], text, offset }),
    left: (path, offset) => void log.left.push({ path: [...path], offset }),
  };
  return log;
}

function transactionFor(item: number, account: number, k: number): object {
  return {
    transaction_id: `t-${item}-${account}-${k}`,
    amount: 12.5 * (k + 1),
    name: k % 2 === 0 ? 'Café ☕ Zürich' : 'SparkFun',
    location: { city: 'Malakoff', lat: 40.7, lon: -74 },
    payment_meta: { reference_number: null, ppd_id: null },
    pending: k === 0,
  };
}

function plaidDocument(): { input: Buffer; transactions: Map<string, object> } {
  // Two items; item 0 has accounts with 2 and 4 transactions, item 1 one account with 1 transaction.
  const counts = [[2, 4], [1]];
  const transactions = new Map<string, object>();
  const items = counts.map((accounts, item) => ({
    institution_name: 'First Platypus Bänk 🦆', // multi-byte characters before the transactions shift byte offsets
    accounts: accounts.map((count, account) => ({
      account_id: `acc-${item}-${account}`,
      balances: { current: 100, transactions: ['not', 'descended'] },
      transactions: Array.from({ length: count }, (_, k) => {
        const txn = transactionFor(item, account, k);
        transactions.set(JSON.stringify(['report', 'items', item, 'accounts', account, 'transactions', k]), txn);
        return txn;
      }),
      owners: [{ names: ['Alberta'] }],
    })),
  }));
  const doc = { report: { date_generated: '2023-03-30', items, user: { ssn: '123-45-6789' } }, request_id: 'x' };
  return { input: Buffer.from(JSON.stringify(doc, null, 2)), transactions };
}

test('transactions of a Plaid-like report are captured with their paths and byte offsets', () => {
  const { input, transactions } = plaidDocument();
  const random = prng(6);
  for (const cuts of [[], randomCuts(random, input.length, 20), Array.from({ length: input.length }, (_, k) => k)]) {
    const log = plaidHandler([]);
    feed(new JsonScanner(log.handler), input, cuts);
    // 2 + 4 + 1 = 7 transactions, in document order.
    assert.deepEqual(log.captured.map((c) => JSON.stringify(c.path)), [...transactions.keys()]);
    assert.deepEqual(log.captured[4]!.path, ['report', 'items', 0, 'accounts', 1, 'transactions', 2]);
    for (const { path, text, offset } of log.captured) {
      assert.deepEqual(JSON.parse(text), transactions.get(JSON.stringify(path)));
      assert.equal(input.subarray(offset, offset + Buffer.byteLength(text)).toString(), text);
      assert.equal(input[offset], 0x7b); // '{'
    }
  }
});

test('left is called for each descended container at its closing bracket, innermost first', () => {
  const { input } = plaidDocument();
  const log = plaidHandler([]);
  feed(new JsonScanner(log.handler), input);
  const T = 'transactions';
  const expected = [
    ['report', 'items', 0, 'accounts', 0, T], ['report', 'items', 0, 'accounts', 0],
    ['report', 'items', 0, 'accounts', 1, T], ['report', 'items', 0, 'accounts', 1],
    ['report', 'items', 0, 'accounts'], ['report', 'items', 0],
    ['report', 'items', 1, 'accounts', 0, T], ['report', 'items', 1, 'accounts', 0],
    ['report', 'items', 1, 'accounts'], ['report', 'items', 1],
    ['report', 'items'], ['report'], [],
  ];
  assert.deepEqual(log.left.map((l) => l.path), expected);
  for (const { path, offset } of log.left) {
    const closer = typeof path[path.length - 1] === 'string' && path[path.length - 1] !== 'report' ? ']' : '}';
    assert.equal(String.fromCharCode(input[offset]!), closer, JSON.stringify(path));
  }
  assert.equal(log.left.at(-1)!.offset, input.length - 1); // the root's '}' is the last byte
});

test('skipped values never reach captured', () => {
  const { input } = plaidDocument();
  const skipped = JSON.stringify(['report', 'items', 0, 'accounts', 1, 'transactions', 2]);
  const log = plaidHandler([skipped]);
  feed(new JsonScanner(log.handler), input);
  assert.equal(log.captured.length, 6); // 7 transactions, one skipped
  assert.ok(!log.captured.some((c) => JSON.stringify(c.path) === skipped), 'the skipped transaction was captured');
  // balances.transactions is skipped with its parent 'balances': no path ever passes through it.
  const paths = log.captured.map((c) => c.path);
  assert.ok(paths.every((p) => p.length === 7 && p[5] === 'transactions'), `captured elsewhere: ${JSON.stringify(paths)}`);
});

test('enter sees every value of descended containers with its kind and first byte', () => {
  const input = Buffer.from('\ufeff {"a": [1, "x", {"b": null}], "c": true}');
  const handler = descendAll();
  feed(new JsonScanner(handler), input);
  // byte offsets: BOM 0-2, ' ' 3, '{' 4, '"a"' 5-7, ':' 8, ' ' 9, '[' 10, '1' 11, ', ' 12-13, '"x"' 14-16, ', ' 17-18,
  // '{' 19, '"b"' 20-22, ':' 23, ' ' 24, 'null' 25-28, '}' 29, ']' 30, ', ' 31-32, '"c"' 33-35, ': ' 36-37, 'true' 38-41, '}' 42
  assert.deepEqual(handler.log, [
    'enter [] object 4', 'enter ["a"] array 10', 'enter ["a",0] number 11', 'enter ["a",1] string 14',
    'enter ["a",2] object 19', 'enter ["a",2,"b"] literal 25', 'left ["a",2] 29', 'left ["a"] 30',
    'enter ["c"] literal 38', 'left [] 42',
  ]);
});

test('keys of descended objects are decoded, escapes and multi-byte characters included, across chunks', () => {
  const input = Buffer.from('{"tr\\u0061ns\\"\\\\":{"ключ 🔑":{"":1}}}');
  for (let cut = 0; cut <= input.length; cut++) {
    const paths: string[] = [];
    const scanner = new JsonScanner({
      enter: (path) => (paths.push(JSON.stringify(path)), 'descend'),
      captured: () => assert.fail('nothing is captured'),
    });
    feed(scanner, input, [cut]);
    assert.deepEqual(paths, ['[]', '["trans\\"\\\\"]', '["trans\\"\\\\","ключ 🔑"]', '["trans\\"\\\\","ключ 🔑",""]']);
  }
});

// ---------- sizes ----------

test('a 10 MB string is captured intact from 64 KiB chunks', () => {
  // 'aé€😀\\n' is 1 + 2 + 3 + 4 + 2 = 12 bytes; 874,000 repeats = 10,488,000 bytes, so chunk ends fall inside characters.
  const body = 'aé€😀\\n'.repeat(874_000);
  const input = Buffer.from(`{"big":"${body}","after":1}`);
  const texts: string[] = [];
  // The size limit (tested below) is lifted here: capturing across chunks must keep any size intact.
  const scanner = new JsonScanner({
    enter: (path) => (path.length === 0 ? 'descend' : path[0] === 'big' ? 'capture' : 'skip'),
    captured: (_path, text) => void texts.push(text),
  }, { maxValueBytes: Infinity });
  const chunk = 64 * 1024;
  for (let at = 0; at < input.length; at += chunk) scanner.write(input.subarray(at, at + chunk));
  scanner.end();
  assert.equal(texts.length, 1);
  assert.equal(texts[0]!.length, body.length + 2);
  assert.ok(texts[0] === `"${body}"`, 'the captured string differs'); // not deepEqual: a 10 MB diff
  assert.equal(scanner.bytesRead, input.length);
});

test('deep nesting is validated without recursion, each bracket matched to its opener', () => {
  // The depth limit (tested below) is lifted here: the bracket stack itself must take any depth.
  const unlimited: ScanOptions = { maxDepth: Infinity };
  const capture: ScanHandler = { enter: () => 'capture', captured: () => {} };
  const levels = 50_000;
  // {"k":[ repeated, then ]} repeated: 100,000 containers, objects and arrays alternating; each opener is 6 bytes.
  const good = Buffer.from('{"k":['.repeat(levels) + ']}'.repeat(levels));
  assert.ok(scanRoot(good, [], unlimited).ok, 'deep document rejected');
  const truncated = good.subarray(0, good.length - 1);
  const error = syntaxError(truncated, capture, [], unlimited);
  assert.deepEqual([error.offset, error.problem], [truncated.length, 'input ends inside an object']);
  // The first pair swapped (`}]` for `]}`): its '}' at 6 * levels would close the innermost, empty array.
  const swapped = Buffer.from('{"k":['.repeat(levels) + '}]' + ']}'.repeat(levels - 1));
  const mismatch = syntaxError(swapped, capture, [], unlimited);
  assert.deepEqual([mismatch.offset, mismatch.problem], [6 * levels, "unexpected '}' after '[' in an array"]);
  // The 30,000th pair swapped: after 29,999 `]}` pairs the innermost open container is an array again, so the '}'
  // at 6 * levels + 2 * 29,999 follows a value (the object just closed) in an array.
  const late = Buffer.from('{"k":['.repeat(levels) + ']}'.repeat(29_999) + '}]' + ']}'.repeat(levels - 30_000));
  const lateError = syntaxError(late, capture, [], unlimited);
  assert.deepEqual([lateError.offset, lateError.problem], [6 * levels + 2 * 29_999, "unexpected '}' after a value in an array"]);
});

test('bytesRead counts consumed bytes; a chunk given as a plain Uint8Array works too', () => {
  const scanner = new JsonScanner({ enter: () => 'capture', captured: () => {} });
  scanner.write(new Uint8Array(Buffer.from('[1, ')));
  assert.equal(scanner.bytesRead, 4);
  scanner.write(new Uint8Array(0));
  scanner.write(Uint8Array.from(Buffer.from('2]  ')));
  scanner.end();
  assert.equal(scanner.bytesRead, 8);
});

// ---------- quotedNumberKey ----------

/** Captures every element of the root array with `amount` numbers quoted, the input cut at `cuts`. */
function quotedElements(input: Buffer, cuts: readonly number[] = []): string[] {
  const texts: string[] = [];
  const scanner = new JsonScanner(
    { enter: (path) => (path.length === 0 ? 'descend' : 'capture'), captured: (_path, text) => texts.push(text) },
    { quotedNumberKey: 'amount' },
  );
  feed(scanner, input, cuts);
  return texts;
}

test('quotedNumberKey quotes amount numbers inside captured values, and nothing else, however the chunks fall', () => {
  const input = Buffer.from(
    '[{"amount":2307.21,"x":1},{"name":"Café \\"amount\\": 5","amount" : -0.01},{"nested":{"amount":1e2},"amounts":3},' +
      '{"amount":"12.50"},{"amount":null,"y":[7]},{"é":"ü","amount":12345678901.23},[{"amount":0}],{"\\u0061mount":0.1},{"amount":-0.0}]',
  );
  const expected = [
    '{"amount":"2307.21","x":1}',
    '{"name":"Café \\"amount\\": 5","amount" : "-0.01"}',
    '{"nested":{"amount":"1e2"},"amounts":3}',
    '{"amount":"12.50"}',
    '{"amount":null,"y":[7]}',
    '{"é":"ü","amount":"12345678901.23"}',
    '[{"amount":"0"}]',
    '{"\\u0061mount":"0.1"}', // an escaped key is the same key: quoted too, also when a cut splits its escape
    '{"amount":"-0.0"}',
  ];
  assert.deepEqual(quotedElements(input), expected);
  // Every single cut, and every pair of cuts within the first element, give the same texts.
  for (let cut = 0; cut <= input.length; cut++) assert.deepEqual(quotedElements(input, [cut]), expected, `cut at ${cut}`);
  for (let a = 0; a < 30; a++) for (let b = a; b < 30; b++) assert.deepEqual(quotedElements(input, [a, b]), expected, `cuts at ${a}, ${b}`);
});

test('quotedNumberKey leaves descended members and scanners without the option alone', () => {
  const input = Buffer.from('{"amount":5,"t":[{"amount":6}]}');
  const texts: string[] = [];
  const handler: ScanHandler = {
    enter: (path) => (path.length === 0 || path[0] === 't' && path.length === 1 ? 'descend' : 'capture'),
    captured: (_path, text) => texts.push(text),
  };
  feed(new JsonScanner(handler, { quotedNumberKey: 'amount' }), input);
  assert.deepEqual(texts, ['5', '{"amount":"6"}']);
  texts.length = 0;
  feed(new JsonScanner(handler), input);
  assert.deepEqual(texts, ['5', '{"amount":6}']);
});

// ---------- limits (core/limits.ts) ----------

test('nesting one level past the limit fails at the container that opens it, whatever the handler does with it', () => {
  // 128 levels are accepted; the 129th '[' is at byte 128.
  assert.ok(scanRoot(Buffer.from('['.repeat(128) + ']'.repeat(128))).ok);
  const deep = Buffer.from('['.repeat(129) + ']'.repeat(129));
  const skip: ScanHandler = { enter: () => 'skip', captured: () => {} };
  const capture: ScanHandler = { enter: () => 'capture', captured: () => {} };
  for (const handler of [descendAll(), skip, capture]) {
    const error = syntaxError(deep, handler);
    assert.ok(error instanceof JsonLimitError, error.name);
    assert.deepEqual([error.offset, error.problem], [128, 'nesting deeper than 128 levels (the limit)']);
  }
  // 20,000 levels as a captured member's value: `{"a":` is bytes 0-4, so the 128th '[' (depth 129 with the root
  // object) is at 5 + 127 = 132; the path is the captured value's. In 1-byte chunks alike.
  const member = Buffer.from('{"a":' + '['.repeat(20_000) + ']'.repeat(20_000) + '}');
  const handler: ScanHandler = { enter: (path) => (path.length === 0 ? 'descend' : 'capture'), captured: () => {} };
  for (const cuts of [[], Array.from({ length: 200 }, (_, k) => k + 1)]) {
    const error = syntaxError(member, handler, cuts);
    assert.deepEqual([error.offset, error.path, error.problem], [132, 'a', 'nesting deeper than 128 levels (the limit)']);
  }
});

test('a captured value or a walked key past its size limit fails at its first byte, however the chunks fall', () => {
  const options: ScanOptions = { maxValueBytes: 10, maxKeyBytes: 4 };
  const handler: ScanHandler = { enter: (path) => (path.length === 0 ? 'descend' : 'capture'), captured: () => {} };
  const everyByte = (text: string) => Array.from({ length: text.length }, (_, k) => k);
  // `"12345678"` is 10 bytes: accepted. `"123456789"` is 11: fails at its opening quote, byte 5, path a.
  const fits = '{"a":"12345678","abcd":1}';
  const tooBig = '{"a":"123456789"}';
  // The key `abcde` (5 bytes) opens at byte 1 of the root object; its error names the object (the root: '').
  const longKey = '{"abcde":1}';
  for (const split of [false, true]) {
    const cutsOf = (text: string) => (split ? everyByte(text) : []);
    const scanner = new JsonScanner(handler, options);
    feed(scanner, Buffer.from(fits), cutsOf(fits));
    const big = syntaxError(tooBig, handler, cutsOf(tooBig), options);
    assert.deepEqual([big.name, big.offset, big.path], ['JsonLimitError', 5, 'a'], `split ${split}`);
    assert.match(big.problem, /^a value larger than 10 bytes/);
    const key = syntaxError(longKey, handler, cutsOf(longKey), options);
    assert.deepEqual([key.name, key.offset, key.path, key.problem], ['JsonLimitError', 1, '', 'a key longer than 4 bytes (the limit)'], `split ${split}`);
  }
  // Skipped values are never held: no size limit.
  const skipAll: ScanHandler = { enter: (path) => (path.length === 0 ? 'descend' : 'skip'), captured: () => {} };
  feed(new JsonScanner(skipAll, options), Buffer.from(`{"a":"${'x'.repeat(100)}"}`));
});
