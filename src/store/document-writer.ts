import {
  BALANCE_POINT_RANK,
  SOURCE_OF_FORMAT,
  type BalancePoint,
  type CanonicalAccount,
  type CanonicalTransaction,
  type FormatName,
  type SourceName,
  type StatementPeriod,
} from '../core/canonical.js';
import type { IsoDate } from '../core/dates.js';
import type { IngestError } from '../core/errors.js';
import type { Money } from '../core/money.js';
import { AccountPkCache } from './account-pk-cache.js';
import { BalancePointRows } from './balance-point-rows.js';
import { BookLimits } from './book-limits.js';
import type { DocumentRow } from './schema.js';
import type { StoreDatabase } from './store-database.js';
import { HeldRows } from './held-rows.js';
import { ownTransaction, type Enclosure } from './write-group.js';
import { statementsOf, type WriterStatements } from './writer-statements.js';

export interface DocumentHeader {
  readonly name: string;
  readonly format: FormatName | null;
  readonly files: readonly string[];
}

export interface DocumentTotals {
  readonly sha256: string;
  readonly bytes: number;
}

/** Warnings a document keeps (the rest are counted in a last one): per-account warnings must not grow without bound. */
const MAX_WARNINGS = 100;

/** The store's highest account and transaction pks at some moment (0 when a table is empty). */
interface HighestPks {
  readonly account_pk: number;
  readonly transaction_pk: number;
}

/** A commit either stores the document, or finds the book already holds these exact bytes. */
export type CommitOutcome = { readonly kind: 'committed'; readonly pk: number } | { readonly kind: 'duplicate'; readonly pk: number };

/**
 * The single writer of one document: everything it writes is one SQLite transaction, so a document
 * that fails anywhere leaves the book exactly as it was (SPEC §1). Rows are upserted on their
 * unique keys, so a newer copy of a transaction, balance or period replaces the older one.
 */
export class DocumentWriter {
  private readonly statements: WriterStatements;
  private readonly limits: BookLimits;
  private readonly source: SourceName;
  private readonly accountPks = new AccountPkCache();
  /** Whether the document wrote to an account the store held before it (decides how txn_count is taken). */
  private touchedKnownAccount = false;
  private readonly held: HeldRows;
  private readonly points: BalancePointRows;
  private readonly warnings: string[] = [];
  private warningsLeftOut = 0;
  private latestTransactionDate: IsoDate | null = null;
  private roundedAmounts = 0;
  private wroteShadows = false;
  private firstRounded: string | null = null;
  private open = true;

  private constructor(
    private readonly db: StoreDatabase,
    private readonly bookPk: number,
    readonly pk: number,
    /** The store's highest pks when the document began: what it inserts lies above them. */
    private readonly before: HighestPks,
    header: DocumentHeader,
    private readonly enclosure: Enclosure,
  ) {
    this.statements = statementsOf(db);
    this.limits = BookLimits.of(db, bookPk, header.name);
    this.source = header.format === null ? 'PLAID' : SOURCE_OF_FORMAT[header.format];
    this.held = new HeldRows(db.sqlite, pk);
    this.points = new BalancePointRows(this.statements.upsertBalancePoint, this.statements.upsertBalancePoints);
  }

  /**
   * Opens the document's own transaction and its (not yet visible) document row; or, given a group's
   * savepoint (write-group.ts), writes the document inside the group's transaction.
   */
  static begin(db: StoreDatabase, bookPk: number, header: DocumentHeader, within?: () => Enclosure): DocumentWriter {
    const enclosure = within === undefined ? ownTransaction(db) : within();
    try {
      const statements = statementsOf(db);
      const { pk } = statements.insertDocument.get(documentRow(bookPk, header, 'VERIFICATION_COMPLETE')) as { pk: number };
      const before = statements.highestPks.get() as HighestPks;
      return new DocumentWriter(db, bookPk, pk, before, header, enclosure);
    } catch (error) {
      enclosure.undo();
      throw error;
    }
  }

  describeAccount(account: CanonicalAccount): void {
    const holder = account.holder;
    this.statements.describeAccount.run({
      pk: this.accountPk(account.sourceAccountId),
      name: account.name,
      official_name: account.officialName,
      account_type: account.accountType,
      account_subtype: account.accountSubtype,
      is_depository: account.isDepository ? 1 : 0,
      account_number: account.accountNumber,
      bank_name: account.bankName,
      institution_id: account.institutionId,
      currency: account.currency,
      holder_name: holder?.name ?? null,
      holder_address_1: holder?.address1 ?? null,
      holder_address_2: holder?.address2 ?? null,
      holder_city: holder?.city ?? null,
      holder_state: holder?.state ?? null,
      holder_zip: holder?.zip ?? null,
      holder_country: holder?.country ?? null,
    });
  }

