import { DocumentRejected } from '../../core/errors.js';
import type { DocumentScope } from '../document-scope.js';
import { ByteBuffer } from '../json/byte-buffer.js';
import { keyPattern } from '../json/key-pattern.js';
import type { PickedValue } from '../json/capture-edits.js';
import { formatPath, type JsonPath } from '../json/json-path.js';
import type { ValueKind, Visit } from '../json/scanner.js';
import { ReaderBase } from '../reader-base.js';
import { FinicityBundleState, idText } from './bundle-state.js';
import { ReportInstitution } from './report-institution.js';
import { FINICITY_TRANSACTION_FIELDS } from './transaction-fields.js';

/**
 * A transaction's `accountId`, read from its captured text without parsing it (a JSON key cannot hide in a string),
 * however the key and a string id are spelled: an escaped key missed here would be an account nobody checked.
 */
const ACCOUNT_ID = new RegExp(`"${keyPattern('accountId')}"\\s*:\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?))`);

/** Root keys whose arrays hold one kind of bundle part each. */
const PART_ARRAYS = new Set(['accounts', 'transactions', 'customers', 'institutions']);

/**
 * One file of a Finicity bundle, whatever its kind: the kind shows in its root keys. Accounts,
 * customers and institutions go into the bundle's shared state (they are read first: the plan orders
 * the files by kind); transactions stream out in batches that carry which accounts are reversed.
 * The bundle's cross-file rules are checked when a transactions file ends.
 */
export class FinicityBundleReader extends ReaderBase {
  private readonly bundle: FinicityBundleState;
  private readonly rootFields: Record<string, unknown> = {};
  /** The first account the page's transactions name, and whether they name another (for its dailyBalances). */
  private pageAccount: string | null = null;
  private pageHasOtherAccounts = false;
  /** The report account whose rows are being read, when its amounts are turned around. */
  private reversedReportAccount: string | null = null;
  private dailyBalances: { raw: unknown; path: string; offset: number } | null = null;
  private institution: ReportInstitution | null = null;
  private isPart = false;
  private hasTransactions = false;
  private readonly pickedText = new ByteBuffer();

  constructor(file: string, scope: DocumentScope) {
    super(file, 'FINICITY_BUNDLE', FINICITY_TRANSACTION_FIELDS);
    this.bundle = scope.finicity ??= new FinicityBundleState();
  }

  enter(path: JsonPath, kind: ValueKind, offset: number): Visit {
    const key = path[0];
    if (path.length === 0) return this.descendInto('object', kind, path, offset);
    if (path.length === 1) return this.enterRootKey(key as string, kind, path, offset);
    if (key === 'institutions') return this.institutionVisit(path, kind, offset);
    return key === 'transactions' ? 'pick' : 'capture';
  }

  captured(path: JsonPath, text: string, offset: number): void {
    const key = path[0] as string;
    if (path.length === 1) this.rootValue(key, text, offset);
    else if (key === 'transactions') this.pageTransaction(text, path[1] as number, offset);
    else if (key === 'accounts') this.account(this.parse(text), null, formatPath(path), offset);
    else if (key === 'customers') this.customer(this.parse(text));
    else if (path.length === 6) this.reportTransaction(text, path, offset);
    else this.institution!.captured(path, text);
  }

  /** A transaction, of a page or of a report (picked: only the members the normalizer reads). */
  picked(path: JsonPath, transaction: PickedValue, offset: number): void {
    this.pickedText.clear();
    transaction.writeTo(this.pickedText);
    this.captured(path, this.pickedText.text(), offset);
  }

  left(path: JsonPath, offset: number): void {
    if (path.length === 0) this.finish(offset);
    if (path[0] !== 'institutions') return;
    if (path.length === 2) this.finishInstitution();
    else if (path.length === 4) this.institution!.left(path);
    else if (path.length === 5) this.transactions.flush(); // a batch holds one report account's rows
  }

  private enterRootKey(key: string, kind: ValueKind, path: JsonPath, offset: number): Visit {
    if (PART_ARRAYS.has(key)) {
      this.isPart = true;
      if (key === 'transactions') this.beginTransactions(null);
      return this.descendInto('array', kind, path, offset);
    }
    if (key === 'institution') this.isPart = true;
    // Scalars are kept: a bare customer object is all scalars, and a report names its customerId.
    return kind === 'object' || kind === 'array' ? (key === 'institution' || key === 'dailyBalances' ? 'capture' : 'skip') : 'capture';
  }

  private rootValue(key: string, text: string, offset: number): void {
    if (key === 'institution') this.institutionRecord(this.parse(text));
    else if (key === 'dailyBalances') this.dailyBalances = { raw: this.parse(text), path: 'dailyBalances', offset };
    else this.rootFields[key] = this.parse(text);
  }

  /** Where transactions begin: the context files are all read, so their references are checked now. */
  private beginTransactions(reportAccountId: string | null): void {
    this.hasTransactions = true;
    this.bundle.checkContext();
    this.reversedReportAccount = reportAccountId !== null && this.bundle.isReversed(reportAccountId) ? reportAccountId : null;
    this.transactions.finicity = { accountId: reportAccountId };
  }

