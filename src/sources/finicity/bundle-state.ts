import { DocumentRejected } from '../../core/errors.js';
import { FINICITY_REVERSED_TYPES } from './account-types.js';

interface BundleAccount {
  readonly type: string | null;
  readonly customerId: string | null;
  readonly institutionId: string | null;
  /** Accounts nested in a Transactions report belong to their institution and need no customer. */
  readonly fromReport: boolean;
}

/** Unknown accountIds a rejection names one by one. */
const MAX_DANGLING_IDS = 20;

interface DanglingAccount {
  count: number;
  readonly firstAt: string;
}

/** A bundle's rejection: every problem found, each naming its rule and the id or file concerned. */
export function bundleRejection(file: string, problems: readonly string[], detail = ''): DocumentRejected {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new DocumentRejected({ file }, `Finicity bundle rejected (${count}): ${problems.join('; ')}${detail === '' ? '' : `. ${detail}`}`);
}

/** Finicity ids drift between strings and integers (`"5011648377"` vs `5011648377`): compared as text. */
export function idText(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

/**
 * Everything a Finicity bundle's files say about each other, gathered as they are read (customers,
 * institutions and accounts first: the plan orders the files by kind). The cross-file rules of
 * SPEC §2 are checked here, and every problem found is reported together.
 */
export class FinicityBundleState {
  private readonly customers = new Map<string, string | null>();
  private readonly institutions = new Map<string, string | null>();
  private readonly accounts = new Map<string, BundleAccount>();
  /** Unknown accountIds of transactions, at most MAX_DANGLING_IDS of them; transactions naming others are counted together. */
  private readonly dangling = new Map<string, DanglingAccount>();
  private otherDangling: DanglingAccount | null = null;
  private contextProblems: string[] | null = null;

  addCustomer(id: string, name: string | null): void {
    this.customers.set(id, name ?? this.customers.get(id) ?? null);
  }

  addInstitution(id: string, name: string | null): void {
    this.institutions.set(id, name ?? this.institutions.get(id) ?? null);
  }

  addAccount(id: string, account: BundleAccount): void {
    this.accounts.set(id, account);
  }

  customerName(id: string | null): string | null {
    return id === null ? null : (this.customers.get(id) ?? null);
  }

  institutionName(id: string | null): string | null {
    return id === null ? null : (this.institutions.get(id) ?? null);
  }

  hasAccount(id: string): boolean {
    return this.accounts.has(id);
  }

  isReversed(id: string): boolean {
    const type = this.accounts.get(id)?.type;
    return type !== undefined && type !== null && FINICITY_REVERSED_TYPES.has(type);
  }

  /**
   * A transaction names `accountId`; one the bundle does not hold is remembered (once per id, for the
   * first MAX_DANGLING_IDS ids: a page of a million rows each naming another unknown id must not hold them all).
   */
  noteTransactionAccount(accountId: string, at: () => string): void {
    if (this.accounts.has(accountId)) return;
    const seen = this.dangling.get(accountId);
    if (seen !== undefined) seen.count += 1;
    else if (this.dangling.size < MAX_DANGLING_IDS) this.dangling.set(accountId, { count: 1, firstAt: at() });
    else if (this.otherDangling === null) this.otherDangling = { count: 1, firstAt: at() };
    else this.otherDangling.count += 1;
  }

  /**
   * Called when the first transactions file begins, when every account, customer and institution
   * file has been read: the references between them are checked once.
   */
  checkContext(): void {
    if (this.contextProblems !== null) return;
    const problems: string[] = [];
    for (const [id, account] of this.accounts) {
      if (!account.fromReport) {
        if (account.customerId === null) problems.push(`Finicity Customer Not Found: account ${id} has no customerId`);
        else if (!this.customers.has(account.customerId)) {
          problems.push(`Finicity Customer Not Found: account ${id} refers to customerId ${account.customerId}, which no customers file contains`);
        }
      }
      if (account.institutionId === null) problems.push(`Finicity Institution Not Found: account ${id} has no institutionId`);
      else if (!this.institutions.has(account.institutionId)) {
        problems.push(`Finicity Institution Not Found: account ${id} refers to institutionId ${account.institutionId}, which no institutions file contains`);
      }
    }
    this.contextProblems = problems;
  }

  /** Rejects the bundle, at the end of a transactions file, if any problem has been found so far. */
  rejectIfProblems(file: string): void {
    const problems = [...(this.contextProblems ?? []), ...this.danglingProblems()];
    if (problems.length > 0) throw bundleRejection(file, problems);
  }

  private danglingProblems(): string[] {
    const problems = [...this.dangling].map(([id, { count, firstAt }]) => {
      const rows = count === 1 ? '1 transaction refers' : `${count} transactions refer`;
      return `Finicity Account Not Found: ${rows} to accountId ${id} (first at ${firstAt}), which no accounts file contains`;
    });
    const others = this.otherDangling;
    if (others !== null) {
      const rows = others.count === 1 ? '1 more transaction refers' : `${others.count} more transactions refer`;
      problems.push(`Finicity Account Not Found: ${rows} to other accountIds (first at ${others.firstAt}), which no accounts file contains`);
    }
    return problems;
  }
}