  writeTransactions(rows: readonly CanonicalTransaction[]): void {
    const insert = this.statements.upsertTransaction;
    for (const row of rows) {
      const accountPk = this.accountPk(row.sourceAccountId);
      insert.run(
        this.bookPk,
        accountPk,
        this.pk,
        row.sourceTxnId,
        row.date,
        row.amount.cents,
        row.amount.text,
        row.description,
        row.status,
        row.category,
        row.merchantName,
        row.pfcDetailed,
      );
      if (this.latestTransactionDate === null || row.date > this.latestTransactionDate) this.latestTransactionDate = row.date;
      if (row.amount.rounded) this.noteRounded(row);
      if (row.status === 'shadow') this.wroteShadows = true;
      this.limits.addMoney(row.amount.cents);
      if (row.status === 'posted') this.limits.addDate(accountPk, row.date);
    }
    this.limits.checkMoney();
  }

  writeBalancePoint(point: BalancePoint): void {
    const accountPk = this.accountPk(point.sourceAccountId);
    this.limits.addMoney(point.balance.cents);
    if (point.kind !== 'anchor') this.limits.addDate(accountPk, point.date);
    this.points.add([accountPk, this.pk, point.date, point.kind, BALANCE_POINT_RANK[point.kind], point.balance.cents, point.balance.text]);
  }

  /**
   * An anchor whose date comes later: from `dateDeferredAnchors`, else at commit the document's newest
   * transaction date (Plaid /transactions/get, SPEC §2). Held in the store, not in memory.
   */
  writeDeferredAnchor(sourceAccountId: string, balance: Money): void {
    this.limits.addMoney(balance.cents); // counted when held: one that is dropped still errs on the safe side
    this.held.holdAnchor(this.accountPk(sourceAccountId), balance);
  }

  /** The date of the anchors deferred so far (an Asset Report's date, read after its items); null: they have none. */
  dateDeferredAnchors(date: IsoDate | null): void {
    this.points.flush(); // the anchors join the points written before them, in order
    if (date !== null) this.held.dateAnchors(date);
    else this.dropDeferredAnchors('balances.current has no as-of date and was not used');
  }

  /** The account's bank name and institution id come with the next `applyInstitution` (its item names them later). */
  awaitInstitution(sourceAccountId: string): void {
    this.held.awaitInstitution(this.accountPk(sourceAccountId));
  }

  /** An item's institution, for the accounts awaiting it. */
  applyInstitution(bankName: string | null, institutionId: string | null): void {
    this.held.applyInstitution(bankName, institutionId);
  }

  writePeriod(period: StatementPeriod): void {
    this.statements.upsertPeriod.run(
      this.accountPk(period.sourceAccountId),
      this.pk,
      period.statementId,
      period.beginDate,
      period.endDate,
      period.beginBalance.cents,
      period.beginBalance.text,
      period.endBalance.cents,
      period.endBalance.text,
    );
  }

