import { MAX_MONEY_DECIMALS, MAX_MONEY_INTEGER_DIGITS } from './limits.js';

/** An exact amount: integer cents, plus the decimal text it was read from (same sign). */
export interface Money {
  readonly cents: number;
  /** The exact decimal the source gave, in plain notation (no exponent). */
  readonly text: string;
  /** True when the source had more than two decimals and `cents` was rounded. */
  readonly rounded: boolean;
}

/** The text is not a decimal number. */
export class MoneyFormatError extends TypeError {}

/** A decimal number past the money limits (core/limits.ts). */
export class MoneyRangeError extends MoneyFormatError {}

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?)(\d+))?$/;
const MAX_INTEGER_DIGITS = MAX_MONEY_INTEGER_DIGITS;

/**
 * Reads a decimal number's text exactly, without passing through a binary float.
 * More than two decimals are rounded half away from zero to cents. The number is judged by its text and
 * never expanded: `1e999999999` is out of range at once (MoneyRangeError), not a billion digits long.
 */
export function parseMoney(source: string): Money {
  return plainMoney(source) ?? parseAnyMoney(source);
}

/**
 * The common case, read digit by digit without regular expressions (300k amounts in a 200 MB report): a
 * non-zero `-?D.DD` with at most 13 integer digits and 2 decimals, nothing around it. Null otherwise.
 */
function plainMoney(text: string): Money | null {
  const negative = text.charCodeAt(0) === 0x2d;
  const wholeStart = negative ? 1 : 0;
  let k = wholeStart;
  let whole = 0;
  for (let digit = digitAt(text, k); digit >= 0; digit = digitAt(text, ++k)) whole = whole * 10 + digit;
  const wholeDigits = k - wholeStart;
  if (wholeDigits === 0 || wholeDigits > MAX_INTEGER_DIGITS) return null;
  let cents = 0;
  if (k < text.length) {
    const decimals = text.length - k - 1;
    if (text.charCodeAt(k) !== 0x2e || decimals < 1 || decimals > 2) return null;
    const tenths = digitAt(text, k + 1);
    const hundredths = decimals === 2 ? digitAt(text, k + 2) : 0;
    if (tenths < 0 || hundredths < 0) return null;
    cents = tenths * 10 + hundredths;
  }
  const magnitude = whole * 100 + cents;
  if (magnitude === 0) return null; // zero's sign and text are parseAnyMoney's
  return { cents: negative ? -magnitude : magnitude, text, rounded: false };
}

/** The digit at text[k], or -1 (past the end too). */
function digitAt(text: string, k: number): number {
  const digit = text.charCodeAt(k) - 0x30; // NaN past the end
  return digit >= 0 && digit <= 9 ? digit : -1;
}

function parseAnyMoney(source: string): Money {
  const trimmed = source.trim();
  const match = NUMBER.exec(trimmed);
  if (match === null) throw new MoneyFormatError(`not a decimal number: ${JSON.stringify(shortened(source))}`);
  const [, sign = '', integerDigits = '0', fraction = '', exponentSign, exponentDigits] = match;
  const plain = exponentDigits === undefined ? { integerDigits, fraction } : shifted(integerDigits, fraction, exponentSign === '-', exponentDigits, source);
  const integerPart = plain.integerDigits.replace(/^0+(?=\d)/, '');
  if (integerPart.length > MAX_INTEGER_DIGITS || plain.fraction.length > MAX_MONEY_DECIMALS) throw outOfRange(source);
  const text = exponentDigits === undefined ? trimmed : `${sign}${integerPart}${plain.fraction === '' ? '' : `.${plain.fraction}`}`;
  return centsOf(sign, integerPart, plain.fraction, text);
}

/**
 * `digits.fraction × 10^±exponent` written without the exponent, as long as the result stays within the limits:
 * an exponent that would make it longer is out of range before any digit is written.
 */
function shifted(integerDigits: string, fraction: string, negative: boolean, exponentDigits: string, source: string): { integerDigits: string; fraction: string } {
  const digits = `${integerDigits}${fraction}`;
  const firstSignificant = digits.search(/[1-9]/);
  if (firstSignificant < 0) return { integerDigits: '0', fraction: '' }; // zero, whatever the exponent
  const exponentText = exponentDigits.replace(/^0+(?=\d)/, '');
  const room = MAX_INTEGER_DIGITS + MAX_MONEY_DECIMALS + digits.length;
  if (exponentText.length > String(room).length || Number(exponentText) > room) throw outOfRange(source);
  const point = integerDigits.length + (negative ? -Number(exponentText) : Number(exponentText));
  if (point - firstSignificant > MAX_INTEGER_DIGITS) throw outOfRange(source);
  if (point <= 0) return { integerDigits: '0', fraction: `${'0'.repeat(-point)}${digits}` };
  if (point >= digits.length) return { integerDigits: `${digits}${'0'.repeat(point - digits.length)}`, fraction: '' };
  return { integerDigits: digits.slice(0, point), fraction: digits.slice(point) };
}

function outOfRange(source: string): MoneyRangeError {
  return new MoneyRangeError(
    `amount out of range: ${shortened(source)} (money values may have at most ${MAX_INTEGER_DIGITS} integer digits and ${MAX_MONEY_DECIMALS} decimal places)`,
  );
}

/** Error messages quote at most 40 characters of a value. */
function shortened(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function centsOf(sign: string, integerPart: string, fraction: string, text: string): Money {
  const rounded = fraction.length > 2;
  const roundUp = rounded && fraction.charCodeAt(2) >= 0x35; // third decimal >= '5'
  const magnitude = Number(integerPart) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0')) + (roundUp ? 1 : 0);
  const cents = sign === '-' && magnitude !== 0 ? -magnitude : magnitude;
  return { cents, text: canonicalZero(text), rounded };
}

/** The same amount with the opposite sign (Plaid's "positive = money out" turned around). */
export function negateMoney(money: Money): Money {
  const cents = money.cents === 0 ? 0 : -money.cents;
  // Only a zero amount can be written with a sign it must lose; and one in cents, "0.004", keeps its sign.
  const text = money.text.startsWith('-') ? money.text.slice(1) : money.cents === 0 ? canonicalZero(`-${money.text}`) : `-${money.text}`;
  return { cents, text, rounded: money.rounded };
}

/** Cents as the two-decimal string every money value leaves the program as ("-534.66"). */
export function formatCents(cents: number | bigint): string {
  const value = BigInt(cents);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / 100n;
  const fraction = (magnitude % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * The exact mean of `count` amounts summing to `sumCents`, rounded half away from zero to cents
 * (0.125 → 0.13, −0.125 → −0.13), or null for a mean over nothing. BigInt, so no float is involved.
 */
export function meanCents(sumCents: number | bigint, count: number | bigint): bigint | null {
  const divisor = BigInt(count);
  if (divisor === 0n) return null;
  const sum = BigInt(sumCents);
  const magnitude = ((sum < 0n ? -sum : sum) * 2n + divisor) / (divisor * 2n);
  return sum < 0n ? -magnitude : magnitude;
}

/** "-0", "-0.00" and the like carry no sign: an amount of zero is written without one. */
function canonicalZero(text: string): string {
  return /^-0*(?:\.0*)?$/.test(text) ? text.slice(1) : text;
}
