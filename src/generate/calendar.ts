/**
 * The days a generated book spans: whole calendar months ending with LAST_MONTH, one of them (never the
 * first or the last) left without any transaction, so that activity figures have a gap to find.
 */
import { Random } from './random.js';
import { dayNumber, firstDayOfMonth, isWeekend, monthOf } from './values.js';

/** Every book ends on 2024-06-30: a fixed end keeps the output the same whatever day it is generated. */
export const LAST_DAY = dayNumber(2024, 6, 30);

export class Calendar {
  readonly firstDay: number;
  readonly lastDay = LAST_DAY;
  readonly days: number;
  readonly months: number;
  /** The month (year * 12 + month - 1) without transactions; null for books under 3 months. */
  readonly gapMonth: number | null;
  private readonly gapFirst: number;
  private readonly gapLast: number;

  constructor(months: number, random: Random) {
    const lastMonth = monthOf(LAST_DAY);
    this.months = months;
    this.firstDay = firstDayOfMonth(lastMonth - months + 1);
    this.days = LAST_DAY - this.firstDay + 1;
    this.gapMonth = months >= 3 ? lastMonth - months + 1 + random.int(1, months - 2) : null;
    this.gapFirst = this.gapMonth === null ? Infinity : firstDayOfMonth(this.gapMonth);
    this.gapLast = this.gapMonth === null ? -Infinity : firstDayOfMonth(this.gapMonth + 1) - 1;
  }

  /** A day that may hold transactions: inside the span, outside the gap month. */
  isActive(day: number): boolean {
    return day >= this.firstDay && day <= this.lastDay && !(day >= this.gapFirst && day <= this.gapLast);
  }

  /** Banks post ACH (payroll, rent, lender debits, transfers) on business days only. */
  isBusinessDay(day: number): boolean {
    return this.isActive(day) && !isWeekend(day);
  }

  /** The first business day on or after `day` within the span, or null. */
  businessDayFrom(day: number): number | null {
    for (let d = day; d <= this.lastDay; d++) if (this.isBusinessDay(d)) return d;
    return null;
  }

  /** Each month of the span as [first day, last day], the gap month included. */
  monthSpans(): Array<readonly [number, number]> {
    const spans: Array<readonly [number, number]> = [];
    const first = monthOf(this.firstDay);
    for (let month = first; month < first + this.months; month++) {
      spans.push([firstDayOfMonth(month), Math.min(firstDayOfMonth(month + 1) - 1, this.lastDay)]);
    }
    return spans;
  }
}
