/**
 * Bad inputs: every broken document comes back FAILED (unreadable) or REJECTED (unacceptable) with a
 * reason that names the file, says what is wrong and where (byte offset or JSON path), and the book
 * is left exactly as it was. Plus the hard-but-valid inputs that must go through exactly.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, join } from 'node:path';
import { openStore } from '../src/index.js';
import {
  accountOf, assetAccount, assetReport, assetTxn, chunksOf, failingReadable, jsonText, largeAssetReportBuffer,
  makeTempDir, raw, readableOf, removeTempDir, simpleAssetReport, transactionsGet, txnsOf, writeInput,
  type AssetReportDoc, type JsonObject, type TxnSpec,
} from './fixtures/make-inputs.js';

type Store = Awaited<ReturnType<typeof openStore>>;
type Book = Awaited<ReturnType<Store['book']>>;
type Input = Parameters<Book['ingest']>[0][number];
type Doc = Awaited<ReturnType<Book['ingest']>>[number];

let dir = '';
let seedFile = '';
before(async () => {
  dir = await makeTempDir();
  seedFile = await writeInput(dir, 'seed.json', jsonText(SEED));
});
after(async () => removeTempDir(dir));

// The seed: 3 rows. Plaid positive = money out, so 89.4 → "-89.40", 12 → "-12.00", -500 → "500.00".
const SEED = simpleAssetReport([
  { id: 'seed-1', amount: 89.4, date: '2023-03-27', description: 'SparkFun' },
  { id: 'seed-2', amount: 12, date: '2023-03-28', description: 'McDonalds #3322' },
  { id: 'seed-3', amount: -500, date: '2023-03-29', description: 'United Airlines REFUND' },
]);

/**
 * A later pull of the same account that WOULD change the book: it renames the account, moves its
 * balance, rewrites seed-1's amount (1 → "-1.00") and adds two rows. The bad inputs are broken copies
 * of it, broken after transactions[0], so a non-atomic ingest shows up as a changed book.
 */
function nextReport(): AssetReportDoc {
  return assetReport([assetAccount({
    name: 'Plaid Checking (renamed)',
    current: 777,
    transactions: [
      assetTxn({ id: 'seed-1', amount: 1, date: '2023-03-27', description: 'SparkFun Café €' }),
      assetTxn({ id: 'next-2', amount: 4.33, date: '2023-03-30', description: 'Starbucks' }),
      assetTxn({ id: 'next-3', amount: 20, date: '2023-03-31', description: 'Trader Joes' }),
    ],
  })], '2023-04-01T10:00:00Z');
}
const NEXT_TEXT = jsonText(nextReport());
const NEXT_BYTES = Buffer.byteLength(NEXT_TEXT);
const TXN1 = 'report.items[0].accounts[0].transactions[1]';

interface BookState { txns: unknown; accounts: unknown; infoAccounts: unknown; docs: Doc[] }

async function stateOf(book: Book): Promise<BookState> {
  const tx = await book.transactions();
  const info = await book.info();
  return { txns: tx.txns, accounts: tx.bank_accounts, infoAccounts: info.bank_accounts, docs: info.docs };
}

async function seededBook(): Promise<{ store: Store; book: Book; before: BookState }> {
  const store = await openStore(':memory:');
  const book = await store.book('acme');
  const [seed] = await book.ingest([seedFile]);
  assert.equal(seed?.status, 'VERIFICATION_COMPLETE', seed?.reason ?? '');
  return { store, book, before: await stateOf(book) };
}

