import type { IsoDate } from './dates.js';

/** A calendar month, `YYYY-MM` inside bookstream (Ocrolus writes `MM/YYYY`). */
export type IsoMonth = string;

export function monthOf(date: IsoDate): IsoMonth {
  return date.slice(0, 7);
}

/** Every month from `first` to `last` inclusive, in order. */
export function monthsFrom(first: IsoMonth, last: IsoMonth): IsoMonth[] {
  const months: IsoMonth[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) months.push(month);
  return months;
}

/** The month after `month`. */
export function nextMonth(month: IsoMonth): IsoMonth {
  const [year, number] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return number === 12 ? isoMonth(year + 1, 1) : isoMonth(year, number + 1);
}

/** The first and last day of a month. */
export function monthBounds(month: IsoMonth): { readonly first: IsoDate; readonly last: IsoDate } {
  const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(lastDay).padStart(2, '0')}` };
}

/** Whole days from `from` to `to` (0 when equal). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Ocrolus month keys are `MM/YYYY`. */
export function toOcrolusMonth(month: IsoMonth): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

function isoMonth(year: number, month: number): IsoMonth {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}
