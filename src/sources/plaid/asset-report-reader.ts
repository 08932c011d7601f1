import { dateOfTimestamp } from '../../core/dates.js';
import type { PickedValue } from '../json/capture-edits.js';
import { ByteBuffer } from '../json/byte-buffer.js';
import { formatPath, type JsonPath } from '../json/json-path.js';
import type { ValueKind, Visit } from '../json/scanner.js';
import { ReaderBase } from '../reader-base.js';
import { LateAccountCheck } from './late-account-check.js';
import { PLAID_TRANSACTION_FIELDS } from './transaction-fields.js';

/** Depths of the values an Asset Report reader cares about (`report.items[i].accounts[j].transactions[k]`). */
const enum Depth {
  Root = 0,
  Report = 1,
  ReportField = 2,
  Item = 3,
  ItemField = 4,
  Account = 5,
  AccountField = 6,
  Transaction = 7,
}

interface PendingAccount {
  readonly fields: Record<string, unknown>;
  readonly path: string;
  readonly offset: number;
  /** Set when the account's transactions began before its account_id was known. */
  late: LateAccountCheck | null;
}

interface PendingItem {
  readonly fields: Record<string, unknown>;
  /** Some of its accounts went out before the item named its institution: a `plaid-institution` record follows them. */
  institutionOwed: boolean;
}

/**
 * Plaid `/asset_report/get`. Transactions stream out in batches as they are met, and each account
 * goes out when it ends (its fields may come before or after its transactions), so only the account
 * being read is held. What it needs from around it may come later: its item's institution (Plaid
 * writes `accounts` before `institution_name`) follows it as a `plaid-institution` record, and when
 * `report.date_generated` follows the items, the anchors are deferred to the writer and dated by an
 * `anchor-date` record at the end. `report.user` is skipped unread: it holds the borrower's SSN,
 * and nothing of it is ever stored.
 */
export class AssetReportReader extends ReaderBase {
  private reportDate: unknown = undefined;
  private anchorsDeferred = false;
  private item: PendingItem | null = null;
  private account: PendingAccount | null = null;
  private transactionsPath = '';
  private readonly pickedText = new ByteBuffer();

  constructor(file: string) {
    super(file, 'PLAID_ASSET_REPORT', PLAID_TRANSACTION_FIELDS);
  }

  enter(path: JsonPath, kind: ValueKind, offset: number): Visit {
    const key = path[path.length - 1];
    switch (path.length) {
      case Depth.Root:
        return this.descendInto('object', kind, path, offset);
      case Depth.Report:
        return key === 'report' ? this.descendInto('object', kind, path, offset) : 'skip';
      case Depth.ReportField:
        if (key === 'items') return this.descendInto('array', kind, path, offset);
        return key === 'date_generated' ? 'capture' : 'skip';
      case Depth.Item:
        this.item = { fields: {}, institutionOwed: false };
        return this.descendInto('object', kind, path, offset);
      case Depth.ItemField:
        return key === 'accounts' ? this.descendInto('array', kind, path, offset) : 'capture';
      case Depth.Account:
        this.account = { fields: {}, path: formatPath(path), offset, late: null };
        return this.descendInto('object', kind, path, offset);
      case Depth.AccountField:
        if (key !== 'transactions') return 'capture';
        this.transactionsPath = formatPath(path);
        this.listTransactionsUnder(this.account!);
        return this.descendInto('array', kind, path, offset);
      default:
        return 'pick'; // a transaction
    }
  }

  captured(path: JsonPath, text: string, offset: number): void {
    const key = path[path.length - 1]!;
    switch (path.length) {
      case Depth.ReportField:
        this.reportDate = this.parse(text);
        break;
      case Depth.ItemField:
        this.item!.fields[key] = this.parse(text);
        break;
      case Depth.AccountField:
        this.account!.fields[key] = this.parse(text);
        break;
    }
  }

  picked(path: JsonPath, transaction: PickedValue, offset: number): void {
    const index = path[Depth.Transaction - 1] as number;
    const late = this.account!.late;
    if (late === null) {
      this.transactions.addPicked(transaction, this.transactionsPath, index, offset);
      return;
    }
    this.pickedText.clear();
    transaction.writeTo(this.pickedText);
    const text = this.pickedText.text();
    late.note(text, `${this.transactionsPath}[${index}]`, offset);
    this.transactions.add(text, this.transactionsPath, index, offset);
  }

  left(path: JsonPath, offset: number): void {
    if (path.length === Depth.Account) this.finishAccount(this.item!, this.account!);
    if (path.length === Depth.Item) this.finishItem(this.item!, formatPath(path), offset);
    if (path.length === Depth.Root) this.finish(offset);
  }

  /** Rows must carry the account_id of the account they are listed under: checked as they are normalized when it is known. */
  private listTransactionsUnder(account: PendingAccount): void {
    const accountId = account.fields['account_id'];
    if (accountId === undefined) account.late = new LateAccountCheck(this.file);
    this.transactions.listUnder(typeof accountId === 'string' ? accountId : null);
  }

  private finishAccount(item: PendingItem, account: PendingAccount): void {
    account.late?.check(account.fields['account_id']);
    this.transactions.listUnder(null);
    const fields = item.fields;
    const institutionFollows = !('institution_name' in fields && 'institution_id' in fields);
    item.institutionOwed ||= institutionFollows;
    const balanceAsOf = this.reportDate === undefined ? 'deferred' : dateOfTimestamp(this.reportDate);
    this.anchorsDeferred ||= balanceAsOf === 'deferred';
    const context = { bankName: text(fields['institution_name']), institutionId: text(fields['institution_id']), institutionFollows, balanceAsOf };
    this.emitRecord({ type: 'plaid-account', raw: account.fields, context }, account.path, account.offset);
    this.account = null;
  }

  private finishItem(item: PendingItem, path: string, offset: number): void {
    if (!item.institutionOwed) return;
    const record = { type: 'plaid-institution' as const, bankName: text(item.fields['institution_name']), institutionId: text(item.fields['institution_id']) };
    this.emitRecord(record, path, offset);
  }

  private finish(offset: number): void {
    this.transactions.flush();
    if (this.anchorsDeferred) this.emitRecord({ type: 'anchor-date', date: dateOfTimestamp(this.reportDate) }, 'report.date_generated', offset);
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