/** Everything but the new document row is deep-equal to before; the new row is the returned document. */
async function assertBookUnchanged(book: Book, before: BookState, doc: Doc): Promise<void> {
  const now = await stateOf(book);
  assert.deepEqual(now.txns, before.txns);
  assert.deepEqual(now.accounts, before.accounts);
  assert.deepEqual(now.infoAccounts, before.infoAccounts);
  assert.deepEqual(now.docs.slice(0, before.docs.length), before.docs);
  assert.equal(now.docs.length, before.docs.length + 1, 'exactly one new document row');
  const stored = now.docs.at(-1)!;
  assert.deepEqual(
    [stored.pk, stored.status, stored.reason, stored.error_offset, stored.error_path],
    [doc.pk, doc.status, doc.reason, doc.error_offset, doc.error_path],
  );
}

interface Expected {
  status: 'FAILED' | 'REJECTED';
  /** What the reason must say about the problem (each must match). */
  says: RegExp[];
  offset?: number;
  /** Accepted JSON paths (first is preferred). */
  path?: string[];
  /** For syntax errors the offset is what counts; a path, when one is given, must be one of these. */
  pathIfAny?: string[];
}

function assertProblem(doc: Doc, label: string, expected: Expected): void {
  const reason = doc.reason ?? '';
  assert.equal(doc.status, expected.status, `status; reason: ${reason}`);
  assert.ok(reason.includes(label), `reason names ${label}: ${reason}`);
  for (const says of expected.says) assert.match(reason, says);
  if (expected.offset !== undefined) {
    assert.equal(doc.error_offset, expected.offset, `error_offset; reason: ${reason}`);
    assert.match(reason, new RegExp(`\\b${expected.offset}\\b`), 'reason gives the byte offset');
  }
  if (expected.path !== undefined) {
    assert.ok(expected.path.includes(doc.error_path ?? ''), `error_path ${doc.error_path} not in ${expected.path.join(' | ')}`);
    assert.ok(reason.includes(doc.error_path!), `reason gives the path: ${reason}`);
  }
  if (expected.pathIfAny !== undefined && doc.error_path !== null && doc.error_path !== '') {
    assert.ok(expected.pathIfAny.includes(doc.error_path), `error_path ${doc.error_path} not in ${expected.pathIfAny.join(' | ')}`);
  }
  assert.equal(doc.txn_count, 0);
}

/** Seeds a book, ingests `content` as a file, checks the answer and that the book did not move. */
async function ingestBad(name: string, content: string | Buffer, expected: Expected): Promise<void> {
  const file = await writeInput(dir, name, content);
  const { store, book, before } = await seededBook();
  try {
    const docs = await book.ingest([file]);
    assert.equal(docs.length, 1);
    assertProblem(docs[0]!, basename(file), expected);
    await assertBookUnchanged(book, before, docs[0]!);
  } finally {
    await store.close();
  }
}

function withNext(mutate: (doc: AssetReportDoc) => void): string {
  const doc = nextReport();
  mutate(doc);
  return jsonText(doc);
}

function setTxn1(field: string, value: unknown): string {
  return withNext((doc) => { txnsOf(doc)[1]![field] = value; });
}

const END = /truncat|input ends|unexpected end|end of (input|file|data|stream)|incomplete|unterminated/i;

describe('control: the seed and the unbroken next document', () => {
  test('seed gives 3 rows; the unbroken next pull (with a trailing newline) changes the book', async () => {
    const { store, book, before } = await seededBook();
    const amounts = (state: BookState) => (state.txns as Array<{ source_txn_id: string; amount: string }>)
      .map((t) => `${t.source_txn_id} ${t.amount}`);
    assert.deepEqual(amounts(before), ['seed-1 -89.40', 'seed-2 -12.00', 'seed-3 500.00']);
    const file = await writeInput(dir, 'next-ok.json', `${NEXT_TEXT}\n`);
    const [doc] = await book.ingest([file]);
    assert.equal(doc?.status, 'VERIFICATION_COMPLETE', doc?.reason ?? '');
    // seed-1 rewritten by the newer copy: 1 → -1.00; 4.33 → -4.33; 20 → -20.00. Ordered by date.
    assert.deepEqual(amounts(await stateOf(book)),
      ['seed-1 -1.00', 'seed-2 -12.00', 'seed-3 500.00', 'next-2 -4.33', 'next-3 -20.00']);
    await store.close();
  });
});

