import type { PickedValue } from '../json/capture-edits.js';
import { formatPath, type JsonPath } from '../json/json-path.js';
import type { ValueKind, Visit } from '../json/scanner.js';
import { ReaderBase } from '../reader-base.js';
import { PLAID_TRANSACTION_FIELDS } from './transaction-fields.js';

/**
 * Plaid `/transactions/get` (and the FinGoal LinkMoney clone): `{accounts, transactions, item, …}`.
 * Transactions stream out in batches, and each account as soon as it is read, so no account is held.
 * The institution's name is in `item`, which Plaid writes after `accounts`: accounts read before it
 * go out marked `institutionFollows`, and the item (or, if the file has none, an empty one at its
 * end) follows them as a `plaid-institution` record. Their `balances.current` holds as of the
 * document's newest transaction date, which only the whole document knows (SPEC §2): deferred to the writer.
 */
export class PlaidTransactionsReader extends ReaderBase {
  private item: Record<string, unknown> | null = null;
  private institutionOwed = false;

  constructor(file: string) {
    super(file, 'PLAID_TRANSACTIONS', PLAID_TRANSACTION_FIELDS);
  }

  enter(path: JsonPath, kind: ValueKind, offset: number): Visit {
    if (path.length === 0) return this.descendInto('object', kind, path, offset);
    if (path.length === 1) {
      const key = path[0];
      if (key === 'accounts' || key === 'transactions') return this.descendInto('array', kind, path, offset);
      return key === 'item' ? 'capture' : 'skip';
    }
    return path[0] === 'transactions' ? 'pick' : 'capture';
  }

  captured(path: JsonPath, text: string, offset: number): void {
    const key = path[0];
    if (key === 'item') {
      this.item = objectOrEmpty(this.parse(text));
      this.payInstitution('item', offset);
    } else if (key === 'accounts') this.account(this.parse(text), formatPath(path), offset);
  }

  picked(path: JsonPath, transaction: PickedValue, offset: number): void {
    this.transactions.addPicked(transaction, 'transactions', path[1] as number, offset);
  }

  left(path: JsonPath, offset: number): void {
    if (path.length !== 0) return;
    this.transactions.flush();
    this.item ??= {}; // a file without an item names no institution: what the accounts had stays
    this.payInstitution('item', offset);
  }

  private account(raw: unknown, path: string, offset: number): void {
    const item = this.item ?? {};
    const institutionFollows = this.item === null;
    this.institutionOwed ||= institutionFollows;
    const context = { ...institutionOf(item), institutionFollows, balanceAsOf: 'deferred' as const };
    this.emitRecord({ type: 'plaid-account', raw, context }, path, offset);
  }

  /** The institution, for the accounts that went out before the item was read. */
  private payInstitution(path: string, offset: number): void {
    if (!this.institutionOwed) return;
    this.institutionOwed = false;
    this.emitRecord({ type: 'plaid-institution', ...institutionOf(this.item ?? {}) }, path, offset);
  }
}

function institutionOf(item: Record<string, unknown>): { bankName: string | null; institutionId: string | null } {
  return { bankName: textOrNull(item['institution_name']), institutionId: textOrNull(item['institution_id']) };
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
