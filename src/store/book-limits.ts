import type { Statement } from 'better-sqlite3';
import type { IsoDate } from '../core/dates.js';
import { DocumentRejected } from '../core/errors.js';
import { MAX_ACCOUNT_SPAN_DAYS, MAX_BOOK_MONEY_CENTS } from '../core/limits.js';
import { daysBetween } from '../core/months.js';
import type { StoreDatabase } from './store-database.js';

/** Accounts whose span is gathered in memory before it is written: bounds memory when rows interleave accounts. */
const SPANS_HELD = 256;

interface Span {
  first: IsoDate;
  last: IsoDate;
}

/**
 * The limits of core/limits.ts that depend on what the book holds already: the book's money (every figure stays
 * exact below it) and each account's span of dated data (its days of coverage). The store keeps a running bound
 * of each, moved in the document's own transaction, so a check never reads the book's rows. The bounds only
 * grow: a row replaced by a newer copy still counts, which errs on the safe side.
 */
export class BookLimits {
  private money = 0;
  private readonly spans = new Map<number, Span>();
  private lastPk = 0;
  private lastSpan: Span | null = null;
  private readonly statements: LimitStatements;

  private constructor(
    db: StoreDatabase,
    private readonly bookPk: number,
    private readonly documentName: string,
    private readonly moneyBefore: number,
  ) {
    this.statements = statementsOf(db);
  }

  static of(db: StoreDatabase, bookPk: number, documentName: string): BookLimits {
    const { money_cents } = statementsOf(db).bookMoney.get(bookPk) as { money_cents: number };
    return new BookLimits(db, bookPk, documentName, money_cents);
  }

  /** Money the document brings: an amount or a balance. Exact: the sum stays far below 2^53 until it fails. */
  addMoney(cents: number): void {
    this.money += cents < 0 ? -cents : cents;
  }

  /** A date of a posted transaction or an explicit balance of the account. */
  addDate(accountPk: number, date: IsoDate): void {
    // Rows come account by account: the last span is nearly always the one (cheaper than a Map lookup per row).
    const span = accountPk === this.lastPk ? this.lastSpan! : this.spanOf(accountPk, date);
    if (date < span.first) span.first = date;
    else if (date > span.last) span.last = date;
  }

  private spanOf(accountPk: number, date: IsoDate): Span {
    let span = this.spans.get(accountPk);
    if (span === undefined) {
      if (this.spans.size >= SPANS_HELD) this.writeSpans();
      this.spans.set(accountPk, (span = { first: date, last: date }));
    }
    this.lastPk = accountPk;
    this.lastSpan = span;
    return span;
  }

  /** Fails the document as soon as the book's money would pass the limit (called after each batch). */
  checkMoney(): void {
    const total = this.moneyBefore + this.money;
    if (total <= MAX_BOOK_MONEY_CENTS) return;
    this.reject(
      `the book's money (the sum of the magnitudes of its amounts and balances) would reach at least ${total} cents, ` +
        `past the limit of ${MAX_BOOK_MONEY_CENTS} cents (2^47, about 1.4 trillion) within which every figure stays exact`,
    );
  }

  /** At commit: every check made, and the bounds moved for the next document. */
  finish(): void {
    this.checkMoney();
    this.writeSpans();
    this.statements.addBookMoney.run(this.money, this.bookPk);
  }

  private writeSpans(): void {
    for (const [accountPk, span] of this.spans) {
      const widened = this.statements.widenSpan.get({ first: span.first, last: span.last, pk: accountPk }) as { source_account_id: string; dated_from: IsoDate; dated_to: IsoDate };
      const days = daysBetween(widened.dated_from, widened.dated_to);
      if (days > MAX_ACCOUNT_SPAN_DAYS) {
        this.reject(
          `account ${widened.source_account_id}: its posted transactions and end-of-day balances would span ` +
            `${widened.dated_from} to ${widened.dated_to}, ${days} days; at most ${MAX_ACCOUNT_SPAN_DAYS} (20 years) are accepted`,
        );
      }
    }
    this.spans.clear();
    this.lastPk = 0;
    this.lastSpan = null;
  }

  private reject(problem: string): never {
    throw new DocumentRejected({ file: this.documentName }, problem);
  }
}

interface LimitStatements {
  readonly bookMoney: Statement;
  readonly addBookMoney: Statement;
  readonly widenSpan: Statement;
}

const prepared = new WeakMap<StoreDatabase, LimitStatements>();

function statementsOf(db: StoreDatabase): LimitStatements {
  let statements = prepared.get(db);
  if (statements === undefined) {
    statements = {
      bookMoney: db.sqlite.prepare('SELECT money_cents FROM books WHERE pk = ?'),
      addBookMoney: db.sqlite.prepare('UPDATE books SET money_cents = money_cents + ? WHERE pk = ?'),
      // SQLite's two-argument min/max (PostgreSQL: LEAST/GREATEST).
      widenSpan: db.sqlite.prepare(`
        UPDATE bank_accounts SET dated_from = min(coalesce(dated_from, @first), @first), dated_to = max(coalesce(dated_to, @last), @last)
        WHERE pk = @pk RETURNING source_account_id, dated_from, dated_to`),
    };
    prepared.set(db, statements);
  }
  return statements;
}