describe('truncated and malformed JSON → FAILED at the exact byte', () => {
  test('truncated mid-transaction', async () => {
    // Cut just before transactions[1]'s "transaction_id" key: the text ends with `"pending":false,`.
    const content = NEXT_TEXT.slice(0, NEXT_TEXT.indexOf('"transaction_id":"next-2"'));
    assert.ok(content.endsWith('"pending":false,'));
    // The scanner needs one more byte at offset = length of what it got (bytes, not characters: "Café €").
    await ingestBad('cut-mid-txn.json', content, {
      status: 'FAILED', says: [END], offset: Buffer.byteLength(content), pathIfAny: [TXN1],
    });
  });

  test('truncated mid-string', async () => {
    const at = NEXT_TEXT.indexOf('"original_description":"Starbucks"') + '"original_description":"Star'.length;
    const content = NEXT_TEXT.slice(0, at);
    assert.ok(content.endsWith('"Star'));
    await ingestBad('cut-mid-string.json', content, {
      status: 'FAILED', says: [END], offset: Buffer.byteLength(content), pathIfAny: [TXN1, `${TXN1}.original_description`],
    });
  });

  test('truncated by one byte (the last `}` missing)', async () => {
    assert.ok(NEXT_TEXT.endsWith('}'));
    await ingestBad('cut-last-byte.json', NEXT_TEXT.slice(0, -1), { status: 'FAILED', says: [END], offset: NEXT_BYTES - 1 });
  });

  test('a syntax error at a hand-counted byte', async () => {
    // Bytes: `{"report":` 0-9, `{` 10, `"client_report_id"` 11-28, `:` 29, `"` 30, `€€` 31-36 (3 bytes each),
    // `"` 37, `,` 38, `"items"` 39-45, `:` 46, `[` 47, `{` 48, `"accounts"` 49-58, `:` 59, `[` 60, `{` 61,
    // `"account_id"` 62-73, `;` 74. (Character offset would be 70.)
    const content = '{"report":{"client_report_id":"€€","items":[{"accounts":[{"account_id";"x"}]}]}}';
    await ingestBad('semicolon.json', content, {
      status: 'FAILED', says: [/unexpected|expected|invalid/i], offset: 74,
      pathIfAny: ['report.items[0].accounts[0].account_id', 'report.items[0].accounts[0]'],
    });
  });

  test('a malformed byte (0xFF) in the middle of a ~5 MB document', async () => {
    const bytes = largeAssetReportBuffer(5 * 2 ** 20);
    const at = bytes.indexOf('"transaction_id":', bytes.length >> 1) + '"transaction_id"'.length;
    assert.equal(String.fromCharCode(bytes[at]!), ':');
    bytes[at] = 0xff; // where the ':' was
    const prefix = bytes.subarray(0, at).toString('utf8');
    assert.notEqual(prefix.length, at, 'multi-byte text before the error: bytes and characters differ');
    await ingestBad('big-bad-byte.json', bytes, { status: 'FAILED', says: [/unexpected|invalid|malformed|expected/i], offset: at });
  });

  test('trailing garbage after the JSON', async () => {
    // `{…}` then a space, so the garbage starts one byte after the document.
    await ingestBad('garbage.json', `${NEXT_TEXT} xyz`, {
      status: 'FAILED', says: [/trailing|after|unexpected|extra/i], offset: NEXT_BYTES + 1,
    });
  });

  test('two documents concatenated', async () => {
    await ingestBad('twice.json', NEXT_TEXT + NEXT_TEXT, {
      status: 'FAILED', says: [/trailing|after|unexpected|extra/i], offset: NEXT_BYTES,
    });
  });
});

