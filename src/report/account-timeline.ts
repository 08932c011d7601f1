import type { Activity, MonthRun } from '../analytics/activity.js';
import type { AccountFigures, DateRange } from '../analytics/book-figures.js';
import type { PeriodFigures } from '../analytics/periods.js';
import { toOcrolusDate } from '../core/dates.js';
import { formatCents } from '../core/money.js';
import { toOcrolusMonth, type IsoMonth } from '../core/months.js';

type Money = string;
type ByMonth<T> = Record<string, T>;

/**
 * What an account's figures say about its time, in the Ocrolus shapes: its statement periods, the runs of
 * months with and without activity, and the span of its transactions. The summary's accounts and the
 * `/transaction` object's accounts both carry these (SPEC §4, §5).
 */
export interface AccountTimeline {
  periods: PeriodObject[];
  activity_info: ActivityInfo;
  date_min_max: DateMinMax;
}

export interface PeriodObject {
  pk: number | null;
  begin_date: string;
  end_date: string;
  begin_balance: Money | null;
  end_balance: Money | null;
  calculated_end_balance: Money | null;
  period_month_days: ByMonth<number>;
  period_month_txns: ByMonth<number>;
}

export interface ActivityInfo {
  active: MonthRunObject[];
  missing: MonthRunObject[];
}

export interface MonthRunObject {
  start: { year: number; month: number };
  end: { year: number; month: number };
}

export interface DateMinMax {
  min_txn_date: string | null;
  max_txn_date: string | null;
}

export function accountTimeline(figures: AccountFigures): AccountTimeline {
  return { periods: figures.periods.map(periodObject), activity_info: activityObject(figures.activity), date_min_max: dateMinMax(figures.txnDates) };
}

export function periodObject(period: PeriodFigures): PeriodObject {
  const monthMap = (entries: PeriodFigures['monthDays']) => Object.fromEntries(entries.map(([month, count]) => [toOcrolusMonth(month), count]));
  return {
    pk: period.pk,
    begin_date: toOcrolusDate(period.beginDate),
    end_date: toOcrolusDate(period.endDate),
    begin_balance: money(period.beginBalance),
    end_balance: money(period.endBalance),
    calculated_end_balance: money(period.calculatedEndBalance),
    period_month_days: monthMap(period.monthDays),
    period_month_txns: monthMap(period.monthTxns),
  };
}

export function activityObject(activity: Activity): ActivityInfo {
  const run = ({ start, end }: MonthRun): MonthRunObject => ({ start: yearMonth(start), end: yearMonth(end) });
  return { active: activity.active.map(run), missing: activity.missing.map(run) };
}

export function dateMinMax(txnDates: DateRange): DateMinMax {
  return {
    min_txn_date: txnDates.min === null ? null : toOcrolusDate(txnDates.min),
    max_txn_date: txnDates.max === null ? null : toOcrolusDate(txnDates.max),
  };
}

function yearMonth(month: IsoMonth): { year: number; month: number } {
  return { year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) };
}

/** Cents as Ocrolus money text; no value stays null. */
export function money(cents: number | bigint | null): Money | null {
  return cents === null ? null : formatCents(cents);
}
