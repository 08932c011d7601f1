import { DocumentRejected } from '../../core/errors.js';
import { misfiled } from '../source-events.js';

interface Seen {
  readonly accountId: unknown;
  readonly path: string;
  readonly offset: number;
}

/**
 * An Asset Report row belongs to the account it is listed under. Plaid writes an account's `account_id` before
 * its transactions, and then the batches carry it and the normalizer checks every row. JSON leaves the order of
 * members free, though: when the id comes after the transactions, this reads each row's `account_id` as the row
 * passes (two of them are kept: the first, and the first that differs from it) and checks them when the account ends.
 */
export class LateAccountCheck {
  private first: Seen | null = null;
  private differing: Seen | null = null;

  constructor(private readonly file: string) {}

  /** A picked row's JSON text, at `path` (its transactions[k]). */
  note(text: string, path: string, offset: number): void {
    const accountId = (JSON.parse(text) as { account_id?: unknown }).account_id;
    const seen = { accountId, path: `${path}.account_id`, offset };
    if (this.first === null) this.first = seen;
    else if (this.differing === null && accountId !== this.first.accountId) this.differing = seen;
  }

  /** The account has ended with this `account_id`: every row read must carry it. */
  check(accountId: unknown): void {
    if (typeof accountId !== 'string') return; // the account itself fails to normalize, with its path
    for (const seen of [this.first, this.differing]) {
      if (seen === null || seen.accountId === accountId || typeof seen.accountId !== 'string') continue;
      throw new DocumentRejected({ file: this.file, offset: seen.offset, path: seen.path }, misfiled(seen.accountId, accountId));
    }
  }
}