describe('wrongly typed values → FAILED with the JSON path', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['amount "abc"', setTxn1('amount', 'abc'), `${TXN1}.amount`, /abc/],
    ['amount null', setTxn1('amount', null), `${TXN1}.amount`, /null/],
    ['amount true', setTxn1('amount', true), `${TXN1}.amount`, /true/],
    ['date 20230101 as a number', setTxn1('date', 20230101), `${TXN1}.date`, /20230101/],
    ['date "2023-02-30"', setTxn1('date', '2023-02-30'), `${TXN1}.date`, /2023-02-30/],
  ];
  for (const [name, content, path, says] of cases) {
    test(name, () => ingestBad(`${name.replace(/\W+/g, '-')}.json`, content, { status: 'FAILED', says: [says], path: [path] }));
  }

  test('transactions is an object, not an array', async () => {
    const content = withNext((doc) => { accountOf(doc).transactions = { 'next-2': txnsOf(doc)[1] }; });
    await ingestBad('txns-object.json', content, {
      status: 'FAILED', says: [/array/i], path: ['report.items[0].accounts[0].transactions'],
    });
  });

  test('account_id missing on the account', async () => {
    const content = withNext((doc) => { delete accountOf(doc).account_id; });
    await ingestBad('no-account-id.json', content, {
      status: 'FAILED', says: [/account_id/, /missing|required|absent|nothing/i],
      path: ['report.items[0].accounts[0].account_id', 'report.items[0].accounts[0]'],
    });
  });

  const txget = (mutate: (txn: JsonObject) => void): string => {
    const doc = transactionsGet([{ id: 'g-1', amount: 28.34 }, { id: 'g-2', amount: 72.1 }, { id: 'g-3', amount: 5 }]);
    mutate((doc.transactions as JsonObject[])[1]!);
    return jsonText(doc);
  };

  test('/transactions/get: amount "abc"', () => ingestBad('txget-abc.json', txget((t) => { t.amount = 'abc'; }), {
    status: 'FAILED', says: [/abc/], path: ['transactions[1].amount'],
  }));

  test('/transactions/get: transaction without account_id', () => ingestBad('txget-no-account.json', txget((t) => { delete t.account_id; }), {
    status: 'FAILED', says: [/account_id/, /missing|required|absent|nothing/i], path: ['transactions[1].account_id', 'transactions[1]'],
  }));
});

describe('empty and unknown inputs', () => {
  test('empty file (0 bytes) → FAILED "empty"', () => ingestBad('empty.json', '', { status: 'FAILED', says: [/empty/i] }));
  test('whitespace only → FAILED', () => ingestBad('blank.json', ' \n\t \r\n', { status: 'FAILED', says: [/empty|whitespace|no (json|value)|before any value/i] }));
  test('top-level array → REJECTED, saying what was found and what was expected', () =>
    ingestBad('array.json', '[1,2]', { status: 'REJECTED', says: [/found.*array/i, /expected/i] }));
  const UNKNOWN = /format|unrecogni[sz]ed|unknown|not a known/i;
  test('{} → REJECTED (unknown format)', () => ingestBad('empty-object.json', '{}', { status: 'REJECTED', says: [UNKNOWN] }));
  test('{"hello":1} → REJECTED (unknown format)', () => ingestBad('hello.json', '{"hello":1}', { status: 'REJECTED', says: [UNKNOWN] }));
});

/** Ingests a valid document into a fresh store; returns the document and the txns by source id. */
async function ingestGood(name: string, content: string): Promise<{ doc: Doc; bySourceId: Map<string, { amount: string; description: string }> }> {
  const store = await openStore(':memory:');
  try {
    const book = await store.book('edge');
    const [doc] = await book.ingest([await writeInput(dir, name, content)]);
    assert.equal(doc?.status, 'VERIFICATION_COMPLETE', doc?.reason ?? '');
    const { txns } = await book.transactions();
    const bySourceId = new Map(txns.map((t: { source_txn_id: string; amount: string; description: string }) => [t.source_txn_id, t]));
    return { doc, bySourceId };
  } finally {
    await store.close();
  }
}

