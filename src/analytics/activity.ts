import type { IsoMonth } from '../core/months.js';

/** A run of consecutive months, first and last inclusive. */
export interface MonthRun {
  readonly start: IsoMonth;
  readonly end: IsoMonth;
}

export interface Activity {
  /** Maximal runs of months with at least one posted transaction. */
  readonly active: readonly MonthRun[];
  /** Maximal runs of months with none. */
  readonly missing: readonly MonthRun[];
}

/** SPEC §4 `activity_info`, from every month of coverage in order with its posted transaction count. */
export function activityOf(months: ReadonlyArray<{ readonly month: IsoMonth; readonly txnCount: number }>): Activity {
  const active: MonthRun[] = [];
  const missing: MonthRun[] = [];
  let run: { start: IsoMonth; end: IsoMonth; active: boolean } | null = null;
  for (const { month, txnCount } of months) {
    const isActive = txnCount > 0;
    if (run !== null && run.active === isActive) {
      run.end = month;
      continue;
    }
    if (run !== null) (run.active ? active : missing).push({ start: run.start, end: run.end });
    run = { start: month, end: month, active: isActive };
  }
  if (run !== null) (run.active ? active : missing).push({ start: run.start, end: run.end });
  return { active, missing };
}