  private pageTransaction(text: string, index: number, offset: number): void {
    const accountId = accountIdOf(text);
    if (accountId !== null) {
      if (this.pageAccount === null) this.pageAccount = accountId;
      else if (accountId !== this.pageAccount) this.pageHasOtherAccounts = true;
      this.bundle.noteTransactionAccount(accountId, () => `${this.file} transactions[${index}]`);
      if (this.bundle.isReversed(accountId)) this.transactions.noteReversed(accountId);
    }
    this.transactions.add(text, 'transactions', index, offset);
  }

  private reportTransaction(text: string, path: JsonPath, offset: number): void {
    if (this.reversedReportAccount !== null) this.transactions.noteReversed(this.reversedReportAccount);
    this.transactions.add(text, formatPath(path.slice(0, 5)), path[5] as number, offset);
  }

  /** `report`: the account is nested in a Transactions report's institution, whose id it takes. */
  private account(raw: unknown, report: { institutionId: string | null } | null, path: string, offset: number): void {
    const fields = objectOf(raw);
    const id = idText(fields['id']);
    const customerId = idText(fields['customerId']) ?? (report === null ? null : idText(this.rootFields['customerId']));
    const institutionId = report === null ? idText(fields['institutionId']) : report.institutionId;
    if (id !== null) {
      const type = typeof fields['type'] === 'string' ? fields['type'] : null;
      this.bundle.addAccount(id, { type, customerId, institutionId, fromReport: report !== null });
    }
    const context = { bankName: this.bundle.institutionName(institutionId), holderName: this.bundle.customerName(customerId), institutionId };
    this.emitRecord({ type: 'finicity-account', raw, context }, path, offset);
  }

  private customer(raw: unknown): void {
    const fields = objectOf(raw);
    const id = idText(fields['id']);
    if (id === null) return; // the normalizer is not involved: an id-less customer simply resolves nothing
    const name = [fields['firstName'], fields['lastName']].filter((part) => typeof part === 'string' && part.trim() !== '').join(' ');
    this.bundle.addCustomer(id, name === '' ? null : name);
  }

  private institutionRecord(raw: unknown): void {
    const fields = objectOf(raw);
    const id = idText(fields['id']);
    if (id !== null) this.bundle.addInstitution(id, typeof fields['name'] === 'string' ? fields['name'] : null);
  }

  private institutionVisit(path: JsonPath, kind: ValueKind, offset: number): Visit {
    if (path.length === 2) {
      this.institution = new ReportInstitution(formatPath(path));
      return this.descendInto('object', kind, path, offset);
    }
    const { visit, begins } = this.institution!.enter(path, kind, offset, (problem) => this.fail(path, offset, problem));
    if (begins !== null) {
      this.isPart = true;
      this.institutionRecord(this.institution!.fields); // the report's own institution: its accounts' references hold
      this.bundle.addAccount(begins.id, { type: begins.type, customerId: null, institutionId: begins.institutionId, fromReport: true });
      this.beginTransactions(begins.id);
    }
    return visit;
  }

  /** A report's (or a list's) institution has ended: it is known, and so are its accounts. */
  private finishInstitution(): void {
    const institution = this.institution!;
    this.institutionRecord(institution.fields);
    const report = { institutionId: idText(institution.fields['id']) };
    for (const account of institution.accounts) this.account(account.fields, report, account.path, account.offset);
    this.institution = null;
  }

  private finish(offset: number): void {
    this.transactions.flush();
    if (!this.isPart) this.bareCustomer(offset);
    this.finishDailyBalances();
    if (this.hasTransactions) this.bundle.rejectIfProblems(this.file);
  }

  /** A file with none of the parts' keys is one customer, as `GET /customers/{id}` returns it. */
  private bareCustomer(offset: number): void {
    if (idText(this.rootFields['id']) === null) {
      const keys = Object.keys(this.rootFields).slice(0, 8).join(', ');
      throw new DocumentRejected({ file: this.file, offset }, `not a part of a Finicity bundle: found ${keys === '' ? 'no known keys' : `keys ${keys}`}`);
    }
    this.customer(this.rootFields);
  }

  /** A page's `dailyBalances` name no account: they are the account's whose transactions the page holds. */
  private finishDailyBalances(): void {
    const balances = this.dailyBalances;
    if (balances === null) return;
    const only = this.pageAccount;
    if (only !== null && !this.pageHasOtherAccounts) {
      this.emitRecord({ type: 'finicity-daily-balances', raw: balances.raw, sourceAccountId: only }, balances.path, balances.offset);
      return;
    }
    const why = only === null ? 'the page holds no transaction to tie them to an account' : "the page's transactions belong to more than one account";
    this.emitRecord({ type: 'warning', message: `${this.file}: dailyBalances were not used: ${why}` }, balances.path, balances.offset);
  }
}

/**
 * The id a transaction's normalizer will read from its `accountId` (workers/fields.ts `requiredId`): a
 * string as JSON decodes it, an integer as its digits; null when it is neither.
 */
function accountIdOf(text: string): string | null {
  const match = ACCOUNT_ID.exec(text);
  if (match === null) return null;
  if (match[1] !== undefined) return match[1].includes('\\') ? (JSON.parse(`"${match[1]}"`) as string) : match[1];
  const number = Number(match[2]);
  return Number.isInteger(number) ? String(number) : null;
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