  /** Warnings are kept up to MAX_WARNINGS (one per account could be 200,000); the rest are counted. */
  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    else this.warningsLeftOut += 1;
  }

  /** Makes the document visible, unless the book already holds a document with the same bytes. */
  commit(totals: DocumentTotals): CommitOutcome {
    this.assertOpen();
    this.points.flush(); // before the held anchors join them
    const duplicate = this.statements.findDuplicate.get(this.bookPk, totals.sha256, this.pk) as { pk: number } | undefined;
    if (duplicate !== undefined) {
      this.rollback();
      return { kind: 'duplicate', pk: duplicate.pk };
    }
    this.dateAnchorsAtLatestTransaction();
    if (this.roundedAmounts > 0) {
      this.warnings.push(
        `${this.roundedAmounts} amount(s) had more than two decimals and were rounded half away from zero to cents (first: transaction ${this.firstRounded})`,
      );
    }
    this.limits.finish();
    const { count, shadows } = this.countTransactions();
    this.noteShadows(shadows);
    if (this.warningsLeftOut > 0) this.warnings.push(`… and ${this.warningsLeftOut} more warning${this.warningsLeftOut === 1 ? '' : 's'}`);
    this.statements.completeDocument.run(totals.sha256, totals.bytes, JSON.stringify(this.warnings), count, this.pk);
    this.enclosure.keep();
    this.open = false;
    return { kind: 'committed', pk: this.pk };
  }

  /** Undoes the document, if SQLite has not already done so itself (it may, on SQLITE_FULL or an I/O error). */
  rollback(): void {
    if (!this.open) return;
    this.open = false;
    this.points.discard();
    this.enclosure.undo();
  }

  /**
   * Distinct transactions whose newest copy is this document's: overlapping pages count once.
   *
   * When every account the document wrote to is new to the store and no row was a shadow, its rows are
   * exactly the rows it inserted, and SQLite gives each new row max(pk) + 1 (no AUTOINCREMENT, rows are
   * never deleted): the count is how far the highest pk rose, without a pass over the rows (58 ms of a
   * 200 MB ingest's serial tail). Otherwise the rows of the accounts it wrote to (found by their
   * `document_pk`, which moved to this document) are counted through the unique key's index: the cost
   * follows those accounts' history, not the size of the whole store, and no list of them is held.
   */
  private countTransactions(): { count: number; shadows: number } {
    if (!this.touchedKnownAccount && !this.wroteShadows) {
      const after = this.statements.highestPks.get() as HighestPks;
      return { count: after.transaction_pk - this.before.transaction_pk, shadows: 0 };
    }
    const counted = this.statements.countDocumentTransactions.get({ book: this.bookPk, document: this.pk }) as { count: number; shadows: number | null };
    return { count: counted.count, shadows: counted.shadows ?? 0 };
  }

  /** /transactions/get: the anchors still held take the document's newest transaction date (SPEC §2). */
  private dateAnchorsAtLatestTransaction(): void {
    if (!this.held.hasAnchors) return;
    if (this.latestTransactionDate !== null) this.held.dateAnchors(this.latestTransactionDate);
    else this.dropDeferredAnchors('balances.current was not used: the document has no transaction to date it');
  }

  private dropDeferredAnchors(why: string): void {
    const { count, firstAccounts } = this.held.dropAnchors(MAX_WARNINGS);
    for (const sourceAccountId of firstAccounts) this.warn(`account ${sourceAccountId}: ${why}`);
    this.warningsLeftOut += count - firstAccounts.length;
  }

  /** Finicity `shadow` rows are kept and flagged, out of every figure: the document says how many. */
  private noteShadows(count: number): void {
    if (count > 0) this.warnings.push(`${count} shadow transaction${count === 1 ? '' : 's'} kept, flagged, out of the figures`);
  }

  private noteRounded(row: CanonicalTransaction): void {
    this.roundedAmounts += 1;
    this.firstRounded ??= `${row.sourceTxnId} (${row.amount.text})`;
  }

  private accountPk(sourceAccountId: string): number {
    let pk = this.accountPks.get(sourceAccountId);
    if (pk === undefined) {
      pk = (this.statements.ensureAccount.get(this.bookPk, this.source, sourceAccountId, this.pk) as { pk: number }).pk;
      this.accountPks.set(sourceAccountId, pk);
      if (pk <= this.before.account_pk) this.touchedKnownAccount = true;
    }
    return pk;
  }

  private assertOpen(): void {
    if (!this.open) throw new Error(`document ${this.pk} is no longer open`);
  }
}

/** The document's row, as committed (or recorded failed). */
export function documentRowOf(db: StoreDatabase, pk: number): DocumentRow {
  return statementsOf(db).documentByPk.get(pk) as DocumentRow;
}

/** Keeps the record of a document that failed or was rejected (in its own small transaction). */
export function recordFailedDocument(
  db: StoreDatabase,
  bookPk: number,
  header: DocumentHeader,
  error: IngestError,
  totals: DocumentTotals,
): number {
  const row = {
    ...documentRow(bookPk, header, error.status),
    sha256: totals.sha256,
    bytes: totals.bytes,
    reason: error.message,
    error_offset: error.position.offset ?? null,
    error_path: error.position.path ?? null,
  };
  return (statementsOf(db).insertDocument.get(row) as { pk: number }).pk;
}

function documentRow(bookPk: number, header: DocumentHeader, status: string): Record<string, unknown> {
  return {
    book_pk: bookPk,
    name: header.name,
    status,
    source: header.format === null ? null : SOURCE_OF_FORMAT[header.format],
    format: header.format,
    sha256: '',
    files: JSON.stringify(header.files),
    bytes: 0,
    reason: null,
    error_offset: null,
    error_path: null,
    warnings: '[]',
    txn_count: 0,
  };
}
