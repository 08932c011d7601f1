/** Days apart at most for a withdrawal and a deposit to pair (SPEC §4a). */
export const PAIR_DAYS = 3;

/** Day offsets from a withdrawal in the order its deposit is chosen: nearest in days first, then the earlier. */
const OFFSETS = [0, -1, 1, -2, 2, -3, 3];

/** A posted row of the book, with what pairing compares. */
export interface InterbankRow {
  readonly pk: number;
  readonly accountPk: number;
  /** The aggregator's ids, compared code unit by code unit (JavaScript's `<`). */
  readonly accountId: string;
  readonly txnId: string;
  /** A day number: differences are days apart. */
  readonly day: number;
  readonly deposit: boolean;
}

/**
 * Pairs the transfers between a book's accounts (SPEC §4a), streaming. Rows come grouped by size
 * (|amount|: only a withdrawal and a deposit of one size can pair, so sizes never compete), each group in
 * day order, with `endGroup()` between groups. Within a group, withdrawals are taken in order of (date,
 * source account id, source txn id), each taking among the unpaired deposits of another account at most 3
 * days away the nearest in days, then the earliest, then the least (source account id, source txn id).
 *
 * A withdrawal is settled once every row up to 3 days after it has arrived, and a day of deposits is
 * dropped once no withdrawal can reach it: only about a week of one size's rows is held.
 */
export class InterbankPairer {
  private readonly withdrawals = new Map<number, InterbankRow[]>();
  private readonly deposits = new Map<number, DayDeposits>();

  constructor(private readonly onPair: (withdrawal: InterbankRow, deposit: InterbankRow) => void) {}

  add(row: InterbankRow): void {
    this.settleBefore(row.day - PAIR_DAYS);
    if (row.deposit) {
      let day = this.deposits.get(row.day);
      if (day === undefined) this.deposits.set(row.day, (day = new DayDeposits()));
      day.add(row); // rows come in day order: no withdrawal has taken from this day yet
    } else {
      const day = this.withdrawals.get(row.day);
      if (day === undefined) this.withdrawals.set(row.day, [row]);
      else day.push(row);
    }
  }

  /** The size changes: settle what is left and forget the group. */
  endGroup(): void {
    this.settleBefore(Infinity);
    this.deposits.clear();
  }

  /** Settles the withdrawals of every day before `day` (every row they can pair with has arrived), in day order. */
  private settleBefore(day: number): void {
    const due = [...this.withdrawals.keys()].filter((withdrawalDay) => withdrawalDay < day).sort((a, b) => a - b);
    for (const withdrawalDay of due) {
      for (const withdrawal of this.withdrawals.get(withdrawalDay)!.sort(byIds)) this.pair(withdrawal);
      this.withdrawals.delete(withdrawalDay);
    }
    // No withdrawal still to settle is dated before the first pending day (or, with none pending, before `day`).
    const reach = Math.min(day, ...this.withdrawals.keys()) - PAIR_DAYS;
    for (const depositDay of this.deposits.keys()) if (depositDay < reach) this.deposits.delete(depositDay);
  }

  private pair(withdrawal: InterbankRow): void {
    for (const offset of OFFSETS) {
      const deposit = this.deposits.get(withdrawal.day + offset)?.take(withdrawal.accountPk);
      if (deposit !== undefined) {
        this.onPair(withdrawal, deposit);
        return;
      }
    }
  }
}

function byIds(a: InterbankRow, b: InterbankRow): number {
  if (a.accountId !== b.accountId) return a.accountId < b.accountId ? -1 : 1;
  if (a.txnId !== b.txnId) return a.txnId < b.txnId ? -1 : 1;
  return a.accountPk - b.accountPk; // one id in two sources, the same txn id too: any fixed order
}

/**
 * One day's deposits of one size, in id order, handing out the least unpaired one not in a given account.
 * `nextFree` skips paired rows (with path halving), and the rows of one source account id are contiguous,
 * so a take jumps over the withdrawal's own account in one step: a day of thousands of equal deposits
 * costs no scan per withdrawal. Only when two accounts share an id (one in each source) are that id's rows
 * walked one by one.
 */
class DayDeposits {
  private readonly rows: InterbankRow[] = [];
  private nextFree: Int32Array | null = null;
  /** Per row, where the rows of its source account id end, and whether more than one account has that id. */
  private blockEnd: Int32Array | null = null;
  private sharedId: Uint8Array | null = null;

  add(row: InterbankRow): void {
    this.rows.push(row);
    this.nextFree = null;
  }

  take(accountPk: number): InterbankRow | undefined {
    if (this.nextFree === null) this.index();
    let at = this.find(0);
    while (at < this.rows.length && this.rows[at]!.accountPk === accountPk) {
      at = this.find(this.sharedId![at] === 1 ? at + 1 : this.blockEnd![at]!);
    }
    if (at >= this.rows.length) return undefined;
    this.nextFree![at] = at + 1;
    return this.rows[at];
  }

  private index(): void {
    this.rows.sort(byIds);
    const count = this.rows.length;
    this.nextFree = Int32Array.from({ length: count + 1 }, (_, at) => at);
    this.blockEnd = new Int32Array(count);
    this.sharedId = new Uint8Array(count);
    for (let at = count - 1; at >= 0; at -= 1) {
      const [row, next] = [this.rows[at]!, this.rows[at + 1]];
      const sameId = next !== undefined && next.accountId === row.accountId;
      this.blockEnd[at] = sameId ? this.blockEnd[at + 1]! : at + 1;
      this.sharedId[at] = sameId && (this.sharedId[at + 1] === 1 || next.accountPk !== row.accountPk) ? 1 : 0;
    }
    // A block's first row learned last whether the block is shared: spread it to every row of the block.
    for (let at = 1; at < count; at += 1) {
      if (this.rows[at]!.accountId === this.rows[at - 1]!.accountId) this.sharedId[at] = this.sharedId[at - 1]!;
    }
  }

  private find(at: number): number {
    const next = this.nextFree!;
    while (next[at] !== at) {
      next[at] = next[next[at]!]!;
      at = next[at]!;
    }
    return at;
  }
}
