import { Decimal } from 'decimal.js';

/** An exact amount: integer cents, plus the decimal text it was read from (same sign). */
export interface Money {
  readonly cents: number;
  /** The exact decimal the source gave, in plain notation (no exponent). */
  readonly text: string;
  /** True when the source had more than two decimals and `cents` was rounded. */
  readonly rounded: boolean;
}

export class MoneyFormatError extends TypeError {}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const SCIENTIFIC = /^-?\d+(?:\.\d+)?[eE][+-]?\d+$/;
/** Integer parts up to 13 digits keep cents below 2^53, so plain number arithmetic stays exact. */
const MAX_INTEGER_DIGITS = 13;

/**
 * Reads a decimal number's text exactly, without passing through a binary float.
 * More than two decimals are rounded half away from zero to cents.
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
  const text = SCIENTIFIC.test(trimmed) ? new Decimal(trimmed).toFixed() : trimmed;
  const match = DECIMAL.exec(text);
  if (match === null) throw new MoneyFormatError(`not a decimal number: ${JSON.stringify(source)}`);
  const [, sign = '', integerDigits = '0', fraction = ''] = match;
  const integerPart = integerDigits.replace(/^0+(?=\d)/, '');
  if (integerPart.length > MAX_INTEGER_DIGITS) {
    throw new MoneyFormatError(`amount out of range: ${source}`);
  }
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
