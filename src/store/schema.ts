import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DocumentStatus } from '../core/errors.js';
import type { BalancePointKind, FormatName, SourceName, TransactionStatus } from '../core/canonical.js';

/**
 * The book's tables, as Kysely sees them. Money is stored twice: integer cents (what SQL sums)
 * and the exact decimal text the source gave. Booleans are 0/1 integers and dates ISO text, so the
 * same schema reads the same in PostgreSQL.
 */
export interface Database {
  books: BooksTable;
  documents: DocumentsTable;
  bank_accounts: BankAccountsTable;
  transactions: TransactionsTable;
  balance_points: BalancePointsTable;
  statement_periods: StatementPeriodsTable;
  account_figures: AccountFiguresTable;
  account_days: AccountDaysTable;
  figure_txns: FigureTxnsTable;
  account_classes: AccountClassesTable;
  txn_classes: TxnClassesTable;
  book_interbank: BookInterbankTable;
  interbank_txns: InterbankTxnsTable;
  batch_inputs: BatchInputsTable;
}

type Created = ColumnType<string, string | undefined, never>;

export interface BooksTable {
  pk: Generated<number>;
  name: string;
  created_at: Created;
  /** At least the sum of the magnitudes of every amount and balance the book was given (migration 003). */
  money_cents: Generated<number>;
}

export interface DocumentsTable {
  pk: Generated<number>;
  book_pk: number;
  name: string;
  status: DocumentStatus;
  source: SourceName | null;
  format: FormatName | null;
  sha256: string;
  /** JSON array of the file names (or stream labels) the document was read from. */
  files: string;
  bytes: number;
  reason: string | null;
  error_offset: number | null;
  error_path: string | null;
  /** JSON array of warning strings. */
  warnings: string;
  txn_count: number;
  created_at: Created;
}

export interface BankAccountsTable {
  pk: Generated<number>;
  book_pk: number;
  source: SourceName;
  source_account_id: string;
  name: string | null;
  official_name: string | null;
  account_type: string | null;
  account_subtype: string | null;
  is_depository: number;
  account_number: string | null;
  bank_name: string | null;
  institution_id: string | null;
  currency: string | null;
  holder_name: string | null;
  holder_address_1: string | null;
  /** The street address's second line, where the source has one (migration 008). */
  holder_address_2: string | null;
  holder_city: string | null;
  holder_state: string | null;
  holder_zip: string | null;
  holder_country: string | null;
  /** The document that last described this account. */
  document_pk: number;
  /** Bounds on the dates of its posted transactions and explicit balances (migration 003): a span that only widens. */
  dated_from: string | null;
  dated_to: string | null;
}

export interface TransactionsTable {
  pk: Generated<number>;
  book_pk: number;
  bank_account_pk: number;
  /** The document whose copy of the row is stored (the newest one). */
  document_pk: number;
  source_txn_id: string;
  txn_date: string;
  amount_cents: number;
  amount_text: string;
  description: string;
  status: TransactionStatus;
  category: string | null;
  merchant_name: string | null;
  /** Plaid's personal_finance_category.detailed (migration 004); null for Finicity and for rows without it. */
  pfc_detailed: string | null;
}

export interface BalancePointsTable {
  pk: Generated<number>;
  bank_account_pk: number;
  document_pk: number;
  balance_date: string;
  kind: BalancePointKind;
  /** Strength of the point when two fall on one date (SPEC §4 rule 4): higher wins. */
  rank: number;
  balance_cents: number;
  balance_text: string;
}

export interface StatementPeriodsTable {
  pk: Generated<number>;
  bank_account_pk: number;
  document_pk: number;
  statement_id: string;
  begin_date: string;
  end_date: string;
  begin_balance_cents: number;
  begin_balance_text: string;
  end_balance_cents: number;
  end_balance_text: string;
}

/** Materialized figures (migration 002): derived from the tables above, recomputed per account. */
export interface AccountFiguresTable {
  bank_account_pk: number;
  /** The account's `document_pk` when the figures were computed: they are stale once it moves on. */
  document_pk: number;
  coverage_begin: string | null;
  coverage_end: string | null;
  first_txn_date: string | null;
  last_txn_date: string | null;
  has_balances: number;
  opening_balance_cents: number | null;
}

export interface AccountDaysTable {
  bank_account_pk: number;
  day: string;
  is_weekday: number;
  balance_cents: number | null;
  /** Posted transactions of the day: count, signed sum, sum of sizes, deposits' count and sum. */
  txn_count: number;
  net_cents: number;
  abs_cents: number;
  deposit_count: number;
  deposit_cents: number;
  /** Posted transactions of the day with amount < 0 (migration 005). */
  withdrawal_count: number;
}

export type ListedFigure = 'deposit_max' | 'deposit_min' | 'round_number' | 'recurring';

export interface FigureTxnsTable {
  bank_account_pk: number;
  figure: ListedFigure;
  /** The month (`YYYY-MM`) of a per-month list, the group number of a recurring group, '' otherwise. */
  grouping: string;
  transaction_pk: number;
}

/** Stored classification (migration 005): derived from the rows and the rules, recomputed per account. */
export interface AccountClassesTable {
  bank_account_pk: number;
  /** The account's `document_pk` when it was classified: stale once it moves on. */
  document_pk: number;
  /** The rules it was classified under (rules/rules.ts `fingerprint`): stale under any other. */
  rules_fingerprint: string;
}

/** A posted row that matched something, or is a counted NSF fee (analytics/classification/classes.ts flags). */
export interface TxnClassesTable extends ListedCopy {
  bank_account_pk: number;
  transaction_pk: number;
  txn_date: string;
  amount_cents: number;
  flags: number;
  /** The kind bits of every lender it matched (rules/rules.ts kindBit); 0 for none. */
  lender_kinds: number;
  /** The lender it is shown under, an index into the rules' lenders; -1 for none. */
  lender_index: number;
}

export interface BookInterbankTable {
  book_pk: number;
  /** The newest `document_pk` of the book's accounts when the pairs were made. */
  data_version: number;
}

/** Each row of an interbank pair, with the other row's pk. */
export interface InterbankTxnsTable extends ListedCopy {
  bank_account_pk: number;
  transaction_pk: number;
  txn_date: string;
  amount_cents: number;
  counterpart_pk: number;
}

/** An input `batch` made a book of (migration 006). */
export interface BatchInputsTable {
  input_key: string;
  book_pk: number;
  document_pk: number;
}

export type DocumentRow = Selectable<DocumentsTable>;
export type BankAccountRow = Selectable<BankAccountsTable>;
export type TransactionRow = Selectable<TransactionsTable>;
/** What a transaction object in an output list shows of its row (report/transactions.ts transactionObject). */
export type ListedTransaction = Pick<TransactionRow, 'pk' | 'bank_account_pk' | 'document_pk' | 'amount_cents' | 'txn_date' | 'description' | 'source_txn_id' | 'status' | 'category'>;
/** The columns of a ListedTransaction a classification table keeps beside its own (all its rows are posted). */
export type ListedCopy = Pick<TransactionRow, 'document_pk' | 'source_txn_id' | 'description' | 'category'>;
