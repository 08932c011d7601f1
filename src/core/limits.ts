/**
 * The limits on what a document may hold, in one place. Hostile input is normal input: past a limit
 * a document fails at once, with a reason naming the path, instead of costing unbounded time or memory
 * later (README "Limits" says why each value was chosen).
 */

/** A money value has at most 13 integer digits: its cents (< 10^15) are exact as a JS number. */
export const MAX_MONEY_INTEGER_DIGITS = 13;

/** A money value is written with at most 40 decimal places (after any exponent is applied). */
export const MAX_MONEY_DECIMALS = 40;

/**
 * A book's money, the sum of the magnitudes of every amount and balance it was given, stays at or below
 * 2^47 cents (about 1.4 trillion). Every figure is a sum of amounts or of at most 31 daily balances, and a
 * daily balance is bounded by twice the book's money, so every sum SQL returns stays below 2^53 and is
 * exact as a JS number.
 */
export const MAX_BOOK_MONEY_CENTS = 2 ** 47;

/** Calendar dates bookstream accepts, inclusive: older or later dates are data errors, not history. */
export const FIRST_DATE = '1970-01-01';
export const LAST_DATE = '2099-12-31';

/**
 * An account's posted transactions and explicit balances (end-of-day, statement starts and ends), the data that
 * gives it days of coverage, span at most 20 years: its last date is at most 7,305 days after its first. An
 * anchor balance adds no day of coverage and does not count.
 */
export const MAX_ACCOUNT_SPAN_DAYS = 7_305;

/** JSON nesting: no export nests deeper than about a dozen levels. */
export const MAX_DEPTH = 128;

/**
 * One value a reader keeps (a transaction, an account's field), as JSON text in bytes. A real one is a few KiB at
 * most; a transaction's text is escaped and parsed several times over on its way to the store, so its peak memory
 * is many times its size (README "Limits" has the measurements).
 */
export const MAX_VALUE_BYTES = 1024 * 1024;

/** One key of an object a reader walks through, in bytes. */
export const MAX_KEY_BYTES = 64 * 1024;
