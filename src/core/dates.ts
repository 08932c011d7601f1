import { FIRST_DATE, LAST_DATE } from './limits.js';

/** Calendar dates are `YYYY-MM-DD` strings inside bookstream: no time zone, no drift. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECONDS_PER_DAY = 86_400;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  // Days up to 28 exist in every month: only the rest need the calendar (runs once per transaction).
  return month >= 1 && month <= 12 && day >= 1 && (day <= 28 || day <= daysInMonth(Number(value.slice(0, 4)), month));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether a calendar date lies in the range bookstream accepts (core/limits.ts). */
export function isDateInRange(date: IsoDate): boolean {
  return date >= FIRST_DATE && date <= LAST_DATE;
}

/** The calendar date of an ISO timestamp as written ("2023-03-30T18:27:37Z" is 2023-03-30); null outside the range. */
export function dateOfTimestamp(value: unknown): IsoDate | null {
  if (typeof value !== 'string') return null;
  const date = value.slice(0, 10);
  return isIsoDate(date) && isDateInRange(date) ? date : null;
}

/** Years a calendar date can hold: beyond 9999 an epoch value is a mistake (milliseconds, say), not a date. */
const MAX_EPOCH_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z

/**
 * The UTC calendar date of Unix epoch seconds, given as an integer or a string of digits (Finicity
 * sends both). Read in UTC as SPEC §3 says: 1583906400 (2020-03-11T06:00Z, a US midnight) is 2020-03-11.
 */
export function dateOfEpochSeconds(value: unknown): IsoDate | null {
  const seconds = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > MAX_EPOCH_SECONDS) return null;
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** Ocrolus writes dates as `MM/DD/YYYY`. */
export function toOcrolusDate(date: IsoDate): string {
  return `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;
}

/** A moment as Ocrolus writes it: `created` is its UTC date `MM/DD/YYYY`, `created_ts` the full time (ISO 8601, UTC). */
export interface CreatedFields {
  readonly created: string;
  readonly created_ts: string;
}

/** From a UTC timestamp as SQLite's CURRENT_TIMESTAMP stores it ("2024-03-10 12:00:00"), or as toISOString writes it. */
export function createdFields(timestamp: string): CreatedFields {
  const [date, time] = [timestamp.slice(0, 10), timestamp.slice(11, 19)];
  return { created: toOcrolusDate(date), created_ts: `${date}T${time}Z` };
}

/** The calendar day before `date`. */
export function dayBefore(date: IsoDate): IsoDate {
  const time = Date.parse(`${date}T00:00:00Z`) - SECONDS_PER_DAY * 1000;
  return new Date(time).toISOString().slice(0, 10);
}