const amountsOf = (rows: Map<string, { amount: string }>, ids: string[]) => ids.map((id) => rows.get(id)?.amount);

describe('hard but valid inputs', () => {
  test('a description as long as one value may be (1 MiB of JSON) is stored intact', async () => {
    // Escapes, 2-, 3- and 4-byte UTF-8 (a surrogate pair), never cut in the middle, across the file's first 1 MiB
    // chunk. The transaction's other members take well under 1 KiB, so its text stays within the limit.
    const unit = 'Wire ref 0123456789 café € 😀 "quoted" back\\slash\ttab\nnewline / ';
    const unitBytes = Buffer.byteLength(JSON.stringify(unit)) - 2;
    const description = unit.repeat(Math.floor((2 ** 20 - 1024) / unitBytes));
    const { doc, bySourceId } = await ingestGood('big-description.json', jsonText(simpleAssetReport([
      { id: 'big', amount: 1, description }, { id: 'after', amount: 2 },
    ])));
    assert.equal(doc.txn_count, 2);
    const stored = bySourceId.get('big')?.description ?? '';
    assert.ok(stored === description, `description: stored ${stored.length} chars, expected ${description.length}`);
    assert.equal(bySourceId.get('after')?.amount, '-2.00'); // Plaid 2 (out) → -2.00
  });

  test('Plaid amounts are exact to the cent', async () => {
    const specs: TxnSpec[] = [
      { id: 'a', amount: 2307.21 }, // out → -2307.21
      { id: 'b', amount: 0.1 }, // out → -0.10
      { id: 'c', amount: -0.01 }, // in → 0.01
      { id: 'd', amount: raw('12345678901.23') }, // out → -12345678901.23 (1234567890123 cents)
      { id: 'e', amount: raw('1e2') }, // 100 out → -100.00
      { id: 'f', amount: raw('2.5e-1') }, // 0.25 out → -0.25
      { id: 'g', amount: raw('-0.0') }, // zero: no sign → 0.00
    ];
    const { doc, bySourceId } = await ingestGood('exact.json', jsonText(simpleAssetReport(specs)));
    assert.deepEqual(amountsOf(bySourceId, ['a', 'b', 'c', 'd', 'e', 'f', 'g']),
      ['-2307.21', '-0.10', '0.01', '-12345678901.23', '-100.00', '-0.25', '0.00']);
    assert.deepEqual(doc.warnings.filter((w: string) => /round/i.test(w)), [], 'nothing was rounded');
  });

  test('three decimals are rounded half away from zero, with a warning', async () => {
    const control = await ingestGood('two-decimals.json', jsonText(simpleAssetReport([{ id: 'r1', amount: 12.34 }])));
    const { doc, bySourceId } = await ingestGood('three-decimals.json', jsonText(simpleAssetReport([
      { id: 'r1', amount: 12.345 }, // canonical -12.345 → half away from zero → -12.35
      { id: 'r2', amount: 2.675 }, // -2.675 → -2.68 (a float would say 2.67499… → -2.67)
      { id: 'r3', amount: 1.005 }, // -1.005 → -1.01 (a float would say 1.00499… → -1.00)
      { id: 'r4', amount: -0.005 }, // money in 0.005 → 0.01
      { id: 'r5', amount: 12.344 }, // -12.344 → -12.34
    ])));
    assert.deepEqual(amountsOf(bySourceId, ['r1', 'r2', 'r3', 'r4', 'r5']), ['-12.35', '-2.68', '-1.01', '0.01', '-12.34']);
    assert.ok(doc.warnings.length > control.doc.warnings.length, `warnings: ${JSON.stringify(doc.warnings)}`);
    assert.ok(doc.warnings.some((w: string) => /12\.345|round/i.test(w)), `a warning about rounding: ${JSON.stringify(doc.warnings)}`);
  });
});

