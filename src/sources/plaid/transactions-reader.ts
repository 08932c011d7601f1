import type { PickedValue } from '../json/capture-edits.js';
import { formatPath, type JsonPath } from '../json/json-path.js';
import type { ValueKind, Visit } from '../json/scanner.js';
import { ReaderBase } from '../reader-base.js';
import { PLAID_TRANSACTION_FIELDS } from './transaction-fields.js';

/**
 * Plaid `/transactions/get` (and the FinGoal LinkMoney clone): `{accounts, transactions, item, …}`.
 * Transactions stream out in batches; accounts are held until the file ends because the
 * institution's name is in `item`, which may come last. Their `balances.current` holds as of the
 * document's newest transaction date, which only the whole document knows (SPEC §2).
 */
export class PlaidTransactionsReader extends ReaderBase {
  private item: Record<string, unknown> = {};
  private readonly accounts: Array<{ raw: unknown; path: string; offset: number }> = [];

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
    const [key, index] = path;
    if (key === 'item') this.item = objectOrEmpty(this.parse(text));
    else if (key === 'accounts') this.accounts.push({ raw: this.parse(text), path: formatPath(path), offset });
  }

  picked(path: JsonPath, transaction: PickedValue, offset: number): void {
    this.transactions.addPicked(transaction, 'transactions', path[1] as number, offset);
  }

  left(path: JsonPath): void {
    if (path.length !== 0) return;
    this.transactions.flush();
    const context = {
      bankName: textOrNull(this.item['institution_name']),
      institutionId: textOrNull(this.item['institution_id']),
      balanceAsOf: 'latest-transaction' as const,
    };
    for (const account of this.accounts) this.emitRecord({ type: 'plaid-account', raw: account.raw, context }, account.path, account.offset);
  }
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
