import { dateOfEpochSeconds, type IsoDate } from '../src/core/dates.js';
import { FieldError, foundValue } from './field-error.js';
import { dateInRange, type SourceObject } from './fields.js';

/** Epoch seconds as an integer or a digit string; absent, null and 0 (a placeholder, not 1970) read as no date. */
export function optionalEpochDate<Field extends string>(record: SourceObject<Field>, field: NoInfer<Field>): IsoDate | null {
  const value = record[field];
  if (value === undefined || value === null || value === 0 || value === '0' || value === '') return null;
  const date = dateOfEpochSeconds(value);
  if (date === null) throw new FieldError(field, 'expected epoch seconds (an integer, or a string of digits)', foundValue(value));
  return dateInRange(date, field);
}

/** An id given as a string or an integer, as text; null when absent. */
export function optionalId<Field extends string>(record: SourceObject<Field>, field: NoInfer<Field>): string | null {
  const value = record[field];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new FieldError(field, 'expected an id (string or integer)', foundValue(value));
}

export function requiredEpochDate<Field extends string>(record: SourceObject<Field>, field: NoInfer<Field>): IsoDate {
  const date = optionalEpochDate(record, field);
  if (date === null) throw new FieldError(field, 'expected epoch seconds', foundValue(record[field]));
  return date;
}