describe('streams behave like paths', () => {
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  async function ingestInto(input: Input, name?: string): Promise<{ doc: Doc; state: BookState; before: BookState }> {
    const { store, book, before } = await seededBook();
    try {
      const docs = await book.ingest([input], name === undefined ? undefined : { name });
      assert.equal(docs.length, 1);
      return { doc: docs[0]!, state: await stateOf(book), before };
    } finally {
      await store.close();
    }
  }

  test('a good document: path, fs Readable, chunked Readable and async iterable agree', async () => {
    const bytes = Buffer.from(NEXT_TEXT);
    const file = await writeInput(dir, 'next.json', bytes);
    const results = [
      await ingestInto(file),
      await ingestInto(createReadStream(file), 'next.json'),
      await ingestInto(readableOf(bytes, 5), 'next.json'),
      await ingestInto(chunksOf(bytes, 3), 'next.json'), // splits "€" and "é" across chunks
    ];
    for (const { doc, state } of results) {
      assert.equal(doc.status, 'VERIFICATION_COMPLETE', doc.reason ?? '');
      assert.deepEqual([doc.format, doc.source, doc.sha256, doc.bytes, doc.txn_count],
        ['PLAID_ASSET_REPORT', 'PLAID', sha256(bytes), bytes.length, 3]);
      assert.deepEqual(state.txns, results[0]!.state.txns);
      assert.deepEqual(state.accounts, results[0]!.state.accounts);
    }
  });

  test('a bad document: the same byte offset from a path and from 1-byte chunks', async () => {
    const bytes = Buffer.from('{"report":{"client_report_id":"€€","items":[{"accounts":[{"account_id";"x"}]}]}}');
    const file = await writeInput(dir, 'semicolon-stream.json', bytes);
    const runs: Array<[Input, string | undefined, string]> = [
      [file, undefined, basename(file)],
      [readableOf(bytes, 1), 'upload-1.json', 'upload-1.json'],
      [chunksOf(bytes, 1), 'upload-2.json', 'upload-2.json'],
    ];
    for (const [input, name, label] of runs) {
      const { doc, state, before } = await ingestInto(input, name);
      assertProblem(doc, label, { status: 'FAILED', says: [], offset: 74 }); // hand count above
      assert.deepEqual(state.txns, before.txns);
    }
  });

  test('a truncated stream fails like a truncated file', async () => {
    const content = Buffer.from(NEXT_TEXT.slice(0, -1));
    const { doc, state, before } = await ingestInto(chunksOf(content, 7), 'cut.json');
    assertProblem(doc, 'cut.json', { status: 'FAILED', says: [END], offset: NEXT_BYTES - 1 });
    assert.deepEqual(state.txns, before.txns);
  });

  test('a Readable that errors mid-way → FAILED, book unchanged', async () => {
    const half = Buffer.from(NEXT_TEXT).subarray(0, NEXT_BYTES >> 1);
    const { store, book, before } = await seededBook();
    try {
      const [doc] = await book.ingest([failingReadable(half, new Error('socket hang up'))], { name: 'remote.json' });
      assertProblem(doc!, 'remote.json', { status: 'FAILED', says: [/socket hang up/] });
      await assertBookUnchanged(book, before, doc!);
    } finally {
      await store.close();
    }
  });

  test('a nonexistent path → FAILED naming the path, book unchanged', async () => {
    const missing = join(dir, 'no-such-file.json');
    const { store, book, before } = await seededBook();
    try {
      const [doc] = await book.ingest([missing]);
      assertProblem(doc!, 'no-such-file.json', { status: 'FAILED', says: [/ENOENT|not found|no such file|does not exist|cannot (open|read)/i] });
      await assertBookUnchanged(book, before, doc!);
    } finally {
      await store.close();
    }
  });
});
