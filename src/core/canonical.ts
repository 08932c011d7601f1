import type { IsoDate } from './dates.js';
import type { Money } from './money.js';

/** Aggregators bookstream reads, as Ocrolus names them (`aggregate_source`). */
export type SourceName = 'PLAID' | 'FINICITY';

/** The concrete export shapes bookstream recognizes. */
export type FormatName =
  | 'PLAID_ASSET_REPORT'
  | 'PLAID_TRANSACTIONS'
  | 'PLAID_BANK_STATEMENTS'
  | 'FINICITY_BUNDLE';

export const SOURCE_OF_FORMAT: Readonly<Record<FormatName, SourceName>> = {
  PLAID_ASSET_REPORT: 'PLAID',
  PLAID_TRANSACTIONS: 'PLAID',
  PLAID_BANK_STATEMENTS: 'PLAID',
  FINICITY_BUNDLE: 'FINICITY',
};

/** How a transaction stands at the aggregator. Only `posted` rows enter analytics. */
export type TransactionStatus = 'posted' | 'pending' | 'shadow';

/** A bank account as seen in a document; fields the source lacks are null. */
export interface CanonicalAccount {
  readonly sourceAccountId: string;
  readonly name: string | null;
  readonly officialName: string | null;
  /** The aggregator's type, lower-case (`depository`, `credit`, `checking`, `creditCard`, …). */
  readonly accountType: string | null;
  readonly accountSubtype: string | null;
  /** Depository in the sense of SPEC §3; book figures use these accounts by default. */
  readonly isDepository: boolean;
  /** Plaid `mask`, Finicity `accountNumberDisplay` or `number`, statements `account_number`. */
  readonly accountNumber: string | null;
  readonly bankName: string | null;
  readonly institutionId: string | null;
  readonly currency: string | null;
  readonly holder: AccountHolder | null;
}

export interface AccountHolder {
  readonly name: string | null;
  readonly address1: string | null;
  /** The street address's second line (an apartment, a suite), where the source has one. */
  readonly address2: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly zip: string | null;
  readonly country: string | null;
}

/** One posted (or pending) money movement, positive = money into the account. */
export interface CanonicalTransaction {
  readonly sourceAccountId: string;
  readonly sourceTxnId: string;
  readonly date: IsoDate;
  readonly amount: Money;
  readonly description: string;
  readonly status: TransactionStatus;
  /** Plaid's legacy category path joined with ", " ("Bank Fees, Overdraft"); Finicity's category. */
  readonly category: string | null;
  readonly merchantName: string | null;
  /** Plaid's `personal_finance_category.detailed` ("BANK_FEES_OVERDRAFT_FEES"); null for Finicity. */
  readonly pfcDetailed: string | null;
}

/**
 * Kinds of known balance points, strongest first (SPEC §4, daily balances rule 4):
 * an explicit end-of-day value beats a statement's starting balance, which beats an anchor.
 */
export type BalancePointKind = 'end_of_day' | 'statement_start' | 'anchor';

export const BALANCE_POINT_RANK: Readonly<Record<BalancePointKind, number>> = {
  end_of_day: 3,
  statement_start: 2,
  anchor: 1,
};

/** A balance known at the end of a day, in the canonical sense (credit owed is negative). */
export interface BalancePoint {
  readonly sourceAccountId: string;
  readonly date: IsoDate;
  readonly kind: BalancePointKind;
  readonly balance: Money;
}

/** An explicit statement period, with the statement's own balances. */
export interface StatementPeriod {
  readonly sourceAccountId: string;
  readonly statementId: string;
  readonly beginDate: IsoDate;
  readonly endDate: IsoDate;
  readonly beginBalance: Money;
  readonly endBalance: Money;
}

/** What normalizing one non-transaction source record yields, in the order it must be written. */
export type CanonicalRecord =
  | { readonly kind: 'account'; readonly account: CanonicalAccount }
  | { readonly kind: 'balance'; readonly point: BalancePoint }
  /**
   * An anchor (`balances.current`) whose date the document gives later: the next `anchor-date` record's
   * (an Asset Report whose date follows its items), else the document's newest transaction date
   * (Plaid /transactions/get). The writer holds it, out of JS memory, until then.
   */
  | { readonly kind: 'deferred-anchor'; readonly sourceAccountId: string; readonly balance: Money }
  /** Dates the anchors deferred so far; null: the document has no date for them (they are not stored, with a warning). */
  | { readonly kind: 'anchor-date'; readonly date: IsoDate | null }
  /** The account's bank name and institution id come later, from the next `institution` record. */
  | { readonly kind: 'institution-follows'; readonly sourceAccountId: string }
  /** An item's institution, for the accounts written before it was read (`institution-follows`). */
  | { readonly kind: 'institution'; readonly bankName: string | null; readonly institutionId: string | null }
  | { readonly kind: 'period'; readonly period: StatementPeriod }
  | { readonly kind: 'warning'; readonly message: string };
