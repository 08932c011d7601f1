import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

// Checks the rules shipped in data/rules/ against SPEC §4a and the asks, on their own:
// nothing here comes from src/, so a fault in the product's matcher cannot hide a fault in the data.

const read = (file: string): unknown => JSON.parse(readFileSync(new URL(`../data/rules/${file}`, import.meta.url), 'utf8'));
const KINDS = ['alternative_lender', 'merchant_cash_advance', 'factoring', 'debt_consolidator'];
const TERM_KEYS = ['nsf', 'nsf_categories', 'nsf_excluded', 'fee_reversal', 'transfer_in', 'wire', 'non_revenue'];

interface Lender { name: string; kinds: string[]; aliases?: string[] }
const lendersFile = read('lenders.json') as { lenders: Lender[] };
const lenders = lendersFile.lenders;
const terms = read('terms.json') as Record<string, string[]>;

/** SPEC §4a: a–z to upper case, keep A–Z and 0–9, every other character a space, split on spaces. */
function tokens(text: string): string[] {
  let out = '';
  for (const ch of text) {
    if (ch >= 'a' && ch <= 'z') out += ch.toUpperCase();
    else if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) out += ch;
    else out += ' ';
  }
  return out.split(' ').filter((t) => t !== '');
}
/** A term matches a text when its tokens occur as a contiguous run in the text's tokens. */
function matches(term: string, text: string): boolean {
  const t = tokens(term);
  const s = tokens(text);
  for (let i = 0; i + t.length <= s.length; i++) if (t.every((tok, j) => s[i + j] === tok)) return true;
  return false;
}
const aliasesOf = (l: Lender): string[] => [l.name, ...(l.aliases ?? [])];
const lendersOf = (text: string): string[] => lenders.filter((l) => aliasesOf(l).some((a) => matches(a, text))).map((l) => l.name);
const anyTerm = (key: string, text: string): boolean => (terms[key] ?? []).some((t) => matches(t, text));

test('lenders.json has the shape of SPEC §4a', () => {
  assert.equal(typeof lendersFile === 'object' && lendersFile !== null && !Array.isArray(lendersFile), true);
  assert.deepEqual(Object.keys(lendersFile), ['lenders']);
  assert.ok(Array.isArray(lenders));
  for (const l of lenders as unknown[]) {
    assert.ok(typeof l === 'object' && l !== null && !Array.isArray(l), `lender ${JSON.stringify(l)} is not an object`);
    const { name, kinds, aliases } = l as Record<string, unknown>;
    assert.ok(typeof name === 'string' && name.trim() !== '', `lender ${JSON.stringify(l)} has no name`);
    assert.ok(Array.isArray(kinds) && kinds.length > 0, `${name}: kinds must be a non-empty array`);
    assert.ok(kinds.every((k) => KINDS.includes(k as string)), `${name}: unknown kind in ${JSON.stringify(kinds)}`);
    assert.equal(new Set(kinds).size, kinds.length, `${name}: a kind twice`);
    assert.ok(aliases === undefined || (Array.isArray(aliases) && aliases.every((a) => typeof a === 'string')), `${name}: aliases`);
  }
});

test('each kind has at least the number of lenders the issue asks for', () => {
  const count = (kind: string) => lenders.filter((l) => l.kinds.includes(kind)).length;
  assert.ok(count('alternative_lender') >= 40, `alternative_lender: ${count('alternative_lender')}`);
  assert.ok(count('merchant_cash_advance') >= 60, `merchant_cash_advance: ${count('merchant_cash_advance')}`);
  assert.ok(count('factoring') >= 20, `factoring: ${count('factoring')}`);
  assert.ok(count('debt_consolidator') >= 15, `debt_consolidator: ${count('debt_consolidator')}`);
});

test('every name and alias has two characters or more and a letter or digit', () => {
  for (const l of lenders) for (const a of aliasesOf(l)) {
    assert.ok(a.trim().length >= 2 && /[A-Za-z0-9]/.test(a), `${l.name}: alias ${JSON.stringify(a)}`);
  }
});

test('no alias, once tokenized, belongs to two lenders (names count as aliases)', () => {
  const owner = new Map<string, string>();
  for (const l of lenders) for (const a of aliasesOf(l)) {
    const key = tokens(a).join(' ');
    const other = owner.get(key);
    if (other !== undefined && other !== l.name) assert.fail(`alias "${key}" is claimed by ${other} and ${l.name}`);
    owner.set(key, l.name);
  }
  assert.equal(new Set(lenders.map((l) => tokens(l.name).join(' '))).size, lenders.length, 'two lenders share a name');
});

