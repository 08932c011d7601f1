import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Decimal } from 'decimal.js';
import { formatCents, meanCents, MoneyRangeError, negateMoney, parseMoney } from '../src/core/money.js';
import { daysBetween, monthBounds, monthsFrom, nextMonth, toOcrolusMonth } from '../src/core/months.js';
import { parseExact, quoteAmounts, quoteMoneyNumbers } from '../src/sources/json/exact-numbers.js';

test('parseMoney reads decimal text exactly, to the cent', () => {
  // 2307.21 as a double is 2307.2099999999999; the text path must not care.
  assert.deepEqual(parseMoney('2307.21'), { cents: 230721, text: '2307.21', rounded: false });
  assert.deepEqual(parseMoney('0.1'), { cents: 10, text: '0.1', rounded: false });
  assert.deepEqual(parseMoney('-0.01'), { cents: -1, text: '-0.01', rounded: false });
  // 12345678901.23 has 13 significant digits: 1234567890123 cents, far below 2^53.
  assert.deepEqual(parseMoney('12345678901.23'), { cents: 1234567890123, text: '12345678901.23', rounded: false });
  assert.deepEqual(parseMoney('1200'), { cents: 120000, text: '1200', rounded: false });
  assert.deepEqual(parseMoney('1e2'), { cents: 10000, text: '100', rounded: false });
  assert.deepEqual(parseMoney('-1.5E-1'), { cents: -15, text: '-0.15', rounded: false });
});

test('more than two decimals round half away from zero, and say so', () => {
  assert.deepEqual(parseMoney('12.345'), { cents: 1235, text: '12.345', rounded: true });
  assert.deepEqual(parseMoney('-12.345'), { cents: -1235, text: '-12.345', rounded: true });
  assert.deepEqual(parseMoney('0.125'), { cents: 13, text: '0.125', rounded: true });
  assert.deepEqual(parseMoney('-0.125'), { cents: -13, text: '-0.125', rounded: true });
  assert.deepEqual(parseMoney('0.124999'), { cents: 12, text: '0.124999', rounded: true });
  assert.deepEqual(parseMoney('-0.004'), { cents: 0, text: '-0.004', rounded: true });
});

test('zero carries no sign, and junk is refused', () => {
  assert.equal(Object.is(parseMoney('-0.00').cents, 0), true);
  assert.equal(parseMoney('-0.00').text, '0.00');
  for (const bad of ['abc', '', '1,000.00', '12.', '.5', '--1', '1.2.3', 'NaN', 'Infinity']) {
    assert.throws(() => parseMoney(bad), /not a decimal number/, bad);
  }
  assert.throws(() => parseMoney('12345678901234.00'), /out of range/);
});

test('a number is judged by its text and never expanded: the range is 13 integer digits and 40 decimals', () => {
  // Each of these would be a billion digits long if written out.
  for (const huge of ['1e999999999', '-1E+999999999', '1e-999999999', '5.5e99999999999999999999']) {
    assert.throws(() => parseMoney(huge), (error: Error) => error instanceof MoneyRangeError && /amount out of range/.test(error.message), huge);
  }
  // Zero stays zero whatever its exponent; leading zeros of an exponent count for nothing.
  assert.deepEqual(parseMoney('0e999999999'), { cents: 0, text: '0', rounded: false });
  assert.deepEqual(parseMoney('1e0000000000000002'), { cents: 10000, text: '100', rounded: false });
  // 1e12 has 13 integer digits, 1e13 has 14; 9.99e-38 has 40 decimals, 9.99e-39 has 41.
  assert.deepEqual(parseMoney('1e12'), { cents: 100_000_000_000_000, text: '1000000000000', rounded: false });
  assert.throws(() => parseMoney('1e13'), MoneyRangeError);
  assert.equal(parseMoney('9.99e-38').text, `0.${'0'.repeat(37)}999`);
  assert.throws(() => parseMoney('9.99e-39'), MoneyRangeError);
  assert.throws(() => parseMoney(`1.${'0'.repeat(41)}`), MoneyRangeError, '41 decimals as written');
  // Out of range is not "not a number": 1e20 and 30 digits are numbers, too large ones.
  for (const large of ['1e20', '123456789012345678901234567890']) {
    assert.throws(() => parseMoney(large), (error: Error) => error instanceof MoneyRangeError, large);
  }
  assert.throws(() => parseMoney('1e'), (error: Error) => !(error instanceof MoneyRangeError) && /not a decimal number/.test(error.message));
});

test('negateMoney turns Plaid money-out into canonical money-in and back', () => {
  assert.deepEqual(negateMoney(parseMoney('89.4')), { cents: -8940, text: '-89.4', rounded: false });
  assert.deepEqual(negateMoney(parseMoney('-500')), { cents: 50000, text: '500', rounded: false });
  const zero = negateMoney(parseMoney('0'));
  assert.equal(Object.is(zero.cents, 0), true);
  assert.equal(zero.text, '0');
});

