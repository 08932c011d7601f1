import { formatPath, type JsonPath } from '../json/json-path.js';
import type { ValueKind, Visit } from '../json/scanner.js';
import { parseExact } from '../json/exact-numbers.js';
import { idText } from './bundle-state.js';

/** Depths inside `institutions[i].accounts[j].transactions[k]`. */
const enum Depth {
  InstitutionField = 3,
  Account = 4,
  AccountField = 5,
  Transaction = 6,
}

export interface PendingAccount {
  readonly fields: Record<string, unknown>;
  readonly path: string;
  readonly offset: number;
}

/** An account whose transactions begin: they are signed by its type, so both must come first. */
export interface BegunAccount {
  readonly id: string;
  readonly type: string | null;
  readonly institutionId: string | null;
}

/**
 * One element of `institutions[]`: an institution of a list, or one of a Finicity Transactions
 * report, whose accounts nest their transactions. Fields are kept (small); transactions are not:
 * the reader streams them as they come.
 */
export class ReportInstitution {
  readonly fields: Record<string, unknown> = {};
  readonly accounts: PendingAccount[] = [];
  private account: PendingAccount | null = null;

  constructor(readonly path: string) {}

  enter(path: JsonPath, kind: ValueKind, offset: number, fail: (problem: string) => never): { visit: Visit; begins: BegunAccount | null } {
    const key = path[path.length - 1];
    switch (path.length) {
      case Depth.InstitutionField:
        return { visit: key === 'accounts' ? expect('array', kind, fail) : 'capture', begins: null };
      case Depth.Account:
        this.account = { fields: {}, path: formatPath(path), offset };
        return { visit: expect('object', kind, fail), begins: null };
      case Depth.AccountField:
        if (key !== 'transactions') return { visit: 'capture', begins: null };
        return { visit: expect('array', kind, fail), begins: this.begin(fail) };
      default:
        return { visit: path.length === Depth.Transaction ? 'pick' : 'capture', begins: null };
    }
  }

  captured(path: JsonPath, text: string): void {
    const key = path[path.length - 1] as string;
    if (path.length === Depth.InstitutionField) this.fields[key] = parseExact(text);
    else if (path.length === Depth.AccountField) this.account!.fields[key] = parseExact(text);
  }

  left(path: JsonPath): void {
    if (path.length === Depth.Account) this.accounts.push(this.account!);
  }

  private begin(fail: (problem: string) => never): BegunAccount {
    const fields = this.account!.fields;
    const id = idText(fields['id']);
    if (id === null) fail('a Transactions report account needs its id before its transactions');
    if (typeof fields['type'] !== 'string') fail(`account ${id} needs its type before its transactions: their sign depends on it`);
    return { id, type: fields['type'], institutionId: idText(this.fields['id']) };
  }
}

function expect(expected: 'object' | 'array', kind: ValueKind, fail: (problem: string) => never): Visit {
  if (kind !== expected) fail(`expected ${expected === 'array' ? 'an array' : 'an object'}, found ${kind === 'object' || kind === 'array' ? 'an' : 'a'} ${kind}`);
  return 'descend';
}
