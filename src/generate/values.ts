/**
 * Money and dates as the formats write them, built from integers only: amounts from integer cents,
 * dates from integer day numbers (days since 1970-01-01), so nothing passes through a binary float.
 */
export const SECONDS_PER_DAY = 86_400;

/** A JSON number the way Plaid writes amounts: `12`, `89.4`, `-1302.89`. */
export function amountText(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = Math.abs(cents);
  const whole = Math.floor(magnitude / 100);
  const fraction = magnitude % 100;
  if (fraction === 0) return `${sign}${whole}`;
  if (fraction % 10 === 0) return `${sign}${whole}.${fraction / 10}`;
  return `${sign}${whole}.${String(fraction).padStart(2, '0')}`;
}

/** Always two decimals (`-534.60`), as Finicity's examples write some amounts. */
export function twoDecimalText(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = Math.abs(cents);
  return `${sign}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

/** The day number of a calendar date. */
export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / (SECONDS_PER_DAY * 1000);
}

/** `YYYY-MM-DD` of a day number. */
export function isoDay(day: number): string {
  return new Date(day * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
}

/** Finicity's epoch seconds for a day: 06:00 UTC, a US-Central midnight, whose UTC date is the day itself. */
export function epochSeconds(day: number): number {
  return day * SECONDS_PER_DAY + 6 * 3600;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (day + 4) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(day: number): boolean {
  const dow = weekday(day);
  return dow === 0 || dow === 6;
}

/** The month (year * 12 + month - 1) a day falls in: months are integers too. */
export function monthOf(day: number): number {
  const date = new Date(day * SECONDS_PER_DAY * 1000);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** The day number of the first day of a month given as year * 12 + month - 1. */
export function firstDayOfMonth(month: number): number {
  return dayNumber(Math.floor(month / 12), (month % 12) + 1, 1);
}