test('plain amounts (read digit by digit) and every other form agree with decimal arithmetic', () => {
  // Around the fast path's edges: 13 and 14 integer digits, leading zeros, one decimal, spaces, zeros.
  assert.deepEqual(parseMoney('9999999999999.99'), { cents: 999999999999999, text: '9999999999999.99', rounded: false });
  assert.throws(() => parseMoney('10000000000000'), /out of range/);
  assert.deepEqual(parseMoney('0012.30'), { cents: 1230, text: '0012.30', rounded: false });
  assert.deepEqual(parseMoney('00000000000001.5'), { cents: 150, text: '00000000000001.5', rounded: false });
  assert.deepEqual(parseMoney(' -12.3 '), { cents: -1230, text: '-12.3', rounded: false });
  assert.deepEqual(parseMoney('-0.10'), { cents: -10, text: '-0.10', rounded: false });
  assert.deepEqual(negateMoney(parseMoney('0.05')), { cents: -5, text: '-0.05', rounded: false });
  assert.deepEqual(negateMoney(parseMoney('-0.004')), { cents: 0, text: '0.004', rounded: true });
  assert.deepEqual(negateMoney(parseMoney('0.004')), { cents: 0, text: '-0.004', rounded: true });
  assert.equal(negateMoney(parseMoney('-000.00')).text, '000.00');
  // 20,000 random amounts of up to 15 integer digits and 4 decimals, against decimal.js (half away from zero).
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let i = 0; i < 20_000; i++) {
    const digits = (count: number) => Array.from({ length: count }, () => next(10)).join('');
    const text = `${next(2) === 0 ? '-' : ''}${digits(1 + next(15))}${next(4) === 0 ? '' : `.${digits(1 + next(4))}`}`;
    const exact = new Decimal(text);
    if (exact.abs().trunc().toFixed().length > 13) {
      assert.throws(() => parseMoney(text), /out of range/, text);
      continue;
    }
    const cents = exact.mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    const money = parseMoney(text);
    assert.equal(money.cents, cents === 0 ? 0 : cents, text);
    assert.equal(money.rounded, (text.split('.')[1] ?? '').length > 2, text);
    assert.equal(negateMoney(money).cents, cents === 0 ? 0 : -cents, text);
    assert.equal(new Decimal(negateMoney(money).text).eq(exact.neg()), true, text);
  }
});

test('formatCents writes two decimals and never a negative zero', () => {
  assert.equal(formatCents(130289), '1302.89');
  assert.equal(formatCents(-53466), '-534.66');
  assert.equal(formatCents(-5), '-0.05');
  assert.equal(formatCents(-0), '0.00');
  assert.equal(formatCents(1234567890123), '12345678901.23');
});

test('money numbers keep their text through JSON.parse; other numbers and strings do not change', () => {
  const json = '{"amount": 2307.21,"x":{"current":-0.10},"count":3,"name":"\\"amount\\": 5","balance":"-1234.56","limit":null}';
  assert.equal(
    quoteMoneyNumbers(json),
    '{"amount": "2307.21","x":{"current":"-0.10"},"count":3,"name":"\\"amount\\": 5","balance":"-1234.56","limit":null}',
  );
  assert.deepEqual(parseExact('[{"amount":1e2},{"ending":12345678901.23}]'), [{ amount: '1e2' }, { ending: '12345678901.23' }]);
});

test('transaction batches keep the exact text of every amount', () => {
  const batch = '[{"amount":0.1,"balance":7},{"name":"x","amount" : -12345678901.23},{"amount":"12.50"}]';
  assert.deepEqual(JSON.parse(quoteAmounts(batch)), [{ amount: '0.1', balance: 7 }, { name: 'x', amount: '-12345678901.23' }, { amount: '12.50' }]);
});

test('calendar dates are checked against the calendar', async () => {
  const { isIsoDate } = await import('../src/core/dates.js');
  for (const good of ['2024-02-29', '2023-12-31', '2023-01-01', '2023-04-30']) assert.equal(isIsoDate(good), true, good);
  for (const bad of ['2023-02-29', '2023-02-30', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '2023-1-01', '20230101', 20230101]) {
    assert.equal(isIsoDate(bad), false, String(bad));
  }
});

test('meanCents is exact and rounds half away from zero', () => {
  // 0.125 → 0.13 and −0.125 → −0.13 (SPEC §4); half-even would give 0.12, Math.round −0.12.
  assert.equal(meanCents(25, 2), 13n);
  assert.equal(meanCents(-25, 2), -13n);
  // 0.0033… → 0.00; 0.0066… → 0.01; −0.005 → −0.01.
  assert.equal(meanCents(1, 3), 0n);
  assert.equal(meanCents(2, 3), 1n);
  assert.equal(meanCents(-1, 2), -1n);
  // No binary float: 9007199254740993 cents (past 2^53) over 1.
  assert.equal(meanCents(9007199254740993n, 1), 9007199254740993n);
  assert.equal(meanCents(0, 5), 0n);
  assert.equal(meanCents(100, 0), null);
  assert.equal(formatCents(meanCents(-1, 3)!), '0.00', 'a mean rounding to zero prints without a sign');
});

test('month helpers walk the calendar, leap years included', () => {
  assert.deepEqual(monthsFrom('2023-11', '2024-02'), ['2023-11', '2023-12', '2024-01', '2024-02']);
  assert.deepEqual(monthsFrom('2024-03', '2024-03'), ['2024-03']);
  assert.equal(nextMonth('2024-12'), '2025-01');
  assert.deepEqual(monthBounds('2024-02'), { first: '2024-02-01', last: '2024-02-29' });
  assert.deepEqual(monthBounds('2023-02'), { first: '2023-02-01', last: '2023-02-28' });
  // 2024-01-01 → 2024-02-15: 30 days to Jan 31, then 15.
  assert.equal(daysBetween('2024-01-01', '2024-02-15'), 45);
  assert.equal(daysBetween('2024-03-10', '2024-03-10'), 0);
  assert.equal(toOcrolusMonth('2024-02'), '02/2024');
});
