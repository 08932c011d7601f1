/**
 * What a generation wrote and planted, counted row by row as the rows are written (the generator's own
 * bookkeeping, never read back from bookstream): the figures a test or a benchmark compares a book with.
 * Money is integer cents as decimal strings (`"-123456"`): exact, and JSON has no bigint.
 */
import type { LedgerRow } from './ledger.js';

export interface AccountManifest {
  /** The account's id as the export writes it (Plaid account_id, Finicity id). */
  readonly accountId: string;
  readonly name: string;
  /** checking, savings, credit or moneyMarket. */
  readonly kind: string;
  readonly mask: string;
  readonly posted: number;
  readonly pending: number;
  readonly depositCount: number;
  /** Sum of posted deposits (canonical sign, positive = money in), in cents. */
  readonly depositsCents: string;
  readonly withdrawalCount: number;
  /** Sum of posted withdrawals, in cents (negative). */
  readonly withdrawalsCents: string;
  readonly nsfFees: number;
  /**
   * Posted customer money in (payments, payouts, deposited checks, card merchant credits), in cents: the
   * revenue of SPEC §4a, since no other deposit is revenue (transfers are paired, fundings are a lender's,
   * interest is a non-revenue term).
   */
  readonly revenueCents: string;
  /** Canonical balance at the end of the last day, in cents. */
  readonly endingBalanceCents: string;
}

export interface CountAndSum {
  readonly count: number;
  /** Canonical cents: fundings positive, debits negative. */
  readonly sumCents: string;
}

export interface BookManifest {
  /** The book's file, or its folder (a Finicity bundle, paged /transactions/get). */
  readonly path: string;
  readonly files: readonly string[];
  readonly bytes: number;
  readonly seed: number;
  readonly firstDate: string;
  readonly lastDate: string;
  /** `YYYY-MM` of the month left without transactions, or null. */
  readonly gapMonth: string | null;
  readonly transactions: { readonly posted: number; readonly pending: number };
  readonly accounts: readonly AccountManifest[];
  readonly nsfFees: number;
  readonly lenderFundings: CountAndSum;
  readonly lenderDebits: CountAndSum;
  /** Each lender whose rows were planted (a name of data/rules/lenders.json), with its rows: fundings and debits. */
  readonly lenders: readonly { readonly name: string; readonly rows: number }[];
  /** Transfers between the book's own accounts: each a withdrawal and a deposit, 0-3 days apart. */
  readonly interbankPairs: number;
  /** Payroll and monthly bills: rows of one amount that recur. */
  readonly recurringRows: number;
}

export interface GenerationManifest {
  readonly format: string;
  readonly out: string;
  readonly options: {
    readonly accounts: number;
    readonly months: number;
    readonly seed: number;
    readonly books: number | null;
    readonly size: number | null;
    readonly transactions: number | null;
  };
  readonly bytes: number;
  readonly books: readonly BookManifest[];
}

interface AccountTally {
  posted: number;
  pending: number;
  depositCount: number;
  deposits: bigint;
  withdrawalCount: number;
  withdrawals: bigint;
  nsfFees: number;
  revenue: bigint;
}

/** Counts a book's rows as a format writes them. */
export class BookTally {
  readonly perAccount: AccountTally[];
  private fundings = { count: 0, sum: 0n };
  private debits = { count: 0, sum: 0n };
  private transferOuts = 0;
  private recurring = 0;
  private readonly lenderRows = new Map<string, number>();

  constructor(accounts: number) {
    this.perAccount = Array.from({ length: accounts }, () => ({ posted: 0, pending: 0, depositCount: 0, deposits: 0n, withdrawalCount: 0, withdrawals: 0n, nsfFees: 0, revenue: 0n }));
  }

  record(row: LedgerRow): void {
    const account = this.perAccount[row.account]!;
    if (row.pending) {
      account.pending++;
      return;
    }
    account.posted++;
    if (row.cents > 0) {
      account.depositCount++;
      account.deposits += BigInt(row.cents);
    } else if (row.cents < 0) {
      account.withdrawalCount++;
      account.withdrawals += BigInt(row.cents);
    }
    this.recordKind(row, account);
  }

  private recordKind(row: LedgerRow, account: AccountTally): void {
    switch (row.kind) {
      case 'nsfFee':
        account.nsfFees++;
        break;
      case 'income':
        account.revenue += BigInt(row.cents);
        break;
      case 'lenderFunding':
        this.fundings.count++;
        this.fundings.sum += BigInt(row.cents);
        this.lenderRows.set(row.payee.name, (this.lenderRows.get(row.payee.name) ?? 0) + 1);
        break;
      case 'lenderDebit':
        this.debits.count++;
        this.debits.sum += BigInt(row.cents);
        this.lenderRows.set(row.payee.name, (this.lenderRows.get(row.payee.name) ?? 0) + 1);
        break;
      case 'transferOut':
        this.transferOuts++;
        break;
      case 'payroll':
      case 'bill':
        this.recurring++;
        break;
      default:
    }
  }

  summary() {
    const sum = (tally: { count: number; sum: bigint }): CountAndSum => ({ count: tally.count, sumCents: String(tally.sum) });
    return {
      posted: this.perAccount.reduce((n, a) => n + a.posted, 0),
      pending: this.perAccount.reduce((n, a) => n + a.pending, 0),
      nsfFees: this.perAccount.reduce((n, a) => n + a.nsfFees, 0),
      lenderFundings: sum(this.fundings),
      lenderDebits: sum(this.debits),
      lenders: [...this.lenderRows].map(([name, rows]) => ({ name, rows })),
      interbankPairs: this.transferOuts,
      recurringRows: this.recurring,
    };
  }
}