test('no alias is a lone ordinary word that the issue rules out', () => {
  const ordinary = new Set(['CAPITAL', 'FUNDING', 'FORWARD', 'PEARL', 'EVEREST', 'KNIGHT', 'APEX', 'FLEET', 'SQUARE', 'STRIPE',
    'CAN', 'PIPE', 'YELLOWSTONE', 'FINANCIAL', 'FINANCE', 'ADVANCE', 'BUSINESS', 'PAYPAL', 'SHOPIFY', 'AMAZON', 'RAPID', 'NATIONAL']);
  for (const l of lenders) for (const a of aliasesOf(l)) assert.ok(!ordinary.has(tokens(a).join(' ')), `${l.name}: alias ${a}`);
});

test('terms.json has exactly the seven lists, each non-empty, each term with a letter or digit', () => {
  assert.deepEqual(Object.keys(terms).sort(), [...TERM_KEYS].sort());
  for (const key of TERM_KEYS) {
    const list: unknown = terms[key];
    assert.ok(Array.isArray(list) && list.length > 0, `${key} is not a non-empty list`);
    for (const t of list) assert.ok(typeof t === 'string' && /[A-Za-z0-9]/.test(t), `${key}: ${JSON.stringify(t)}`);
  }
});

test('real descriptions find their lender, including 16-character NACHA company names cut mid-word', () => {
  assert.deepEqual(lendersOf('ORIG CO NAME:LIBERTAS FUNDIN ORIG ID:9000000001 CO ENTRY DESCR:ACH PMT SEC:CCD'), ['Libertas Funding']);
  // The company name field holds 16 characters: 'YELLOWSTONE CAPITAL LLC' arrives as 'YELLOWSTONE CAPI'.
  assert.deepEqual(lendersOf(`${'YELLOWSTONE CAPITAL LLC'.slice(0, 16)} DES:DEBIT ID:XXXXX4411 INDN:ACME PLUMBING`), ['Yellowstone Capital']);
  assert.deepEqual(lendersOf(`${'FORWARD FINANCING LLC'.slice(0, 16)} DES:PAYMENT`), ['Forward Financing']);
  assert.deepEqual(lendersOf(`${'RTS FINANCIAL SERVICE'.slice(0, 16)} DES:ADVANCE`), ['RTS Financial']);
  assert.deepEqual(lendersOf(`${'NATIONAL DEBT RELIEF'.slice(0, 16)} DES:DRAFT`), ['National Debt Relief']);
  assert.deepEqual(lendersOf('Kabbage Inc Loan Pymt'), ['Kabbage']);
});

test('a whole-token near miss matches nothing, and card-processor payouts are not loans', () => {
  assert.deepEqual(lendersOf('GREENPATH DMP PAYMENT'), ['GreenPath Financial Wellness']);
  assert.deepEqual(lendersOf('GREENPATHS LANDSCAPING LLC'), []); // GREENPATH is only the start of the token GREENPATHS
  assert.deepEqual(lendersOf('AMERICAN CAPITAL GROUP'), []); // CAN CAPITAL: CAN is only the end of AMERICAN
  for (const payout of ['SQUARE INC DES:SQ240803 ID:T3XXXX', 'STRIPE DES:TRANSFER', 'PAYPAL DES:TRANSFER', 'SHOPIFY DES:TRANSFER']) {
    assert.deepEqual(lendersOf(payout), [], payout);
  }
});

test('terms sort typical US bank descriptions as SPEC §4a intends', () => {
  assert.ok(anyTerm('nsf', 'OVERDRAFT ITEM FEE FOR CHECK 1234'));
  assert.ok(anyTerm('nsf', 'NSF RETURN ITEM FEE'));
  assert.ok(!anyTerm('nsf', 'CHECK 1234')); // the overdrawn item itself is no fee
  assert.ok(anyTerm('nsf_excluded', 'OVERDRAFT PROTECTION TRANSFER FROM SAV 7310'));
  assert.ok(anyTerm('fee_reversal', 'OVERDRAFT FEE REFUND'));
  assert.ok((terms.nsf_categories ?? []).includes(['Bank Fees', 'Overdraft'].join(', ').toUpperCase()));
  assert.ok(anyTerm('transfer_in', 'Online Transfer from CHK 1234'));
  assert.ok(!anyTerm('transfer_in', 'Zelle payment from JOHN SMITH')); // customers pay by Zelle: see data/rules/README.md
  assert.ok(anyTerm('wire', 'FEDWIRE CREDIT VIA: JPMORGAN CHASE BANK'));
  assert.ok(anyTerm('non_revenue', 'IRS TREAS 310 TAX REF'));
});
