import { isDateInRange, isIsoDate, type IsoDate } from '../src/core/dates.js';
import { FIRST_DATE, LAST_DATE } from '../src/core/limits.js';
import { MoneyRangeError, parseMoney, type Money } from '../src/core/money.js';
import { FieldError, foundValue } from './field-error.js';

/**
 * Readers for the fields of a parsed source object; each throws a FieldError naming the field. An object
 * typed with the keys a reader picked (`SourceObject<PlaidTransactionField>`) takes no other field name.
 */
export type SourceObject<Field extends string = string> = Readonly<Record<Field, unknown>>;

export function asObject<Field extends string = string>(value: unknown, field: string): SourceObject<Field> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as SourceObject<Field>;
  throw new FieldError(field, 'expected an object', foundValue(value));
}

export function asArray(value: unknown, field: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw new FieldError(field, 'expected an array', foundValue(value));
}

export function requiredString<Field extends string>(record: SourceObject<Field>, field: NoInfer<Field>): string {
  const value = record[field];
  if (typeof value === 'string' && value !== '') return value;
  throw new FieldError(field, 'expected a non-empty string', foundValue(value));
}

export function optionalString<Field extends string>(record: SourceObject<Field>, field: NoInfer<Field>): string | null {
  const value = record[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  throw new FieldError(field, 'expected a string', foundValue(value));
}

/** Ids may come as strings or integers (Finicity drifts between the two): compared as strings. */
export function requiredId<Field extends string>(record: SourceObject<Field>, field: NoInfer<Field>): string {
  const value = record[field];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  throw new FieldError(field, 'expected an id (string or integer)', foundValue(value));
}

export function requiredDate<Field extends string>(record: SourceObject<Field>, field: NoInfer<Field>): IsoDate {
  const value = record[field];
  if (isIsoDate(value)) return dateInRange(value, field);
  throw new FieldError(field, 'expected a calendar date YYYY-MM-DD', foundValue(value));
}

/** A calendar date inside the range bookstream accepts; a date outside it is a data error, not history. */
export function dateInRange(date: IsoDate, field: string): IsoDate {
  if (isDateInRange(date)) return date;
  throw new FieldError(field, `date out of range: ${date} (bookstream accepts ${FIRST_DATE} to ${LAST_DATE})`);
}

export function optionalBoolean<Field extends string>(record: SourceObject<Field>, field: NoInfer<Field>): boolean | null {
  const value = record[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value;
  throw new FieldError(field, 'expected true or false', foundValue(value));
}

/**
 * A money field. bookstream's readers hand money as the exact text of the JSON number (see
 * sources/json/exact-numbers.ts); a JS number is accepted for callers that parsed JSON themselves,
 * and is exact only up to 15 significant digits.
 */
export function requiredMoney<Field extends string>(record: SourceObject<Field>, field: NoInfer<Field>): Money {
  const value = record[field];
  const money = value === undefined || value === null ? null : moneyOf(value, field);
  if (money === null) throw new FieldError(field, 'expected a decimal number', foundValue(value));
  return money;
}

export function optionalMoney<Field extends string>(record: SourceObject<Field>, field: NoInfer<Field>): Money | null {
  const value = record[field];
  return value === undefined || value === null ? null : moneyOf(value, field);
}

function moneyOf(value: unknown, field: string): Money {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new FieldError(field, 'expected a decimal number', foundValue(value));
  }
  try {
    return parseMoney(String(value));
  } catch (error) {
    if (error instanceof MoneyRangeError) throw new FieldError(field, error.message);
    throw new FieldError(field, 'expected a decimal number', foundValue(value));
  }
}
